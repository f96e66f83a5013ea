// CSRF protection: every state-changing request made with a session must echo that session's token,
// in the `_csrf` form field (pages) or the `x-csrf-token` header (API). Page forms carry the field with
// CsrfField from src/web/page-kit.tsx.
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.js';
import type { Actor } from './actor.js';
import { sameSecret } from './secrets.js';

export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isStateChanging(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

function sentToken(request: FastifyRequest): string | undefined {
  const header = request.headers[CSRF_HEADER];
  if (typeof header === 'string') return header;
  const body = request.body;
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const field = (body as Record<string, unknown>)[CSRF_FIELD];
    if (typeof field === 'string') return field;
  }
  return undefined;
}

const CSRF_MESSAGE = 'La vérification de sécurité du formulaire a échoué. Rechargez la page et recommencez.';

/** Throws CSRF_FAILED unless the request carries the actor's session token. */
export function checkCsrf(request: FastifyRequest, actor: Actor): void {
  const token = sentToken(request);
  if (token === undefined || !sameSecret(token, actor.csrfToken)) {
    throw new AppError('CSRF_FAILED', CSRF_MESSAGE);
  }
}

/**
 * Sign-in has no session yet, so no session token. Three layers protect it from login CSRF:
 * SameSite=Lax keeps cookies off cross-site posts; this check refuses a browser request that says it
 * comes from another site (Origin, or Sec-Fetch-Site when the Origin is "null", which is what
 * Chromium sends for same-origin form posts under our Referrer-Policy: no-referrer); and the sign-in
 * form carries a double-submit token (signInFormToken), while the API accepts JSON only, which a
 * cross-site form cannot send. Clients that send none of these headers (curl, scripts) are not
 * browsers that could be tricked.
 */
export function checkSameOrigin(request: FastifyRequest): void {
  const host = request.headers.host;
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== 'null') {
    let same = false;
    try {
      const from = new URL(origin);
      // Parsed with the same scheme so default ports compare equal ("localhost:80" = "localhost").
      same = host !== undefined && from.host === new URL(`${from.protocol}//${host}`).host;
    } catch {
      same = false;
    }
    if (!same) throw new AppError('CSRF_FAILED', CSRF_MESSAGE);
  }
  const site = request.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') throw new AppError('CSRF_FAILED', CSRF_MESSAGE);
}

/** Cookie and field of the sign-in form's double-submit token (there is no session to bind to yet). */
export const SIGN_IN_COOKIE = 'ccr_signin';
export const SIGN_IN_FIELD = '_signin';

/** Throws CSRF_FAILED unless the sign-in form's field matches its cookie. */
export function checkSignInFormToken(request: FastifyRequest): void {
  const cookie = request.cookies[SIGN_IN_COOKIE];
  const body = request.body as Record<string, unknown> | undefined;
  const field = body && typeof body === 'object' ? body[SIGN_IN_FIELD] : undefined;
  if (!cookie || typeof field !== 'string' || !sameSecret(field, cookie)) {
    throw new AppError(
      'CSRF_FAILED',
      'Le formulaire de connexion a expiré ou les cookies sont bloqués. Rechargez la page et recommencez.',
    );
  }
}
