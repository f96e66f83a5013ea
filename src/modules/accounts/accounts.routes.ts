// Routes of the accounts module (API and pages). Registered by app.ts.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app-context.js';

export function accountsRoutes(app: FastifyInstance, context: AppContext): void {
  void app;
  void context;
}
