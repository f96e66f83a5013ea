// The embedded demo beyond the catalogue: academies and establishments with an open campaign, one
// account per role, and orders in every state, so a new user can try every journey at once.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { seedDemoAccounts, type DemoAccount } from './accounts.js';
import { seedDemoFunding } from './funding.js';
import { seedDemoNotices } from './notices.js';
import { seedDemoReviews } from './reviews.js';
import { seedInfomediationCommunity } from './infomediation-community.js';
import { loadConfig } from '../config.js';
import { pickDemoOffers, seedDemoCampaignOrders, seedDemoOrders } from './orders.js';
import { AppError } from '../shared/errors.js';
import type { Actor } from '../modules/accounts/actor.js';
import { DEMO_PASSWORD } from '../modules/accounts/password-rules.js';

/** Password of every demo account (the README lists the accounts); a production service refuses it. */
export { DEMO_PASSWORD };

async function userIdByEmail(db: Kysely<Database>, email: string): Promise<number> {
  const user = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  return user.id;
}

/**
 * Seeds funding, accounts and orders once; returns the demo accounts, or undefined if already there.
 * Never in production: every demo account, national administration included, has a published password.
 */
export async function seedDemoWorkspace(
  db: Kysely<Database>,
  options: { production?: boolean } = {},
): Promise<DemoAccount[] | undefined> {
  if (options.production) {
    throw new AppError(
      'FORBIDDEN',
      'The demo workspace is never created with NODE_ENV=production: its accounts share a published password.',
    );
  }
  const existing = await db.selectFrom('campaigns').select('id').limit(1).executeTakeFirst();
  if (existing) return undefined;
  const funding = await seedDemoFunding(db);
  // The publisher account belongs to the producer whose offer the demo orders use, so it has orders.
  const { first } = await pickDemoOffers(db);
  const fallbackProducer = await db
    .selectFrom('producers')
    .select('id')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const accounts = await seedDemoAccounts(db, {
    establishmentId: funding.establishmentId,
    academyId: funding.academyId,
    producerId: first?.producer_id ?? fallbackProducer.id,
    password: DEMO_PASSWORD,
  });
  const emailOf = (role: DemoAccount['role']) => accounts.find((account) => account.role === role)!.email;
  const headUserId = await userIdByEmail(db, emailOf('head'));
  await seedDemoOrders(db, {
    heads: [{ establishmentId: funding.establishmentId, userId: headUserId }],
    publisherUserId: await userIdByEmail(db, emailOf('publisher')),
  });
  // The rest of the country's orders, February to July, so the dashboards show a whole campaign.
  await seedDemoCampaignOrders(db, {
    campaignId: funding.campaignId,
    placedBy: headUserId,
    excluded: [funding.establishmentId],
  });
  // Notices in every state of the validation workflow, from the demo publisher, decided by the expert.
  const producerId = first?.producer_id ?? fallbackProducer.id;
  const nationalActor = (userId: number, role: 'expert' | 'publisher'): Actor => ({
    userId,
    email: emailOf(role),
    displayName: role,
    grants: [
      { role, establishmentId: null, academyId: null, producerId: role === 'publisher' ? producerId : null },
    ],
    csrfToken: '',
  });
  await seedDemoNotices(db, {
    publisher: nationalActor(await userIdByEmail(db, emailOf('publisher')), 'publisher'),
    expert: nationalActor(await userIdByEmail(db, emailOf('expert')), 'expert'),
    producerId,
  });
  // Reviews, a flagged one, appraisals, a RIP label and a right of reply (src/demo/reviews.ts).
  await seedDemoReviews(db, {
    emails: Object.fromEntries(accounts.map((account) => [account.role, account.email])),
    establishmentId: funding.establishmentId,
  });
  // Scenarios (one adapted from another), teachers' resources, votes on proposals.
  await seedInfomediationCommunity(db, {
    emails: {
      teacher: emailOf('teacher'),
      referent: emailOf('digital-referent'),
      librarian: emailOf('librarian'),
      head: emailOf('head'),
      expert: emailOf('expert'),
    },
    uai: (
      await db
        .selectFrom('establishments')
        .select('uai')
        .where('id', '=', funding.establishmentId)
        .executeTakeFirstOrThrow()
    ).uai,
    publicUrl: loadConfig().PUBLIC_URL,
  });
  return accounts;
}

/** Empties everything the demo workspace wrote (seed --reset), before the catalogue is replaced. */
export async function clearDemoWorkspace(db: Kysely<Database>): Promise<void> {
  await sql`TRUNCATE proposal_votes, scenario_steps, scenarios, teacher_resources, notice_decisions, notice_versions, notices, audit_log, email_outbox, notifications, subscriptions, order_top_ups, order_lines,
    ledger_entries, orders, cart_lines, proposals, pool_members, drawing_rights, campaign_academies, campaigns,
    sign_in_attempts, auth_tokens, sessions, role_assignments, users, establishments, departments, academies
    RESTART IDENTITY CASCADE`.execute(db);
}
