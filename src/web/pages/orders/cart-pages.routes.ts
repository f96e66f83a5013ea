// Page routes of the cart, of proposals and of the drawing right: teachers and staff propose
// resources (from the product page, catalogue-pages.routes.ts) and follow them (/mes-propositions),
// the referent and the librarian fill the cart from them or decline them, the head orders it and
// reads the drawing right (/etablissements/:uai/droit-de-tirage, or /droit-de-tirage from the header).
// Plain HTML forms (POST, then 303 redirect), so every step works without JavaScript. Refusals the
// person must read (budget, prices, deadline, a field) re-render the cart with the message and what
// was typed instead of a generic error page.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../app-context.js';
import { requireActor } from '../../../modules/accounts/actor.js';
import {
  addCartLine,
  addProposalToCart,
  confirmCartPrices,
  getCartPage,
  orderCart,
  removeCartLine,
} from '../../../modules/orders/cart.service.js';
import { getDrawingRightPage } from '../../../modules/orders/drawing-right-page.service.js';
import { defaultOrdersEstablishmentUai } from '../../../modules/orders/orders.service.js';
import {
  declineProposal,
  listMyProposals,
  proposeResource,
} from '../../../modules/orders/proposals.service.js';
import {
  cartLineSchema,
  declineProposalSchema,
  idempotencyKeySchema,
  idParamSchema,
  parseInput,
  proposalParamSchema,
  proposalSchema,
  uaiParamSchema,
} from '../../../modules/orders/orders.schema.js';
import { AppError, httpStatusByCode } from '../../../shared/errors.js';
import { pickFormFields } from '../../form-numbers.js';
import { formList, formOf, formText, sendHtml, successMessage, type Flash } from '../../page-kit.js';
import { renderCartPage, type ProposalFormError } from './cart-page.js';
import { renderDrawingRightPage } from './drawing-right-page.js';
import { renderProposalsPage, renderRankedProposalsPage } from './proposals-page.js';
import {
  cartFromSelection,
  getRankedProposals,
  voteForProposal,
  withdrawVote,
} from '../../../modules/orders/proposal-votes.service.js';
import { orderNotices, refusalCodes, text, topUpFromForm, type Params } from './order-forms.js';

