// The funding demo seed: set-based, deterministic, valid UAIs, 2012 rules, one pool, idempotent.
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allocationFor, defaultRules } from '../../src/modules/funding/campaign-rules.js';
import { DEMO_POOL_NAME, seedDemoFunding } from '../../src/demo/funding.js';
import { ledgerBalance } from '../../src/modules/funding/ledger.repository.js';
import { isValidUai } from '../../src/modules/funding/uai.js';
import { createTestDatabase } from '../support/database.js';
import type { DatabaseHandle } from '../../src/db/database.js';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

describe('seedDemoFunding', () => {
  it('seeds about 2,000 establishments and an open campaign with 2012 allocations, in batches', async () => {
    const db = handle.db;
    // What keeps the seed quick is its statement count, which, unlike seconds, no machine load moves:
    // establishments go in batches and each drawing right costs about one statement (its allocation,
    // ~2,350 in all today). A statement per establishment row, or several per right, would pass 1.5 per
    // establishment. Counted by a plugin that sees every statement, raw SQL included.
    let statements = 0;
    const counter: KyselyPlugin = {
      transformQuery: (args) => {
        statements += 1;
        return args.node;
      },
      transformResult: (args) => Promise.resolve(args.result),
    };
    const demo = await seedDemoFunding(db.withPlugin(counter));
    console.log(`seedDemoFunding: ${statements} statements for ${demo.establishments} establishments`);
    expect(statements).toBeLessThan(demo.establishments * 1.5);
    expect(demo.establishments).toBe(2001);
    expect((await db.selectFrom('academies').select('id').execute()).length).toBe(30);
    const uais = await db
      .selectFrom('establishments')
      .select(['uai', 'type', 'sector', 'pupils', 'id'])
      .execute();
    expect(uais.every((row) => isValidUai(row.uai))).toBe(true);
    const campaign = await db
      .selectFrom('campaigns')
      .selectAll()
      .where('id', '=', demo.campaignId)
      .executeTakeFirstOrThrow();
    expect(campaign.status).toBe('open');
    const shares = await db
      .selectFrom('campaign_academies')
      .select('share_cents')
      .where('campaign_id', '=', demo.campaignId)
      .execute();
    expect(shares.reduce((sum, s) => sum + Number(s.share_cents), 0)).toBe(Number(campaign.envelope_cents));
    // Every own right holds exactly its 2012 rule amount.
    const rights = await db
      .selectFrom('drawing_rights')
      .select(['id', 'establishment_id', 'pool_name', 'balance_cents'])
      .where('campaign_id', '=', demo.campaignId)
      .execute();
    const byId = new Map(uais.map((e) => [e.id, e]));
    for (const right of rights.filter((r) => r.establishment_id !== null)) {
      const e = byId.get(right.establishment_id!)!;
      expect(Number(right.balance_cents)).toBe(allocationFor(defaultRules(), e as never).amountCents);
    }
    const pools = rights.filter((r) => r.pool_name === DEMO_POOL_NAME);
    expect(pools).toHaveLength(1);
    expect(await ledgerBalance(db, pools[0]!.id)).toBe(Number(pools[0]!.balance_cents));
    const demoRight = rights.find((r) => r.establishment_id === demo.establishmentId);
    expect(Number(demoRight?.balance_cents)).toBe(150_000);
    expect(demo.headEmail).toBe(`ce.${demo.establishmentUai.toLowerCase()}@ac-aix-marseille.fr`);
    // Idempotent.
    expect(await seedDemoFunding(db)).toEqual(demo);
  });
});
