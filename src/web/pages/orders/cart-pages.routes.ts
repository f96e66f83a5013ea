// Page routes of the cart and of proposals: teachers and staff propose resources, the referent and
// the librarian fill the cart, the head orders it. Plain HTML forms (POST, then 303 redirect), so every
// step works without JavaScript. Refusals the head must read (budget, prices, deadline) re-render the
// cart with the message instead of a generic error page.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../app-context.js';
import { requireActor } from '../../../modules/accounts/actor.js';
import {
  addCartLine,
  confirmCartPrices,
  getCart,
  orderCart,
  removeCartLine,
} from '../../../modules/orders/cart.service.js';
import { proposeResource } from '../../../modules/orders/proposals.service.js';
import {
  cartLineSchema,
  idempotencyKeySchema,
  idParamSchema,
  parseInput,
  proposalSchema,
  uaiParamSchema,
} from '../../../modules/orders/orders.schema.js';
import { AppError, httpStatusByCode } from '../../../shared/errors.js';
import { pickFormFields } from '../../form-numbers.js';
import { formOf, sendHtml, successMessage } from '../../page-kit.js';
import { renderCartPage } from './cart-page.js';
import { orderNotices, refusalCodes, text, topUpFromForm, type Params } from './order-forms.js';

export function cartPageRoutes(app: FastifyInstance, context: AppContext): void {
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
        notice: successMessage(request.query, orderNotices),
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
}
