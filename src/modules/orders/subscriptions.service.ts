// Subscriptions: listed for the establishment (with their renewals), and reminded to the heads 30 days
// before they end, once (reminder_sent_at is set by a conditional update, so two runs never remind
// twice). A subscription whose renewal is already ordered is not reminded.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Actor } from '../accounts/actor.js';
import { loadConfig } from '../../config.js';
import { notifyUser, queueEmail } from '../notifications/notifications.repository.js';
import { addDays } from './orders.money.js';
import { clock, todayInFrance } from '../../shared/clock.js';
import { authorizeReadOrders, canPlaceOrder } from './orders.policy.js';
import { lineTitle, presentResources, type PresentedResource } from './orders.presenter.js';
import { headsOf } from '../funding/funding.repository.js';
import { loadEstablishment } from './orders.service.js';
import { claimReminder, listSubscriptionsOf, listSubscriptionsToRemind } from './subscriptions.repository.js';
import { renewalsOf, type RenewalStatus } from './renewal-plan.js';
import { frenchDate, withinRenewalWindow } from './renewal-rules.js';

type Db = Kysely<Database>;

export const REMINDER_DAYS_BEFORE_END = 30;

/** The page where the head sees the establishment's subscriptions and renews them. */
export function subscriptionsPagePath(uai: string): string {
  return `/etablissements/${uai}/abonnements`;
}

export interface SubscriptionView {
  id: number;
  /** The resources the subscription gives access to (several for a bundle), named before the offer. */
  resources: PresentedResource[];
  /** The offer subscribed to (« Licence élève 3 ans »). */
  label: string;
  order: number;
  offer: number;
  seats: number;
  quantity: number;
  startsOn: string;
  endsOn: string;
  state: 'upcoming' | 'current' | 'ended';
  reminded: boolean;
  /** The subscription this one continues, when it was a renewal. */
  renews: { subscription: number; endsOn: string } | null;
  /** Its own renewal, ordered (pending) or delivered (renewed). */
  renewal: RenewalStatus | null;
  /** Not renewed yet, and current or ended recently enough: the head may renew it. */
  renewable: boolean;
}

export async function listSubscriptions(
  db: Db,
  actor: Actor,
  uai: string,
  options: { today?: string } = {},
): Promise<SubscriptionView[]> {
  const today = options.today ?? todayInFrance();
  const establishment = await loadEstablishment(db, uai);
  authorizeReadOrders(actor, establishment);
  const rows = await listSubscriptionsOf(db, establishment.id);
  const renewals = await renewalsOf(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => {
    const renewal = renewals.get(row.id) ?? null;
    return {
      id: row.id,
      resources: presentResources(row.resources),
      label: row.label,
      order: row.order_id,
      offer: row.offer_id,
      seats: row.seats,
      quantity: row.quantity,
      startsOn: row.starts_on,
      endsOn: row.ends_on,
      state: row.starts_on > today ? 'upcoming' : row.ends_on < today ? 'ended' : 'current',
      reminded: row.reminder_sent_at !== null,
      renews:
        row.previous_id !== null && row.previous_ends_on !== null
          ? { subscription: row.previous_id, endsOn: row.previous_ends_on }
          : null,
      renewal,
      renewable: renewal === null && withinRenewalWindow(row.ends_on, today),
    };
  });
}

/** Whether the actor may renew this establishment's subscriptions (pages show the button then). */
export async function canRenewSubscriptions(db: Db, actor: Actor, uai: string): Promise<boolean> {
  return canPlaceOrder(actor, await loadEstablishment(db, uai));
}

/**
 * Notifies (in-app and by the email outbox) the heads of every establishment whose subscription ends
 * within REMINDER_DAYS_BEFORE_END days of `today`, once per subscription, with the link to renew it.
 * Subscriptions whose renewal is ordered or delivered are skipped (and reminded later if that renewal
 * is cancelled). Returns how many were reminded.
 */
export async function sendSubscriptionReminders(
  db: Db,
  today: string = todayInFrance(),
  options: { publicUrl?: string } = {},
): Promise<{ reminded: number }> {
  // Links in emails come from PUBLIC_URL, never from a request.
  const base = (options.publicUrl ?? loadConfig().PUBLIC_URL).replace(/\/+$/, '');
  const horizon = addDays(today, REMINDER_DAYS_BEFORE_END);
  const due = await listSubscriptionsToRemind(db, today, horizon);
  let reminded = 0;
  for (const subscription of due) {
    const sent = await db.transaction().execute(async (trx) => {
      if (!(await claimReminder(trx, subscription.id, clock.now()))) return false;
      const link = `${subscriptionsPagePath(subscription.uai)}#abonnement-${subscription.id}`;
      const ends = frenchDate(subscription.ends_on);
      const named = lineTitle(subscription.resources, subscription.label);
      const title = `Abonnement bientôt échu : ${named}`;
      const intro = `L’abonnement « ${named} » de ${subscription.name} se termine le ${ends}.`;
      // The email names the resource's page too: the head may want to look at it before renewing.
      const pages = presentResources(subscription.resources)
        .map((resource) => `${resource.title} : ${base}${resource.url}\n`)
        .join('');
      const renew =
        'Vous pouvez le renouveler depuis la page des abonnements de l’établissement (bouton « Renouveler ») : ' +
        'le nouvel abonnement commencera le lendemain de sa fin, sans interruption.';
      for (const head of await headsOf(trx, [subscription.establishment_id])) {
        await notifyUser(trx, head.user_id, {
          kind: 'subscription-expiry',
          title,
          body: `${intro} ${renew}`,
          link,
        });
        await queueEmail(trx, {
          to: head.email,
          subject: title,
          body: `${intro}\n${pages}\n${renew}\n${base}${link}\n`,
        });
      }
      return true;
    });
    if (sent) reminded += 1;
  }
  return { reminded };
}
