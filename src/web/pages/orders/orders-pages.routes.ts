// Page routes of an establishment's orders and subscriptions: the list and its CSV export, an order and
// its cancellation (a confirmation page, then the POST), the subscriptions and their renewal. Plain
// HTML forms (POST, then 303 redirect), so every step works without JavaScript.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppContext } from '../../../app-context.js';
import { requireActor, type Actor } from '../../../modules/accounts/actor.js';
import { canPlaceOrder } from '../../../modules/orders/orders.policy.js';
import {
  idempotencyKeySchema,
  idParamSchema,
  parseInput,
  renewSubscriptionSchema,
  subscriptionParamSchema,
  uaiParamSchema,
} from '../../../modules/orders/orders.schema.js';
import {
  cancelOrder,
  defaultOrdersEstablishmentUai,
  getOrder,
  listOrders,
  loadEstablishment,
  ORDERS_EXPORT_MAX,
  previewCancellation,
} from '../../../modules/orders/orders.service.js';
import type { PresentedOrder } from '../../../modules/orders/orders.presenter.js';
import {
  previewRenewal,
  renewSubscription,
  type RenewalPlan,
} from '../../../modules/orders/renewal.service.js';
import { listSubscriptions } from '../../../modules/orders/subscriptions.service.js';
import { AppError, httpStatusByCode } from '../../../shared/errors.js';
import { formInt } from '../../form-numbers.js';
import { formatMoney } from '../../format.js';
import { formOf, sendHtml, successMessage, type Form } from '../../page-kit.js';
import { orderNotices, refusalCodes, text, topUpFromForm, type Params } from './order-forms.js';
import { renderCancelOrderPage, renderOrderPage, renderOrdersListPage } from './orders-pages.js';
import { attachment, csvDate, csvDocument, csvEuros } from './csv.js';
import { renderRenewalPage, renderSubscriptionsPage } from './subscriptions-page.js';

const ordersCsvHeader = [
  'Date',
  'N° de commande',
  'État de la commande',
  'Ressource',
  'Offre',
  'Éditeur',
  'Licence',
  'Postes',
  'Quantité',
  'Prix unitaire (€)',
  'Montant de la ligne (€)',
  'État de la ligne',
  'Total de la commande (€)',
  'Financeurs',
];

/** Who paid: the drawing right of the campaign, and the co-funder's top-up when there is one. */
function fundersOf(order: PresentedOrder): string {
  const right = `Droit de tirage (${order.campaign.name})`;
  if (!order.topUp) return right;
  const { topUp } = order;
  return `${right} + complément ${topUp.funder.label} de ${formatMoney(topUp.amountCents)} (référence ${topUp.reference})`;
}

/** One row per order line: what a head, a referent or the academy opens in a spreadsheet. */
function ordersCsvRows(orders: readonly PresentedOrder[]) {
  return orders.flatMap((order) =>
    order.lines.map((line) => [
      csvDate(order.placedAt),
      order.id,
      order.status.label,
      (line.resources ?? []).map((resource) => resource.title).join(', '),
      line.label,
      line.producer.name,
      line.licence.label,
      line.seats,
      line.quantity,
      csvEuros(line.unitPriceCents),
      csvEuros(line.lineTotalCents),
      line.status.label,
      csvEuros(order.totalCents),
      fundersOf(order),
    ]),
  );
}

