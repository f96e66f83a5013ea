// Queries of subscriptions and their renewals (orders module). No rules here; every function takes the
// handle first (db or trx), so the same query runs inside a use case's transaction.
import { sql } from 'kysely';
import { resourcesOfLine, type Db } from './orders.repository.js';

/** The establishment's subscriptions with their lines and the subscription each one continues. */
export async function listSubscriptionsOf(db: Db, establishmentId: number) {
  return db
    .selectFrom('subscriptions as s')
    .innerJoin('order_lines as l', 'l.id', 's.order_line_id')
    .leftJoin('subscriptions as previous', 'previous.id', 's.renewed_from')
    .select([
      's.id',
      's.starts_on',
      's.ends_on',
      's.reminder_sent_at',
      'l.order_id',
      'l.label',
      'l.offer_id',
      'l.seats',
      'l.quantity',
      'previous.id as previous_id',
      'previous.ends_on as previous_ends_on',
      resourcesOfLine('l.offer_id').as('resources'),
    ])
    .where('s.establishment_id', '=', establishmentId)
    .orderBy('s.ends_on')
    .orderBy('s.id')
    .execute();
}

/** One subscription of the establishment with the line that started it (what a renewal repeats). */
export async function findSubscriptionOf(db: Db, establishmentId: number, subscriptionId: number) {
  return db
    .selectFrom('subscriptions as s')
    .innerJoin('order_lines as l', 'l.id', 's.order_line_id')
    .select([
      's.id',
      's.starts_on',
      's.ends_on',
      'l.order_id',
      'l.label',
      'l.offer_id',
      'l.seats',
      'l.quantity',
      'l.unit_price_cents',
      'l.licence_kind',
      resourcesOfLine('l.offer_id').as('resources'),
    ])
    .where('s.id', '=', subscriptionId)
    .where('s.establishment_id', '=', establishmentId)
    .executeTakeFirst();
}

export async function findSubscriptionEnd(db: Db, id: number) {
  return db.selectFrom('subscriptions').select(['id', 'ends_on']).where('id', '=', id).executeTakeFirst();
}

/** Waits for concurrent renewals of this subscription (row lock until the transaction ends). */
export async function lockSubscription(trx: Db, id: number) {
  await trx
    .selectFrom('subscriptions')
    .select('id')
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

export async function insertSubscription(
  trx: Db,
  values: {
    orderLineId: number;
    establishmentId: number;
    startsOn: string;
    endsOn: string;
    renewedFrom: number | null;
  },
) {
  await trx
    .insertInto('subscriptions')
    .values({
      order_line_id: values.orderLineId,
      establishment_id: values.establishmentId,
      starts_on: values.startsOn,
      ends_on: values.endsOn,
      renewed_from: values.renewedFrom,
      reminder_sent_at: null,
    })
    .execute();
}

/** Pending or delivered lines that renew these subscriptions. */
export async function findActiveRenewalLines(db: Db, subscriptionIds: readonly number[]) {
  return db
    .selectFrom('order_lines')
    .select(['renews_subscription_id', 'order_id', 'status'])
    .where('renews_subscription_id', 'in', subscriptionIds)
    .where('status', 'in', ['pending', 'delivered'])
    .execute();
}

/** The subscriptions that continue these ones. */
export async function findSuccessors(db: Db, subscriptionIds: readonly number[]) {
  return db
    .selectFrom('subscriptions')
    .select(['id', 'renewed_from', 'starts_on', 'ends_on'])
    .where('renewed_from', 'in', subscriptionIds)
    .execute();
}

/** The order's lines renew this subscription. */
export async function markOrderRenewing(trx: Db, orderId: number, subscriptionId: number) {
  await trx
    .updateTable('order_lines')
    .set({ renews_subscription_id: subscriptionId })
    .where('order_id', '=', orderId)
    .execute();
}

/** Lines of the order placed with this key, with the subscription each renews. */
export async function findKeyedOrderLines(db: Db, establishmentId: number, idempotencyKey: string) {
  return db
    .selectFrom('orders as o')
    .innerJoin('order_lines as l', 'l.order_id', 'o.id')
    .select(['o.id', 'l.renews_subscription_id'])
    .where('o.establishment_id', '=', establishmentId)
    .where('o.idempotency_key', '=', idempotencyKey)
    .execute();
}

/**
 * Subscriptions ending between `from` and `until`, not reminded yet, whose renewal is neither pending
 * nor delivered.
 */
export async function listSubscriptionsToRemind(db: Db, from: string, until: string) {
  return db
    .selectFrom('subscriptions as s')
    .innerJoin('order_lines as l', 'l.id', 's.order_line_id')
    .innerJoin('establishments as e', 'e.id', 's.establishment_id')
    .select([
      's.id',
      's.ends_on',
      's.establishment_id',
      'l.label',
      'e.name',
      'e.uai',
      resourcesOfLine('l.offer_id').as('resources'),
    ])
    .where('s.reminder_sent_at', 'is', null)
    .where('s.ends_on', '>=', from)
    .where('s.ends_on', '<=', until)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('order_lines as renewal')
            .select(sql`1`.as('one'))
            .whereRef('renewal.renews_subscription_id', '=', 's.id')
            .where('renewal.status', 'in', ['pending', 'delivered']),
        ),
      ),
    )
    .orderBy('s.id')
    .execute();
}

/** Marks the reminder sent unless another run did first: true when this call claimed it. */
export async function claimReminder(trx: Db, id: number, at: Date): Promise<boolean> {
  const claimed = await trx
    .updateTable('subscriptions')
    .set({ reminder_sent_at: at })
    .where('id', '=', id)
    .where('reminder_sent_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return claimed !== undefined;
}
