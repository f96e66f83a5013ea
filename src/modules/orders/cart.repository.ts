// Queries of proposals and the cart (orders module). No rules here; every function takes the handle
// first (db or trx), so the same query runs inside a use case's transaction.
import { sql } from 'kysely';
import { resourcesOfLine, type Db } from './orders.repository.js';

export async function findResourceTitle(db: Db, id: number) {
  return db.selectFrom('resources').select(['id', 'title']).where('id', '=', id).executeTakeFirst();
}

/**
 * Records a proposal, once per person and resource while it is open (a partial unique index):
 * undefined when an open one was already there.
 */
export async function insertProposal(
  trx: Db,
  values: {
    establishmentId: number;
    resourceId: number;
    proposedBy: number;
    note: string;
    offerId: number | null;
    seats: number | null;
  },
) {
  return trx
    .insertInto('proposals')
    .values({
      establishment_id: values.establishmentId,
      resource_id: values.resourceId,
      proposed_by: values.proposedBy,
      note: values.note,
      offer_id: values.offerId,
      seats: values.seats,
    })
    .onConflict((oc) =>
      oc
        .columns(['establishment_id', 'resource_id', 'proposed_by'])
        .where('declined_at', 'is', null)
        .where('order_line_id', 'is', null)
        .doNothing(),
    )
    .returning('id')
    .executeTakeFirst();
}

/** A proposal with what its state is read from (proposal-state.ts) and what pages show of it. */
function proposalRows(db: Db) {
  return db
    .selectFrom('proposals as p')
    .innerJoin('resources as r', 'r.id', 'p.resource_id')
    .innerJoin('establishments as e', 'e.id', 'p.establishment_id')
    .innerJoin('users as u', 'u.id', 'p.proposed_by')
    .leftJoin('offers as o', 'o.id', 'p.offer_id')
    .leftJoin('order_lines as ol', 'ol.id', 'p.order_line_id')
    .leftJoin('users as d', 'd.id', 'p.declined_by')
    .select([
      'p.id',
      'p.establishment_id',
      'e.uai',
      'e.name as establishment_name',
      'e.academy_id',
      'r.id as resource_id',
      'r.title',
      'p.proposed_by',
      'u.display_name as proposer',
      'p.note',
      'p.created_at',
      'p.offer_id',
      'p.seats',
      'o.label as offer_label',
      'o.price_cents as offer_price_cents',
      'o.licence_kind as offer_licence_kind',
      'o.seats as offer_pack_seats',
      'o.duration_months as offer_duration_months',
      'p.cart_line_id',
      'p.order_line_id',
      'ol.order_id',
      'ol.status as order_line_status',
      'ol.rejection_reason',
      'p.declined_at',
      'd.display_name as declined_by_name',
      'p.decline_reason',
    ]);
}
export type ProposalRow = Awaited<ReturnType<ReturnType<typeof proposalRows>['execute']>>[number];

/** One person's proposals in every establishment, newest first. */
export async function listProposalRowsBy(db: Db, userId: number) {
  return proposalRows(db)
    .where('p.proposed_by', '=', userId)
    .orderBy('p.created_at', 'desc')
    .orderBy('p.id', 'desc')
    .limit(200)
    .execute();
}

/**
 * The establishment's open proposals (not declined, and not fulfilled by an order line still pending
 * or delivered), oldest first: the cart page's list of work.
 */
export async function listOpenProposalRows(db: Db, establishmentId: number) {
  return proposalRows(db)
    .where('p.establishment_id', '=', establishmentId)
    .where('p.declined_at', 'is', null)
    .where((eb) =>
      eb.or([eb('p.order_line_id', 'is', null), eb('ol.status', 'in', ['cancelled', 'rejected'])]),
    )
    .orderBy('p.created_at')
    .orderBy('p.id')
    .limit(200)
    .execute();
}

/** One proposal of the establishment, or undefined. */
export async function findProposalRow(db: Db, establishmentId: number, id: number) {
  return proposalRows(db)
    .where('p.establishment_id', '=', establishmentId)
    .where('p.id', '=', id)
    .executeTakeFirst();
}

