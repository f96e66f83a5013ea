// Page routes of orders: cart, proposals, orders, subscriptions and their renewal, the publisher's
// orders. Plain HTML forms (POST, then 303 redirect), so every step works without JavaScript. Refusals
// the head must read (budget, prices, deadline) re-render the page with the message instead of a
// generic error page.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../../app-context.js';
import { requireActor, type Actor } from '../../../modules/accounts/actor.js';
import {
  addCartLine,
  confirmCartPrices,
  getCart,
  orderCart,
  removeCartLine,
} from '../../../modules/orders/cart.service.js';
import { proposeResource } from '../../../modules/orders/proposals.service.js';
import { deliverLine, listPublisherOrders, rejectLine } from '../../../modules/orders/fulfilment.service.js';
import { canPlaceOrder } from '../../../modules/orders/orders.policy.js';
import {
  cartLineSchema,
  deliverLineSchema,
  funders,
  idempotencyKeySchema,
  idParamSchema,
  lineParamSchema,
  parseInput,
  proposalSchema,
  rejectLineSchema,
  renewSubscriptionSchema,
  subscriptionParamSchema,
  uaiParamSchema,
  type TopUpInput,
} from '../../../modules/orders/orders.schema.js';
import {
  cancelOrder,
  defaultOrdersEstablishmentUai,
  getOrder,
  listOrders,
  loadEstablishment,
} from '../../../modules/orders/orders.service.js';
import {
  previewRenewal,
  renewSubscription,
  type RenewalPlan,
} from '../../../modules/orders/renewal.service.js';
import { listSubscriptions } from '../../../modules/orders/subscriptions.service.js';
import { AppError, httpStatusByCode } from '../../../shared/errors.js';
import { parseEurosToCents } from '../../../shared/money.js';
import { formInt, pickFormFields } from '../../form-numbers.js';
import { formOf, formText, sendHtml, successMessage, type Form } from '../../page-kit.js';
import { renderCartPage } from './cart-page.js';
import { renderOrderPage, renderOrdersListPage, renderPublisherOrdersPage } from './orders-pages.js';
import { renderRenewalPage, renderSubscriptionsPage } from './subscriptions-page.js';

type Params = Record<string, string>;

const notices: Record<string, string> = {
  proposition: 'Votre proposition a été transmise à l’établissement.',
  ligne: 'La ligne a été ajoutée au panier.',
  retrait: 'La ligne a été retirée du panier.',
  prix: 'Les nouveaux prix sont confirmés : vous pouvez commander.',
  passee: 'Votre commande est passée : le montant a été débité du droit de tirage.',
  annulee: 'La commande est annulée : son montant est revenu au droit de tirage.',
  livree: 'La ligne est livrée.',
  refusee: 'La ligne est refusée : son montant revient au droit de tirage de l’établissement.',
  renouvelee:
    'Le renouvellement est commandé : son montant a été débité du droit de tirage. Le nouvel abonnement ' +
    'commencera à la livraison par l’éditeur, au plus tôt le lendemain de la fin de l’actuel.',
};

/** A form field as typed, without the spaces around it. */
function text(form: Form, name: string): string {
  return formText(form, name).trim();
}

function topUpFromForm(form: Form): TopUpInput | undefined {
  const funder = text(form, 'topUpFunder');
  const amount = text(form, 'topUpAmount');
  const reference = text(form, 'topUpReference');
  if (!funder && !amount && !reference) return undefined;
  const parsedFunder = z.enum(funders).safeParse(funder);
  if (!parsedFunder.success) throw new AppError('VALIDATION_FAILED', 'Complément : choisissez le financeur.');
  const amountCents = parseEurosToCents(amount, 'Le montant du complément');
  if (amountCents <= 0)
    throw new AppError('VALIDATION_FAILED', 'Montant du complément : il doit être positif.');
  if (!reference) throw new AppError('VALIDATION_FAILED', 'Complément : indiquez sa référence.');
  return { funder: parsedFunder.data, amountCents, reference: reference.slice(0, 100) };
}

const refusalCodes = new Set([
  'BUDGET_EXCEEDED',
  'PRICE_CHANGED',
  'VALIDATION_FAILED',
  'CAMPAIGN_CLOSED',
  'CONFLICT',
]);

