// Campaigns: createCampaign writes the row as the funding module would (open by default), for tests of
// other modules; draftSplitCampaign and publishFor go through the funding use cases, for funding tests.
import type { Kysely } from 'kysely';
import type { Database } from '../../../src/db/schema.js';
import type { Actor } from '../../../src/modules/accounts/actor.js';
import { setBeneficiaries } from '../../../src/modules/funding/allocation.service.js';
import { publishAllocations } from '../../../src/modules/funding/publication.service.js';
import { defaultRules } from '../../../src/modules/funding/campaign-rules.js';
import {
  commitSplit,
  createCampaign as createCampaignThroughUseCase,
} from '../../../src/modules/funding/campaign.service.js';
import { unique } from './unique.js';

type Db = Kysely<Database>;

/** A campaign row (open, deadline in 2099, the 2012 rules) as the funding module writes it. */
export async function createCampaign(
  db: Db,
  values: {
    status?: 'draft' | 'open' | 'closed' | 'settled';
    deadline?: string;
    allowCoFunding?: boolean;
  } = {},
): Promise<{ id: number; name: string }> {
  const name = `Plan test ${unique()}`;
  const row = await db
    .insertInto('campaigns')
    .values({
      name,
      status: values.status ?? 'open',
      envelope_cents: 100_000_000,
      // The rules exactly as the funding module writes them.
      rules: JSON.stringify(defaultRules({ coFundingAllowed: values.allowCoFunding ?? false })),
      ordering_deadline: values.deadline ?? '2099-07-10',
      remainder_policy: 'return-to-academy',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, name };
}

/** A draft campaign over the given academies, split 50/50, with a deadline in the future. */
export async function draftSplitCampaign(
  db: Db,
  admin: Actor,
  academyIds: number[],
  overrides: Record<string, unknown> = {},
): Promise<number> {
  const campaign = await createCampaignThroughUseCase(db, admin, {
    name: 'Plan 2026, phase 1',
    envelopeEuros: '100 000',
    academyIds,
    orderingDeadline: '2099-07-10',
    remainderPolicy: 'return-to-academy',
    ...overrides,
  });
  await commitSplit(db, admin, campaign.id, { establishments: 50, pupils: 50 });
  return campaign.id;
}

/** Publishes the given beneficiaries of one academy: returns the campaign id. */
export async function publishFor(
  db: Db,
  admin: Actor,
  staff: Actor,
  academyId: number,
  establishmentIds: number[],
  overrides: Record<string, unknown> = {},
): Promise<number> {
  const campaignId = await draftSplitCampaign(db, admin, [academyId], overrides);
  await setBeneficiaries(db, staff, campaignId, academyId, establishmentIds);
  await publishAllocations(db, staff, campaignId, academyId);
  return campaignId;
}