export function cartPageRoutes(app: FastifyInstance, context: AppContext): void {
  const { db } = context;

  app.get<{ Params: Params }>('/etablissements/:uai/panier', async (request, reply) => {
    const actor = requireActor(request);
    const { uai } = parseInput(uaiParamSchema, request.params);
    const cart = await getCartPage(db, actor, uai);
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
      parseInput(
        proposalSchema,
        pickFormFields(request.body, { ints: ['resource', 'offer', 'seats'], texts: ['note'] }),
      ),
    );
    return reply.redirect(`/etablissements/${uai}/panier?ok=proposition#propositions`, 303);
  });

  // A proposal into the cart (its offer and seats suggested), or declined with a reason. A refusal
  // the person can fix shows again beside the proposal, with what was typed.
  async function proposalRefusal(
    error: unknown,
    request: FastifyRequest<{ Params: Params }>,
    reply: FastifyReply,
    proposalError: Omit<ProposalFormError, 'message' | 'fields'>,
  ) {
    if (!(error instanceof AppError) || !proposalRefusals.has(error.code)) throw error;
    const actor = requireActor(request);
    const { uai } = parseInput(uaiParamSchema, request.params);
    const issues = (error.details as { issues?: { field?: string; message: string }[] } | undefined)?.issues;
    const fields: Record<string, string> = {};
    for (const issue of issues ?? []) if (issue.field) fields[issue.field] ??= issue.message;
    return sendHtml(
      reply,
      httpStatusByCode[error.code],
      renderCartPage({
        actor,
        cart: await getCartPage(db, actor, uai),
        csrfToken: actor.csrfToken,
        idempotencyKey: randomUUID(),
        proposalError: { ...proposalError, message: error.message, fields },
      }),
    );
  }

  app.post<{ Params: Params }>('/etablissements/:uai/propositions/:id/panier', async (request, reply) => {
    const actor = requireActor(request);
    const { uai, id } = parseInput(proposalParamSchema, request.params);
    const form = formOf(request);
    try {
      const line = parseInput(cartLineSchema, pickFormFields(form, { ints: ['offer', 'seats', 'quantity'] }));
      const { lineId } = await addProposalToCart(db, actor, uai, id, line);
      return await reply.redirect(`/etablissements/${uai}/panier?ok=ligne#ligne-${lineId}`, 303);
    } catch (error) {
      return proposalRefusal(error, request, reply, {
        proposal: id,
        kind: 'panier',
        values: { offer: text(form, 'offer'), seats: text(form, 'seats'), quantity: text(form, 'quantity') },
      });
    }
  });

  app.post<{ Params: Params }>('/etablissements/:uai/propositions/:id/refuser', async (request, reply) => {
    const actor = requireActor(request);
    const { uai, id } = parseInput(proposalParamSchema, request.params);
    const form = formOf(request);
    try {
      const { reason } = parseInput(declineProposalSchema, { reason: formText(form, 'reason', 2000) });
      await declineProposal(db, actor, uai, id, reason);
      return await reply.redirect(`/etablissements/${uai}/panier?ok=proposition-refusee#propositions`, 303);
    } catch (error) {
      return proposalRefusal(error, request, reply, {
        proposal: id,
        kind: 'refus',
        values: { reason: formText(form, 'reason', 2000) },
      });
    }
  });

  // ---- Votes: the proposals ranked by votes, voting, and a selection into the cart in one step ----

  const rankedPage = async (
    request: FastifyRequest<{ Params: Params }>,
    reply: FastifyReply,
    status: number,
    flash: Flash,
  ) => {
    const actor = requireActor(request);
    const { uai } = parseInput(uaiParamSchema, request.params);
    const view = await getRankedProposals(db, actor, uai);
    return sendHtml(
      reply,
      status,
      renderRankedProposalsPage({ actor, view, csrfToken: actor.csrfToken, flash }),
    );
  };

  app.get<{ Params: Params }>('/etablissements/:uai/propositions', async (request, reply) =>
    rankedPage(request, reply, 200, { success: successMessage(request.query, voteNotices) }),
  );

  /** A refused vote or selection (voting twice, one's own proposal, nothing ticked) said on the page. */
  async function voteAction(
    request: FastifyRequest<{ Params: Params }>,
    reply: FastifyReply,
    act: (uai: string) => Promise<string>,
  ) {
    const { uai } = parseInput(uaiParamSchema, { uai: request.params.uai });
    try {
      const ok = await act(uai);
      return await reply.redirect(`/etablissements/${uai}/propositions?ok=${ok}`, 303);
    } catch (error) {
      if (!(error instanceof AppError) || !voteRefusals.has(error.code)) throw error;
      return rankedPage(request, reply, httpStatusByCode[error.code], { error: error.message });
    }
  }

  app.post<{ Params: Params }>('/etablissements/:uai/propositions/:id/vote', async (request, reply) => {
    const actor = requireActor(request);
    const { id } = parseInput(proposalParamSchema, request.params);
    return voteAction(request, reply, async (uai) => {
      await voteForProposal(db, actor, uai, id);
      return 'vote';
    });
  });

  app.post<{ Params: Params }>(
    '/etablissements/:uai/propositions/:id/retirer-vote',
    async (request, reply) => {
      const actor = requireActor(request);
      const { id } = parseInput(proposalParamSchema, request.params);
      return voteAction(request, reply, async (uai) => {
        await withdrawVote(db, actor, uai, id);
        return 'vote-retire';
      });
    },
  );

  app.post<{ Params: Params }>('/etablissements/:uai/propositions/selection', async (request, reply) => {
    const actor = requireActor(request);
    const ids = formList(formOf(request), 'proposal')
      .slice(0, 1000)
      .map((value) => (/^\d{1,9}$/.test(value) ? Number(value) : NaN));
    return voteAction(request, reply, async (uai) => {
      if (ids.some((id) => Number.isNaN(id))) {
        throw new AppError('VALIDATION_FAILED', 'La sélection contient une proposition inconnue.');
      }
      await cartFromSelection(db, actor, uai, ids);
      return 'selection';
    });
  });

  app.get('/mes-propositions', async (request, reply) => {
    const actor = requireActor(request);
    const proposals = await listMyProposals(db, actor);
    return sendHtml(reply, 200, renderProposalsPage({ actor, proposals }));
  });

  app.get<{ Params: Params }>('/etablissements/:uai/droit-de-tirage', async (request, reply) => {
    const actor = requireActor(request);
    const { uai } = parseInput(uaiParamSchema, request.params);
    const page = await getDrawingRightPage(db, actor, uai);
    return sendHtml(reply, 200, renderDrawingRightPage({ actor, page }));
  });

  // The header's link: the drawing right of the establishment whose orders the person follows.
  app.get('/droit-de-tirage', async (request, reply) => {
    const actor = requireActor(request);
    const uai = await defaultOrdersEstablishmentUai(db, actor);
    return reply.redirect(`/etablissements/${uai}/droit-de-tirage`, 303);
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
      const cart = await getCartPage(db, actor, uai);
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

/** Refusals of a vote or a selection shown on the ranked proposals page. */
const voteRefusals = new Set(['VALIDATION_FAILED', 'CONFLICT', 'NOT_FOUND']);

const voteNotices: Record<string, string> = {
  vote: 'Votre vote est enregistré.',
  'vote-retire': 'Votre vote est retiré.',
  selection: 'Les propositions sélectionnées sont dans le panier.',
};

/** Refusals of a proposal form shown on the cart page beside the proposal. */
const proposalRefusals = new Set(['VALIDATION_FAILED', 'CONFLICT']);
