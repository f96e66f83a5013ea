// Routes of the accounts module (API and pages). Registered by app.ts.
//   API:   POST /api/session, DELETE /api/session, GET /api/me
//   Pages: /connexion, /deconnexion (POST), /mon-compte, /invitation/:token, /mot-de-passe-oublie,
//          /reinitialisation/:token, /notifications (+ POST to mark read), /dev/outbox
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app-context.js';
import { AppError } from '../../shared/errors.js';
import { renderAccountPage } from '../../web/pages/accounts/account-page.js';
import { renderNotificationsPage } from '../../web/pages/accounts/notifications-page.js';
import { renderOutboxPage } from '../../web/pages/accounts/outbox-page.js';
import {
  renderChoosePasswordPage,
  renderForgotPasswordPage,
  renderLinkProblemPage,
  type PasswordLinkKind,
} from '../../web/pages/accounts/password-pages.js';
import { renderSignInPage } from '../../web/pages/accounts/sign-in-page.js';
import { authorize, requireActor } from './actor.js';
import { canReadNotification, canViewOutbox } from './accounts.policy.js';
import { presentProfile } from './accounts.presenter.js';
import {
  asDate,
  countUnreadNotifications,
  listNotifications,
  listOutbox,
  markNotificationsRead,
  notificationOwner,
} from './accounts.repository.js';
import {
  choosePasswordSchema,
  fieldErrors,
  forgotPasswordSchema,
  notificationIdSchema,
  safeReturnPath,
  signInSchema,
  tokenParamSchema,
} from './accounts.schema.js';
import {
  checkToken,
  createSession,
  getProfile,
  requestPasswordReset,
  setPasswordWithToken,
  signIn,
  signOut,
} from './accounts.service.js';
import { tokenStateMessages } from './auth-tokens.js';
import { actorOrSignIn, signInUrl } from './page-auth.js';
import { checkSignInFormToken, SIGN_IN_COOKIE, SIGN_IN_FIELD } from './csrf.js';
import { newToken } from './secrets.js';
import { clearSessionCookie, currentSessionToken, setSessionCookie } from './session.plugin.js';

// No config variable for this yet: NODE_ENV is the usual switch (see canViewOutbox).
const PRODUCTION = process.env.NODE_ENV === 'production';

function sendHtml(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
}

function formBody(request: FastifyRequest): Record<string, unknown> {
  const body = request.body;
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.slice(0, 1000) : '';
}

function setRetryAfter(reply: FastifyReply, error: AppError): void {
  const seconds = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
  if (seconds !== undefined) void reply.header('retry-after', String(seconds));
}