/** The person's open proposal of this resource in the establishment, if any (newest). */
export async function findOpenProposalOf(
  db: Db,
  values: { establishmentId: number; resourceId: number; proposedBy: number },
) {
  return proposalRows(db)
    .where('p.establishment_id', '=', values.establishmentId)
    .where('p.resource_id', '=', values.resourceId)
    .where('p.proposed_by', '=', values.proposedBy)
    .where('p.declined_at', 'is', null)
    .where((eb) =>
      eb.or([eb('p.order_line_id', 'is', null), eb('ol.status', 'in', ['cancelled', 'rejected'])]),
    )
    .orderBy('p.id', 'desc')
    .executeTakeFirst();
}

/** Its author changes what a proposal asks for (the fields given), while it is not in the cart. */
export async function updateProposalRequest(
  trx: Db,
  id: number,
  values: { offerId?: number | undefined; seats?: number | undefined; note?: string | undefined },
): Promise<boolean> {
  const updated = await trx
    .updateTable('proposals')
    .set({
      ...(values.offerId !== undefined ? { offer_id: values.offerId } : {}),
      ...(values.seats !== undefined ? { seats: values.seats } : {}),
      ...(values.note !== undefined ? { note: values.note } : {}),
    })
    .where('id', '=', id)
    .where('cart_line_id', 'is', null)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) > 0;
}

/** The proposal became this cart line. */
export async function linkProposalToCartLine(trx: Db, id: number, cartLineId: number) {
  await trx.updateTable('proposals').set({ cart_line_id: cartLineId }).where('id', '=', id).execute();
}

/**
 * Open proposals of the establishment that asked for this very offer and are not in the cart yet
 * follow a line of it added to the cart (from the product page or another proposal).
 */
export async function linkOpenProposalsOfOffer(
  trx: Db,
  values: { establishmentId: number; offerId: number; cartLineId: number },
) {
  await sql`
    UPDATE proposals p SET cart_line_id = ${values.cartLineId}
    WHERE p.establishment_id = ${values.establishmentId} AND p.offer_id = ${values.offerId}
      AND p.cart_line_id IS NULL AND p.declined_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM order_lines ol
                      WHERE ol.id = p.order_line_id AND ol.status IN ('pending', 'delivered'))`.execute(trx);
}

/**
 * In the order's transaction, before its cart lines are deleted: each proposal of those lines is
 * fulfilled by the order line of the same offer.
 */
export async function markProposalsOrdered(trx: Db, cartLineIds: readonly number[], orderId: number) {
  if (cartLineIds.length === 0) return;
  await sql`
    UPDATE proposals p SET order_line_id = ol.id
    FROM cart_lines c, order_lines ol
    WHERE p.cart_line_id = c.id AND c.id IN (${sql.join(cartLineIds)})
      AND ol.order_id = ${orderId} AND ol.offer_id = c.offer_id`.execute(trx);
}

/** Declines a proposal not in the cart: false when it was declined already or is in the cart. */
export async function declineProposalRow(
  trx: Db,
  id: number,
  values: { userId: number; reason: string },
): Promise<boolean> {
  const updated = await trx
    .updateTable('proposals')
    .set({ declined_at: sql`now()`, declined_by: values.userId, decline_reason: values.reason })
    .where('id', '=', id)
    .where('declined_at', 'is', null)
    .where('cart_line_id', 'is', null)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) > 0;
}

/** The establishment's open proposals with their resource and proposer, newest first (the API's cart). */
export async function listProposalRows(db: Db, establishmentId: number) {
  return db
    .selectFrom('proposals as p')
    .innerJoin('resources as r', 'r.id', 'p.resource_id')
    .innerJoin('users as u', 'u.id', 'p.proposed_by')
    .select(['r.id', 'r.title', 'u.display_name', 'p.note', 'p.created_at'])
    .leftJoin('order_lines as ol', 'ol.id', 'p.order_line_id')
    .where('p.establishment_id', '=', establishmentId)
    .where('p.declined_at', 'is', null)
    .where((eb) =>
      eb.or([eb('p.order_line_id', 'is', null), eb('ol.status', 'in', ['cancelled', 'rejected'])]),
    )
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
      // Every list names the resource before the offer.
      resourcesOfLine('c.offer_id').as('resources'),
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
  return db
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
    .returning('id')
    .executeTakeFirstOrThrow();
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

/** The resources an offer covers. */
export async function findResourcesOfOffer(db: Db, offerId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('offer_resources')
    .select('resource_id')
    .where('offer_id', '=', offerId)
    .execute();
  return rows.map((row) => row.resource_id);
}
