// Subscriptions: listed for the establishment, and reminded to the heads 30 days before they end,
// once (reminder_sent_at is set by a conditional update, so two runs never remind twice).
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Actor } from '../accounts/actor.js';
import { notifyUser, queueEmail } from '../notifications/notify.js';
import { addDays, todayInFrance } from './orders.money.js';
import { authorizeReadOrders } from './orders.policy.js';
import { headsOf } from '../funding/funding.repository.js';
import { loadEstablishment } from './orders.service.js';

type Db = Kysely<Database>;

export const REMINDER_DAYS_BEFORE_END = 30;

export async function listSubscriptions(db: Db, actor: Actor, uai: string) {
  const establishment = await loadEstablishment(db, uai);
  authorizeReadOrders(actor, establishment);
  const rows = await db
    .selectFrom('subscriptions as s')
    .innerJoin('order_lines as l', 'l.id', 's.order_line_id')
    .select([
      's.id',
      's.starts_on',
      's.ends_on',
      's.reminder_sent_at',
      'l.order_id',
      'l.label',
      'l.access_url',
      'l.licence_key',
    ])
    .where('s.establishment_id', '=', establishment.id)
    .orderBy('s.ends_on')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    label: row.label,
    order: row.order_id,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    reminded: row.reminder_sent_at !== null,
  }));
}

/**
 * Notifies (in-app and by the email outbox) the heads of every establishment whose subscription ends
 * within REMINDER_DAYS_BEFORE_END days of `today`, once per subscription. Returns how many were reminded.
 */
export async function sendSubscriptionReminders(
  db: Db,
  today: string = todayInFrance(),
): Promise<{ reminded: number }> {
  const horizon = addDays(today, REMINDER_DAYS_BEFORE_END);
  const due = await db
    .selectFrom('subscriptions as s')
    .innerJoin('order_lines as l', 'l.id', 's.order_line_id')
    .innerJoin('establishments as e', 'e.id', 's.establishment_id')
    .select(['s.id', 's.ends_on', 's.establishment_id', 'l.label', 'l.order_id', 'e.name'])
    .where('s.reminder_sent_at', 'is', null)
    .where('s.ends_on', '>=', today)
    .where('s.ends_on', '<=', horizon)
    .orderBy('s.id')
    .execute();
  let reminded = 0;
  for (const subscription of due) {
    const sent = await db.transaction().execute(async (trx) => {
      const claimed = await trx
        .updateTable('subscriptions')
        .set({ reminder_sent_at: new Date() })
        .where('id', '=', subscription.id)
        .where('reminder_sent_at', 'is', null)
        .returning('id')
        .executeTakeFirst();
      if (!claimed) return false;
      const title = `Abonnement bientôt échu : ${subscription.label}`;
      const body =
        `L’abonnement « ${subscription.label} » de ${subscription.name} se termine le ${subscription.ends_on}. ` +
        'Pensez à le renouveler si vous souhaitez continuer à l’utiliser.';
      for (const head of await headsOf(trx, [subscription.establishment_id])) {
        await notifyUser(trx, head.user_id, {
          kind: 'subscription-expiry',
          title,
          body,
          link: `/commandes/${subscription.order_id}`,
        });
        await queueEmail(trx, { to: head.email, subject: title, body });
      }
      return true;
    });
    if (sent) reminded += 1;
  }
  return { reminded };
}
