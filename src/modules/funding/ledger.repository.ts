// The ledger: every movement of a drawing right is one appended entry, written in the same
// transaction as the balance it changes. The balance update is conditional (balance + amount >= 0),
// so concurrent debits on PostgreSQL serialize on the row and none can overdraw; the table's CHECK
// backs that up. Callers pass their transaction: the entry and the business change commit together.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, LedgerKind } from '../../db/schema.js';

export interface LedgerEntryInput {
  drawingRightId: number;
  kind: LedgerKind;
  /** Signed cents: credits positive, debits negative. */
  amountCents: number;
  orderId?: number | null;
  funder?: 'establishment' | 'local-authority' | 'academy' | null;
  reference?: string | null;
  reason?: string | null;
  actorUserId?: number | null;
}

export type PostResult =
  { posted: true; balanceAfterCents: number; entryId: number } | { posted: false; balanceCents: number };

/**
 * Appends one entry if the balance allows it. Returns posted: false (and the current balance) when a
 * debit would overdraw; nothing is written then.
 */
export async function postLedgerEntry(
  trx: Transaction<Database>,
  entry: LedgerEntryInput,
): Promise<PostResult> {
  if (!Number.isSafeInteger(entry.amountCents)) throw new Error('Ledger amounts are whole cents');
  // One statement: the row lock on the drawing right is held for a single round trip.
  const posted = await sql<{ id: number; balance_after_cents: number }>`
    WITH updated AS (
      UPDATE drawing_rights SET balance_cents = balance_cents + ${entry.amountCents}::bigint
      WHERE id = ${entry.drawingRightId}::integer AND balance_cents + ${entry.amountCents}::bigint >= 0
      RETURNING balance_cents
    )
    INSERT INTO ledger_entries (drawing_right_id, kind, amount_cents, balance_after_cents, order_id, funder,
                                reference, reason, actor_user_id)
    SELECT ${entry.drawingRightId}::integer, ${entry.kind}::text, ${entry.amountCents}::bigint, balance_cents,
           ${entry.orderId ?? null}::integer, ${entry.funder ?? null}::text, ${entry.reference ?? null}::text,
           ${entry.reason ?? null}::text, ${entry.actorUserId ?? null}::integer
    FROM updated
    RETURNING id, balance_after_cents`.execute(trx);
  const row = posted.rows[0];
  if (!row) {
    const current = await trx
      .selectFrom('drawing_rights')
      .select('balance_cents')
      .where('id', '=', entry.drawingRightId)
      .executeTakeFirstOrThrow();
    return { posted: false, balanceCents: Number(current.balance_cents) };
  }
  return { posted: true, balanceAfterCents: Number(row.balance_after_cents), entryId: Number(row.id) };
}

/** The balance recomputed from the ledger alone: must always equal drawing_rights.balance_cents. */
export async function ledgerBalance(
  trx: Transaction<Database> | Kysely<Database>,
  drawingRightId: number,
): Promise<number> {
  const row = await trx
    .selectFrom('ledger_entries')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_cents'), sql<number>`0`).as('sum'))
    .where('drawing_right_id', '=', drawingRightId)
    .executeTakeFirstOrThrow();
  return Number(row.sum);
}

/** Per kind totals of a drawing right: allocation, top-ups, spent, credits… for the balance API. */
export async function ledgerTotalsByKind(
  db: Kysely<Database>,
  drawingRightId: number,
): Promise<Map<LedgerKind, number>> {
  const rows = await db
    .selectFrom('ledger_entries')
    .select(['kind', (eb) => eb.fn.sum<number>('amount_cents').as('sum')])
    .where('drawing_right_id', '=', drawingRightId)
    .groupBy('kind')
    .execute();
  return new Map(rows.map((row) => [row.kind, Number(row.sum)]));
}

/** Net order flows of a drawing right (debits and their credits), split by delivered or not. */
export async function orderFlowTotals(db: Kysely<Database>, drawingRightId: number) {
  return db
    .selectFrom('ledger_entries as le')
    .innerJoin('orders as o', 'o.id', 'le.order_id')
    .select([
      sql<number>`coalesce(sum(le.amount_cents) filter (where o.status = 'delivered'), 0)`.as('delivered'),
      sql<number>`coalesce(sum(le.amount_cents) filter (where o.status <> 'delivered'), 0)`.as('pending'),
    ])
    .where('le.drawing_right_id', '=', drawingRightId)
    .where('le.kind', 'in', ['order-debit', 'cancellation-credit', 'rejection-credit'])
    .executeTakeFirstOrThrow();
}

/** The entries of a drawing right, newest first, with who made each (the drawing-right page's history). */
export async function listLedgerEntries(db: Kysely<Database>, drawingRightId: number, limit = 500) {
  return db
    .selectFrom('ledger_entries as le')
    .leftJoin('users as u', 'u.id', 'le.actor_user_id')
    .select([
      'le.id',
      'le.kind',
      'le.amount_cents',
      'le.balance_after_cents',
      'le.order_id',
      'le.funder',
      'le.reference',
      'le.reason',
      'le.created_at',
      'u.display_name as actor_name',
    ])
    .where('le.drawing_right_id', '=', drawingRightId)
    .orderBy('le.id', 'desc')
    .limit(limit)
    .execute();
}
