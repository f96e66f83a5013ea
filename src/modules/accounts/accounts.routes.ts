// API routes of the accounts module. Registered by app.ts; its pages are in
// src/web/pages/accounts/accounts-pages.routes.ts.
//   POST /api/session, DELETE /api/session, GET /api/me
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.js';
import { AppError } from '../../shared/errors.js';
import {
  errorResponses,
  jsonReply,
  publicAccess,
  sessionRead,
  optionalSessionWrite,
  zodValidator,
} from '../../shared/openapi.js';
import { requireActor } from './actor.js';
import { presentProfile } from './accounts.presenter.js';
import { profileSchema, signInSchema, signInValidationError } from './accounts.schema.js';
import { getProfile, signIn, signOut } from './accounts.service.js';
import {
  clearSessionCookie,
  currentSessionToken,
  SESSION_COOKIE,
  setSessionCookie,
} from './session.plugin.js';

export function accountsRoutes(app: FastifyInstance, context: AppContext): void {
  const { db } = context;
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/api/session',
    {
      schema: {
        operationId: 'signIn',
        tags: ['accounts'],
        summary: 'Sign in',
        description:
          'JSON only (a cross-site form cannot send it), and the Origin must be this site. Failed attempts are counted per address and per email across app nodes.',
        security: publicAccess,
        body: signInSchema,
        response: {
          200: jsonReply('Signed in: the user, roles and the CSRF token of the new session.', profileSchema, {
            'Set-Cookie': {
              type: 'string',
              description: `${SESSION_COOKIE}=…; HttpOnly; SameSite=Lax; Path=/ (Secure in production).`,
            },
          }),
          ...errorResponses(400, 401, 403, 429),
        },
      },
      validatorCompiler: zodValidator(signInValidationError),
      // Before the body is validated: JSON only, as a cross-site HTML form can post urlencoded
      // fields, never application/json.
      preValidation: (request, _reply, done) => {
        if (!request.headers['content-type']?.toLowerCase().startsWith('application/json')) {
          done(new AppError('VALIDATION_FAILED', 'Envoyez l’adresse et le mot de passe en JSON.'));
          return;
        }
        done();
      },
    },
    async (request, reply) => {
      // A refusal goes to the app's error handler, which also sets Retry-After when rate-limited.
      const session = await signIn(
        db,
        { ...request.body, ip: request.ip },
        { production: context.production },
      );
      setSessionCookie(reply, session);
      return { ...presentProfile(await getProfile(db, session.userId)), csrfToken: session.csrfToken };
    },
  );

  api.delete(
    '/api/session',
    {
      schema: {
        operationId: 'signOut',
        tags: ['accounts'],
        summary: 'Sign out',
        description: 'Ends the session and clears the cookie; without a session it only clears the cookie.',
        security: optionalSessionWrite,
        response: { 204: z.undefined().describe('Signed out.'), ...errorResponses(403) },
      },
    },
    async (request, reply) => {
      const token = currentSessionToken(request);
      if (token) {
        await signOut(db, token);
        context.sessions.forget(token);
      }
      clearSessionCookie(reply);
      return reply.status(204).send();
    },
  );

  api.get(
    '/api/me',
    {
      schema: {
        operationId: 'getMe',
        tags: ['accounts'],
        summary: 'The signed-in user, roles and scopes',
        security: sessionRead,
        response: {
          200: jsonReply('The user, roles and the CSRF token of the session.', profileSchema),
          ...errorResponses(401),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return { ...presentProfile(await getProfile(db, actor.userId)), csrfToken: actor.csrfToken };
    },
  );
}
