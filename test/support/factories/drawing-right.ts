// Drawing rights, allocated through the ledger so balance and ledger agree from the start.
import type { Kysely } from 'kysely';
import type { Database } from '../../../src/db/schema.js';
import { postLedgerEntry } from '../../../src/modules/funding/ledger.repository.js';

type Db = Kysely<Database>;

/** A drawing right allocated through the ledger (one 'allocate' entry). */
export async function createDrawingRight(
  db: Db,
  values: {
    campaignId: number;
    academyId: number;
    establishmentId?: number;
    poolName?: string;
    allocationCents: number;
  },
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const right = await trx
      .insertInto('drawing_rights')
      .values({
        campaign_id: values.campaignId,
        academy_id: values.academyId,
        establishment_id: values.establishmentId ?? null,
        pool_name: values.poolName ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (values.allocationCents > 0) {
      await postLedgerEntry(trx, {
        drawingRightId: right.id,
        kind: 'allocate',
        amountCents: values.allocationCents,
      });
    }
    return right.id;
  });
}

export async function balanceOf(db: Db, drawingRightId: number): Promise<number> {
  const row = await db
    .selectFrom('drawing_rights')
    .select('balance_cents')
    .where('id', '=', drawingRightId)
    .executeTakeFirstOrThrow();
  return Number(row.balance_cents);
}
