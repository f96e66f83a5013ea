// Resolves the session cookie into request.actor before every route, and checks CSRF tokens on
// state-changing requests. Registered by app.ts before any route.
import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app-context.js';
import type { AppError } from '../../shared/errors.js';
import { isMultipart } from '../../shared/hostile-input.js';
import { requiresSession } from '../../shared/openapi.js';
import { requireActor, type Actor } from './actor.js';
import type { NewSession } from './accounts.service.js';
import { checkCsrf, checkSameOrigin, CSRF_HEADER, isStateChanging } from './csrf.js';

export const SESSION_COOKIE = 'ccr_session';

/** Requests that create a session: no token exists yet, so they get an origin check instead. */
const SIGN_IN_ROUTES = new Set(['POST /api/session', 'POST /connexion']);

function sessionToken(request: FastifyRequest): string | undefined {
  const value = request.cookies[SESSION_COOKIE];
  // Our tokens are 43 characters; anything much longer is not worth a query.
  return value && value.length <= 128 ? value : undefined;
}

export function setSessionCookie(reply: FastifyReply, session: NewSession): void {
  void reply.setCookie(SESSION_COOKIE, session.token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    // Secure whenever the request came over https (and always in production).
    secure: process.env.NODE_ENV === 'production' ? true : 'auto',
    expires: session.expiresAt,
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax' });
}

export function currentSessionToken(request: FastifyRequest): string | undefined {
  return sessionToken(request);
}

/** The actor of the request's session cookie, if live (upload scopes read it before the body). */
export async function sessionActor(
  request: FastifyRequest,
  sessions: AppContext['sessions'],
): Promise<Actor | undefined> {
  const token = sessionToken(request);
  return token ? sessions.actorFor(token) : undefined;
}

export async function registerSessions(app: FastifyInstance, context: AppContext): Promise<void> {
  await app.register(fastifyCookie);
  // preValidation, not onRequest: the CSRF token of a form is in the parsed body. Before the route's
  // schemas validate it, so a forged or signed-out request is refused as such, not as invalid.
  app.addHook('preValidation', async (request) => {
    request.actor = await sessionActor(request, context.sessions);
    if (requiresSession(request.routeOptions.schema?.security)) requireActor(request);
    if (!isStateChanging(request.method)) return;
    const route = `${request.method} ${request.routeOptions.url ?? ''}`;
    if (SIGN_IN_ROUTES.has(route)) {
      checkSameOrigin(request);
      return;
    }
    // Without a live session the request carries no authority a forged form could abuse.
    if (request.actor && !isMultipart(request)) checkCsrf(request, request.actor);
  });
  // Cache-Control in one place: answers that depend on the session are never stored (school computers
  // are shared). Public pages and API answers for a signed-out visitor stay cacheable.
  app.addHook('onSend', (request, reply, payload, done) => {
    if (mustNotBeStored(request, reply)) void reply.header('cache-control', 'no-store');
    done(null, payload);
  });
  // A multipart form's fields (its _csrf among them) are parsed by the multipart plugin's own
  // preValidation hook, in the upload's scope, which runs after the one above: check them once parsed,
  // still before any handler runs.
  app.addHook('preHandler', (request, _reply, done) => {
    try {
      if (request.actor && isStateChanging(request.method) && isMultipart(request)) {
        checkCsrf(request, request.actor);
      }
      done();
    } catch (error) {
      done(error as Error);
    }
  });
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Its answers hold a secret even for a signed-out visitor: never stored. */
    privateAnswers?: boolean;
  }
}

/** Route options of a page whose answers hold a secret even for a signed-out visitor (an email link). */
export const privateAnswers = { config: { privateAnswers: true } };

function mustNotBeStored(request: FastifyRequest, reply: FastifyReply): boolean {
  // Versioned static assets keep their year-long cache: they depend on nothing but their path.
  if (String(reply.getHeader('cache-control') ?? '').includes('immutable')) return false;
  return (
    // Anything seen with a live session (its name in the header, its orders, its cart…);
    request.actor !== undefined ||
    // any API route that takes a session, even answered without one;
    (Array.isArray(request.routeOptions.schema?.security) &&
      request.routeOptions.schema.security.length > 0) ||
    // answers to writes, and answers that set a cookie (the sign-in form's token, a new session);
    !['GET', 'HEAD'].includes(request.method) ||
    reply.hasHeader('set-cookie') ||
    request.routeOptions.config.privateAnswers === true
  );
}

/** A refused request tells the client when to try again (the error's retryAfterSeconds), if it says. */
export function setRetryAfter(reply: FastifyReply, error: AppError): void {
  const seconds = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
  if (seconds !== undefined) void reply.header('retry-after', String(seconds));
}

/** The session's security schemes as the OpenAPI document describes them (requirements: shared/openapi.ts). */
export const sessionSecuritySchemes = {
  sessionCookie: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description:
      'Session cookie set by POST /api/session (HttpOnly, SameSite=Lax, Secure in production). It holds a random token; the server stores only its SHA-256.',
  },
  csrfToken: {
    type: 'apiKey',
    in: 'header',
    name: CSRF_HEADER,
    description:
      'CSRF token of the session (csrfToken in the replies of POST /api/session and GET /api/me). Required on every POST, PUT, PATCH and DELETE sent with the session cookie.',
  },
} as const;
