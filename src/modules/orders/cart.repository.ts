// Queries of proposals and the cart (orders module). No rules here; every function takes the handle
// first (db or trx), so the same query runs inside a use case's transaction.
import { sql } from 'kysely';
import type { Db } from './orders.repository.js';

export async function findResourceTitle(db: Db, id: number) {
  return db.selectFrom('resources').select(['id', 'title']).where('id', '=', id).executeTakeFirst();
}

/** Records a proposal once per person and resource: undefined when it was already there. */
export async function insertProposal(
  trx: Db,
  values: { establishmentId: number; resourceId: number; proposedBy: number; note: string },
) {
  return trx
    .insertInto('proposals')
    .values({
      establishment_id: values.establishmentId,
      resource_id: values.resourceId,
      proposed_by: values.proposedBy,
      note: values.note,
    })
    .onConflict((oc) => oc.columns(['establishment_id', 'resource_id', 'proposed_by']).doNothing())
    .returning('id')
    .executeTakeFirst();
}

/** The establishment's proposals with their resource and proposer, newest first. */
export async function listProposalRows(db: Db, establishmentId: number) {
  return db
    .selectFrom('proposals as p')
    .innerJoin('resources as r', 'r.id', 'p.resource_id')
    .innerJoin('users as u', 'u.id', 'p.proposed_by')
    .select(['r.id', 'r.title', 'u.display_name', 'p.note', 'p.created_at'])
    .where('p.establishment_id', '=', establishmentId)
    .orderBy('p.created_at', 'desc')
    .limit(200)
    .execute();
}

/** Paid offers valid on `today` that cover these resources, cheapest first. */
export async function findPaidOffersOfResources(db: Db, resourceIds: readonly number[], today: string) {
  return db
    .selectFrom('offers as o')
    .innerJoin('offer_resources as link', 'link.offer_id', 'o.id')
    .select([
      'link.resource_id',
      'o.id',
      'o.label',
      'o.price_cents',
      'o.licence_kind',
      'o.seats',
      'o.duration_months',
    ])
    .where('link.resource_id', 'in', resourceIds)
    .where('o.valid_from', '<=', today)
    .where((eb) => eb.or([eb('o.valid_until', 'is', null), eb('o.valid_until', '>=', today)]))
    .where('o.price_cents', '>', 0)
    .orderBy('o.price_cents')
    .execute();
}

/** The cart's lines with their offers as they are now. */
export async function listCartLines(db: Db, establishmentId: number) {
  return db
    .selectFrom('cart_lines as c')
    .innerJoin('offers as o', 'o.id', 'c.offer_id')
    .select([
      'c.id',
      'c.offer_id',
      'c.seats',
      'c.quantity',
      'c.price_cents_when_added',
      'o.label',
      'o.licence_kind',
      'o.price_cents',
      'o.valid_from',
      'o.valid_until',
    ])
    .where('c.establishment_id', '=', establishmentId)
    .orderBy('c.id')
    .execute();
}

/** Adds the line, or replaces the establishment's line of the same offer. */
export async function upsertCartLine(
  db: Db,
  line: {
    establishmentId: number;
    offerId: number;
    seats: number;
    quantity: number;
    priceCents: number;
    addedBy: number;
  },
) {
  await db
    .insertInto('cart_lines')
    .values({
      establishment_id: line.establishmentId,
      offer_id: line.offerId,
      seats: line.seats,
      quantity: line.quantity,
      price_cents_when_added: line.priceCents,
      added_by: line.addedBy,
    })
    .onConflict((oc) =>
      oc.columns(['establishment_id', 'offer_id']).doUpdateSet({
        seats: line.seats,
        quantity: line.quantity,
        price_cents_when_added: line.priceCents,
        added_by: line.addedBy,
        added_at: sql`now()`,
      }),
    )
    .execute();
}

/** Removes one line of the establishment's cart: false when it was not there. */
export async function deleteCartLine(db: Db, establishmentId: number, lineId: number): Promise<boolean> {
  const deleted = await db
    .deleteFrom('cart_lines')
    .where('id', '=', lineId)
    .where('establishment_id', '=', establishmentId)
    .executeTakeFirst();
  return Number(deleted.numDeletedRows) > 0;
}

export async function deleteCartLines(trx: Db, ids: readonly number[]) {
  await trx.deleteFrom('cart_lines').where('id', 'in', ids).execute();
}

/** Removes the cart's lines whose offer is not offered on `today`; returns how many. */
export async function deleteWithdrawnCartLines(trx: Db, establishmentId: number, today: string) {
  const removed = await trx
    .deleteFrom('cart_lines')
    .where('establishment_id', '=', establishmentId)
    .where((eb) =>
      eb(
        'offer_id',
        'in',
        eb
          .selectFrom('offers')
          .select('id')
          .where((w) => w.or([w('valid_from', '>', today), w('valid_until', '<', today)])),
      ),
    )
    .returning('id')
    .execute();
  return removed.length;
}

/** Takes the current price for every repriced line of the cart; returns how many. */
export async function repriceCartLines(trx: Db, establishmentId: number) {
  const updated = await sql<{ id: number }>`
    UPDATE cart_lines c SET price_cents_when_added = o.price_cents
    FROM offers o
    WHERE o.id = c.offer_id AND c.establishment_id = ${establishmentId}
      AND c.price_cents_when_added <> o.price_cents
    RETURNING c.id`.execute(trx);
  return updated.rows.length;
}