export function accountsRoutes(app: FastifyInstance, context: AppContext): void {
  const { db } = context;

  // ---- API ----

  app.post('/api/session', async (request, reply) => {
    // JSON only: a cross-site HTML form can post urlencoded fields, never application/json.
    if (!request.headers['content-type']?.toLowerCase().startsWith('application/json')) {
      throw new AppError('VALIDATION_FAILED', 'Envoyez l’adresse et le mot de passe en JSON.');
    }
    const parsed = signInSchema.safeParse(request.body);
    if (!parsed.success) {
      throw new AppError('VALIDATION_FAILED', parsed.error.issues[0]!.message, fieldErrors(parsed.error));
    }
    try {
      const session = await signIn(db, { ...parsed.data, ip: request.ip });
      setSessionCookie(reply, session);
      return { ...presentProfile(await getProfile(db, session.userId)), csrfToken: session.csrfToken };
    } catch (error) {
      if (error instanceof AppError && error.code === 'RATE_LIMITED') setRetryAfter(reply, error);
      throw error;
    }
  });

  app.delete('/api/session', async (request, reply) => {
    const token = currentSessionToken(request);
    if (token) {
      await signOut(db, token);
      context.sessions.forget(token);
    }
    clearSessionCookie(reply);
    return reply.status(204).send();
  });

  app.get('/api/me', async (request, reply) => {
    const actor = requireActor(request);
    void reply.header('cache-control', 'no-store');
    return { ...presentProfile(await getProfile(db, actor.userId)), csrfToken: actor.csrfToken };
  });

  // ---- Sign-in and sign-out pages ----

  app.get<{ Querystring: Record<string, unknown> }>('/connexion', async (request, reply) => {
    const returnPath = safeReturnPath(request.query.retour);
    if (request.actor) return reply.redirect(returnPath, 303);
    const formToken = request.cookies[SIGN_IN_COOKIE] ?? newToken();
    void reply.setCookie(SIGN_IN_COOKIE, formToken, {
      path: '/connexion',
      httpOnly: true,
      sameSite: 'strict',
      secure: PRODUCTION ? true : 'auto',
      maxAge: 2 * 60 * 60,
    });
    const notice =
      request.query.deconnecte !== undefined
        ? 'Vous êtes déconnecté.'
        : request.query.motdepasse !== undefined
          ? 'Votre mot de passe est enregistré. Connectez-vous.'
          : undefined;
    return sendHtml(
      reply,
      200,
      renderSignInPage({ actor: request.actor, returnPath, formToken, ...(notice ? { notice } : {}) }),
    );
  });

  app.post('/connexion', async (request, reply) => {
    checkSignInFormToken(request);
    const body = formBody(request);
    const returnPath = safeReturnPath(body.retour);
    const email = text(body.email);
    const formToken = text(body[SIGN_IN_FIELD]);
    const parsed = signInSchema.safeParse({ email, password: text(body.password) });
    if (!parsed.success) {
      return sendHtml(
        reply,
        400,
        renderSignInPage({
          actor: request.actor,
          email,
          returnPath,
          formToken,
          fieldErrors: fieldErrors(parsed.error),
        }),
      );
    }
    try {
      const session = await signIn(db, { ...parsed.data, ip: request.ip });
      setSessionCookie(reply, session);
      return await reply.redirect(returnPath, 303);
    } catch (error) {
      if (error instanceof AppError && (error.code === 'UNAUTHENTICATED' || error.code === 'RATE_LIMITED')) {
        if (error.code === 'RATE_LIMITED') setRetryAfter(reply, error);
        const status = error.code === 'RATE_LIMITED' ? 429 : 401;
        return sendHtml(
          reply,
          status,
          renderSignInPage({ actor: request.actor, email, returnPath, formToken, error: error.message }),
        );
      }
      throw error;
    }
  });

  app.post('/deconnexion', async (request, reply) => {
    const token = currentSessionToken(request);
    if (token) {
      await signOut(db, token);
      context.sessions.forget(token);
    }
    clearSessionCookie(reply);
    return reply.redirect('/connexion?deconnecte=1', 303);
  });

  app.get<{ Querystring: Record<string, unknown> }>('/mon-compte', async (request, reply) => {
    const actor = actorOrSignIn(request, reply);
    if (!actor) return reply;
    const [profile, unread] = await Promise.all([
      getProfile(db, actor.userId),
      countUnreadNotifications(db, actor.userId),
    ]);
    const notice =
      request.query.bienvenue !== undefined
        ? 'Votre mot de passe est enregistré. Vous êtes connecté.'
        : undefined;
    return sendHtml(reply, 200, renderAccountPage({ actor, profile, unread, ...(notice ? { notice } : {}) }));
  });

  // ---- Email links: invitation and password reset ----

  function linkRoutes(path: string, kind: PasswordLinkKind): void {
    app.get<{ Params: { token: string } }>(`${path}/:token`, async (request, reply) => {
      const params = tokenParamSchema.safeParse(request.params);
      if (!params.success) return sendHtml(reply, 404, renderLinkProblemPage(tokenStateMessages.unknown));
      const check = await checkToken(db, params.data.token, kind);
      if (!check.user) return sendHtml(reply, 410, renderLinkProblemPage(check.message!));
      return sendHtml(
        reply,
        200,
        renderChoosePasswordPage({ kind, token: params.data.token, user: check.user, actor: request.actor }),
      );
    });

    app.post<{ Params: { token: string } }>(`${path}/:token`, async (request, reply) => {
      const params = tokenParamSchema.safeParse(request.params);
      if (!params.success) return sendHtml(reply, 404, renderLinkProblemPage(tokenStateMessages.unknown));
      const { token } = params.data;
      const body = formBody(request);
      const parsed = choosePasswordSchema.safeParse({
        password: text(body.password),
        confirmation: text(body.confirmation),
      });
      if (!parsed.success) {
        const check = await checkToken(db, token, kind);
        if (!check.user) return sendHtml(reply, 410, renderLinkProblemPage(check.message!));
        return sendHtml(
          reply,
          400,
          renderChoosePasswordPage({
            kind,
            token,
            user: check.user,
            actor: request.actor,
            errors: fieldErrors(parsed.error),
          }),
        );
      }
      try {
        const userId = await setPasswordWithToken(db, {
          token,
          password: parsed.data.password,
          purpose: kind,
        });
        // Every older session of the user was deleted: this node must not keep serving them.
        context.sessions.forgetUser(userId);
        // The link proved the mailbox: sign in at once (every older session was ended).
        setSessionCookie(reply, await createSession(db, userId));
        return await reply.redirect('/mon-compte?bienvenue=1', 303);
      } catch (error) {
        if (error instanceof AppError && error.code === 'CONFLICT') {
          return sendHtml(reply, 410, renderLinkProblemPage(error.message));
        }
        throw error;
      }
    });
  }
  linkRoutes('/invitation', 'invitation');
  linkRoutes('/reinitialisation', 'password-reset');

  app.get('/mot-de-passe-oublie', async (request, reply) =>
    sendHtml(reply, 200, renderForgotPasswordPage({ actor: request.actor })),
  );

  app.post('/mot-de-passe-oublie', async (request, reply) => {
    const email = text(formBody(request).email);
    const parsed = forgotPasswordSchema.safeParse({ email });
    if (!parsed.success) {
      return sendHtml(
        reply,
        400,
        renderForgotPasswordPage({ actor: request.actor, email, error: parsed.error.issues[0]!.message }),
      );
    }
    await requestPasswordReset(db, { email: parsed.data.email });
    return sendHtml(reply, 200, renderForgotPasswordPage({ actor: request.actor, sent: true }));
  });

  // ---- In-app notifications ----

  app.get('/notifications', async (request, reply) => {
    const actor = actorOrSignIn(request, reply);
    if (!actor) return reply;
    const rows = await listNotifications(db, actor.userId);
    return sendHtml(
      reply,
      200,
      renderNotificationsPage({
        actor,
        notifications: rows.map((row) => ({
          id: row.id,
          title: row.title,
          body: row.body,
          link: row.link,
          createdAt: asDate(row.created_at),
          readAt: row.read_at === null ? null : asDate(row.read_at),
        })),
      }),
    );
  });

  app.post<{ Params: { id: string } }>('/notifications/:id/lue', async (request, reply) => {
    const actor = requireActor(request);
    const params = notificationIdSchema.safeParse(request.params);
    if (!params.success) throw new AppError('NOT_FOUND', 'Cette notification n’existe pas.');
    const owner = await notificationOwner(db, params.data.id);
    // Someone else's notification answers like a missing one: ids reveal nothing.
    if (owner === undefined || !canReadNotification(actor, { userId: owner })) {
      throw new AppError('NOT_FOUND', 'Cette notification n’existe pas.');
    }
    await markNotificationsRead(db, actor.userId, params.data.id);
    return reply.redirect('/notifications', 303);
  });

  app.post('/notifications/toutes-lues', async (request, reply) => {
    const actor = requireActor(request);
    await markNotificationsRead(db, actor.userId, null);
    return reply.redirect('/notifications', 303);
  });

  // ---- Development: the email outbox ----

  app.get('/dev/outbox', async (request, reply) => {
    if (PRODUCTION && !request.actor) {
      return reply.redirect(signInUrl('/dev/outbox'), 303);
    }
    authorize(
      canViewOutbox(request.actor, PRODUCTION),
      'Seule l’administration nationale peut lire les courriels.',
    );
    const rows = await listOutbox(db);
    return sendHtml(
      reply,
      200,
      renderOutboxPage({
        actor: request.actor,
        emails: rows.map((row) => ({
          id: row.id,
          to: row.to_email,
          subject: row.subject,
          body: row.body,
          createdAt: asDate(row.created_at),
        })),
      }),
    );
  });
}