export function ordersPageRoutes(app: FastifyInstance, context: AppContext): void {
  const { db } = context;

  app.get<{ Params: Params }>('/etablissements/:uai/panier', async (request, reply) => {
    const actor = requireActor(request);
    const { uai } = parseInput(uaiParamSchema, request.params);
    const cart = await getCart(db, actor, uai);
    return sendHtml(
      reply,
      200,
      renderCartPage({
        actor: request.actor,
        cart,
        csrfToken: actor.csrfToken,
        idempotencyKey: randomUUID(),
        notice: successMessage(request.query, notices),
      }),
    );
  });

  app.post<{ Params: Params }>('/etablissements/:uai/propositions', async (request, reply) => {
    const actor = requireActor(request);
    const { uai } = parseInput(uaiParamSchema, request.params);
    await proposeResource(
      db,
      actor,
      uai,
      parseInput(proposalSchema, pickFormFields(request.body, { ints: ['resource'], texts: ['note'] })),
    );
    return reply.redirect(`/etablissements/${uai}/panier?ok=proposition#propositions`, 303);
  });

  app.post<{ Params: Params }>('/etablissements/:uai/panier/lignes', async (request, reply) => {
    const actor = requireActor(request);
    const { uai } = parseInput(uaiParamSchema, request.params);
    await addCartLine(
      db,
      actor,
      uai,
      parseInput(cartLineSchema, pickFormFields(request.body, { ints: ['offer', 'seats', 'quantity'] })),
    );
    return reply.redirect(`/etablissements/${uai}/panier?ok=ligne`, 303);
  });

  app.post<{ Params: Params }>(
    '/etablissements/:uai/panier/lignes/:lineId/retirer',
    async (request, reply) => {
      const actor = requireActor(request);
      const { uai } = parseInput(uaiParamSchema, request.params);
      const { id } = parseInput(idParamSchema, { id: request.params.lineId });
      await removeCartLine(db, actor, uai, id);
      return reply.redirect(`/etablissements/${uai}/panier?ok=retrait`, 303);
    },
  );

  app.post<{ Params: Params }>('/etablissements/:uai/panier/confirmer', async (request, reply) => {
    const actor = requireActor(request);
    const { uai } = parseInput(uaiParamSchema, request.params);
    await confirmCartPrices(db, actor, uai);
    return reply.redirect(`/etablissements/${uai}/panier?ok=prix`, 303);
  });

  app.post<{ Params: Params }>('/etablissements/:uai/panier/commander', async (request, reply) => {
    const actor = requireActor(request);
    const { uai } = parseInput(uaiParamSchema, request.params);
    const form = formOf(request);
    const key = parseInput(idempotencyKeySchema, text(form, 'idempotencyKey'));
    try {
      const result = await orderCart(db, actor, uai, key, topUpFromForm(form));
      return await reply.redirect(`/commandes/${result.order.id}?ok=passee`, 303);
    } catch (error) {
      if (!(error instanceof AppError) || !refusalCodes.has(error.code)) throw error;
      const cart = await getCart(db, actor, uai);
      const details = error.details as { lines?: { message: string }[] } | undefined;
      return sendHtml(
        reply,
        httpStatusByCode[error.code],
        renderCartPage({
          actor: request.actor,
          cart,
          csrfToken: actor.csrfToken,
          // The refused attempt wrote nothing: a new key lets the head try again after fixing it.
          idempotencyKey: randomUUID(),
          error: {
            message: error.message,
            ...(details?.lines ? { lines: details.lines.map((line) => line.message) } : {}),
          },
          topUp: {
            funder: text(form, 'topUpFunder'),
            amount: text(form, 'topUpAmount'),
            reference: text(form, 'topUpReference'),
          },
        }),
      );
    }
  });

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
        csrfToken: actor.csrfToken,
        notice: successMessage(request.query, notices),
      }),
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

  app.get('/editeur/commandes', async (request, reply) => {
    const actor = requireActor(request);
    const orders = await listPublisherOrders(db, actor);
    return sendHtml(
      reply,
      200,
      renderPublisherOrdersPage({
        actor: request.actor,
        orders,
        csrfToken: actor.csrfToken,
        notice: successMessage(request.query, notices),
      }),
    );
  });

  for (const action of ['livrer', 'rejeter'] as const) {
    app.post<{ Params: Params }>(
      `/editeur/commandes/:id/lignes/:lineId/${action}`,
      async (request, reply) => {
        const actor = requireActor(request);
        const { id, lineId } = parseInput(lineParamSchema, request.params);
        try {
          if (action === 'livrer') {
            await deliverLine(
              db,
              actor,
              id,
              lineId,
              parseInput(
                deliverLineSchema,
                pickFormFields(request.body, { texts: ['licenceKey', 'accessUrl', 'shipmentNumber'] }),
              ),
            );
          } else {
            await rejectLine(
              db,
              actor,
              id,
              lineId,
              parseInput(rejectLineSchema, pickFormFields(request.body, { texts: ['reason'] })).reason,
            );
          }
          return await reply.redirect(
            `/editeur/commandes?ok=${action === 'livrer' ? 'livree' : 'refusee'}#commande-${id}`,
            303,
          );
        } catch (error) {
          if (
            !(error instanceof AppError) ||
            !['VALIDATION_FAILED', 'INVALID_TRANSITION'].includes(error.code)
          )
            throw error;
          const orders = await listPublisherOrders(db, actor);
          return sendHtml(
            reply,
            httpStatusByCode[error.code],
            renderPublisherOrdersPage({
              actor: request.actor,
              orders,
              csrfToken: actor.csrfToken,
              error: error.message,
            }),
          );
        }
      },
    );
  }
}