export function ordersPageRoutes(app: FastifyInstance, context: AppContext): void {
  const { db } = context;

  app.get('/commandes', async (request, reply) => {
    const actor = requireActor(request);
    const requested = (request.query as { etablissement?: unknown }).etablissement;
    let uai: string;
    if (typeof requested === 'string' && requested) {
      uai = parseInput(uaiParamSchema, { uai: requested }).uai;
    } else {
      uai = await defaultOrdersEstablishmentUai(db, actor);
    }
    const establishment = await loadEstablishment(db, uai);
    const orders = await listOrders(db, actor, uai);
    const subscriptions = await listSubscriptions(db, actor, uai);
    return sendHtml(
      reply,
      200,
      renderOrdersListPage({
        actor: request.actor,
        establishment: { uai, name: establishment.name },
        orders,
        subscriptions,
        canRenew: canPlaceOrder(actor, establishment),
      }),
    );
  });

  app.get<{ Params: Params }>('/commandes/:id', async (request, reply) => {
    const actor = requireActor(request);
    const { id } = parseInput(idParamSchema, request.params);
    const order = await getOrder(db, actor, id);
    const establishment = await loadEstablishment(db, order.establishment.uai);
    return sendHtml(
      reply,
      200,
      renderOrderPage({
        actor: request.actor,
        order,
        canCancel: canPlaceOrder(actor, establishment),
        notice: successMessage(request.query, orderNotices),
      }),
    );
  });

  // Everyone who may read the establishment's orders downloads them (the policy of listOrders).
  app.get<{ Params: Params }>('/etablissements/:uai/commandes.csv', async (request, reply) => {
    const actor = requireActor(request);
    const { uai } = parseInput(uaiParamSchema, request.params);
    const orders = await listOrders(db, actor, uai, { limit: ORDERS_EXPORT_MAX });
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', attachment(`commandes-${uai}.csv`))
      .send(csvDocument(ordersCsvHeader, ordersCsvRows(orders)));
  });

  // The confirmation page: what goes back to the drawing right, then the POST button below.
  app.get<{ Params: Params }>('/commandes/:id/annuler', async (request, reply) => {
    const actor = requireActor(request);
    const { id } = parseInput(idParamSchema, request.params);
    const preview = await previewCancellation(db, actor, id);
    return sendHtml(
      reply,
      200,
      renderCancelOrderPage({ actor: request.actor, preview, csrfToken: actor.csrfToken }),
    );
  });

  app.post<{ Params: Params }>('/commandes/:id/annuler', async (request, reply) => {
    const actor = requireActor(request);
    const { id } = parseInput(idParamSchema, request.params);
    await cancelOrder(db, actor, id);
    return reply.redirect(`/commandes/${id}?ok=annulee`, 303);
  });

  // Subscriptions and their renewal. A refusal the head must read (already renewed, budget, price,
  // deadline) re-renders the renewal page, or the list when the subscription cannot be renewed at all.
  async function renderSubscriptions(
    reply: FastifyReply,
    actor: Actor,
    uai: string,
    error?: AppError,
  ): Promise<FastifyReply> {
    const establishment = await loadEstablishment(db, uai);
    const subscriptions = await listSubscriptions(db, actor, uai);
    return sendHtml(
      reply,
      error ? httpStatusByCode[error.code] : 200,
      renderSubscriptionsPage({
        actor,
        establishment: { uai, name: establishment.name },
        subscriptions,
        canRenew: canPlaceOrder(actor, establishment),
        error: error?.message,
      }),
    );
  }

  async function renderRenewal(
    reply: FastifyReply,
    actor: Actor,
    target: { uai: string; id: number },
    choice: { offer?: number | undefined },
    refusal?: { error: AppError; form: Form },
  ): Promise<FastifyReply> {
    let plan: RenewalPlan | undefined;
    let error = refusal?.error;
    try {
      plan = await previewRenewal(db, actor, target.uai, target.id, choice);
    } catch (caught) {
      if (!(caught instanceof AppError) || !refusalCodes.has(caught.code)) throw caught;
      if (caught.code !== 'VALIDATION_FAILED' || choice.offer === undefined) {
        return renderSubscriptions(reply, actor, target.uai, error ?? caught);
      }
      // The offer chosen is no longer available: show the renewal with the original offer instead.
      error = error ?? caught;
      plan = await previewRenewal(db, actor, target.uai, target.id, {});
    }
    const form = refusal?.form ?? {};
    return sendHtml(
      reply,
      error ? httpStatusByCode[error.code] : 200,
      renderRenewalPage({
        actor,
        plan,
        csrfToken: actor.csrfToken,
        // A refused attempt wrote nothing: a new key lets the head try again after fixing it.
        idempotencyKey: randomUUID(),
        error: error?.message,
        topUp: {
          funder: text(form, 'topUpFunder'),
          amount: text(form, 'topUpAmount'),
          reference: text(form, 'topUpReference'),
        },
      }),
    );
  }

  app.get<{ Params: Params }>('/etablissements/:uai/abonnements', async (request, reply) => {
    const actor = requireActor(request);
    const { uai } = parseInput(uaiParamSchema, request.params);
    return renderSubscriptions(reply, actor, uai);
  });

  app.get<{ Params: Params }>('/etablissements/:uai/abonnements/:id/renouveler', async (request, reply) => {
    const actor = requireActor(request);
    const target = parseInput(subscriptionParamSchema, request.params);
    const requested = (request.query as { offre?: unknown }).offre;
    const choice =
      typeof requested === 'string' && requested
        ? parseInput(renewSubscriptionSchema, { offer: formInt(requested) })
        : {};
    return renderRenewal(reply, actor, target, { offer: choice.offer });
  });

  app.post<{ Params: Params }>('/etablissements/:uai/abonnements/:id/renouveler', async (request, reply) => {
    const actor = requireActor(request);
    const target = parseInput(subscriptionParamSchema, request.params);
    const form = formOf(request);
    const key = parseInput(idempotencyKeySchema, text(form, 'idempotencyKey'));
    const offer = text(form, 'offer');
    const accepted = text(form, 'acceptedUnitPriceCents');
    const choice = parseInput(renewSubscriptionSchema, {
      ...(offer ? { offer: formInt(offer) } : {}),
      ...(accepted ? { acceptedUnitPriceCents: formInt(accepted) } : {}),
    });
    try {
      const topUp = topUpFromForm(form);
      const result = await renewSubscription(
        db,
        actor,
        target.uai,
        target.id,
        { ...choice, ...(topUp ? { topUp } : {}) },
        key,
      );
      return await reply.redirect(`/commandes/${result.order.id}?ok=renouvelee`, 303);
    } catch (error) {
      if (!(error instanceof AppError) || !refusalCodes.has(error.code)) throw error;
      return renderRenewal(reply, actor, target, { offer: choice.offer }, { error, form });
    }
  });
}
