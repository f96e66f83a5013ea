// Co-funded orders give the co-funder its money back: when cancellations or rejections leave less of
// an order than its top-up still covers, the excess goes back to the funder as a 'top-up-refund'
// ledger entry, never to the state drawing right. order_top_ups.refunded_cents records what was given
// back, so the top-up still held is amount − refunded and no refund is ever made twice.
import { sql, type Kysely } from 'kysely';

const kindsBefore = `'allocate', 'adjust', 'top-up', 'order-debit', 'cancellation-credit', 'rejection-credit',
  'close', 'remainder-return', 'reallocation'`;

export async function up(db: Kysely<unknown>): Promise<void> {
  // The column CHECK of 2026-11-22T2300-funding-orders got PostgreSQL's default name.
  await sql`ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_kind_check`.execute(db);
  await sql`
    ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_kind_check
    CHECK (kind IN (${sql.raw(kindsBefore)}, 'top-up-refund'))`.execute(db);
  await sql`ALTER TABLE order_top_ups ADD COLUMN refunded_cents bigint NOT NULL DEFAULT 0`.execute(db);
  await sql`
    ALTER TABLE order_top_ups ADD CONSTRAINT order_top_ups_refunded_cents_check
    CHECK (refunded_cents >= 0 AND refunded_cents <= amount_cents)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE order_top_ups DROP COLUMN IF EXISTS refunded_cents`.execute(db);
  await sql`ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_kind_check`.execute(db);
  await sql`
    ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_kind_check
    CHECK (kind IN (${sql.raw(kindsBefore)}))`.execute(db);
}
