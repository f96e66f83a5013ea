// API routes of the accounts module. Registered by app.ts; its pages are in
// src/web/pages/accounts/accounts-pages.routes.ts.
//   POST /api/session, DELETE /api/session, GET /api/me
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app-context.js';
import { AppError } from '../../shared/errors.js';
import { requireActor } from './actor.js';
import { presentProfile } from './accounts.presenter.js';
import { fieldErrors, signInSchema } from './accounts.schema.js';
import { getProfile, signIn, signOut } from './accounts.service.js';
import {
  clearSessionCookie,
  currentSessionToken,
  setRetryAfter,
  setSessionCookie,
} from './session.plugin.js';

export function accountsRoutes(app: FastifyInstance, context: AppContext): void {
  const { db } = context;

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
}
