// Builds the HTTP app from its modules, with security headers, compression, static assets and one
// error handler that turns every failure into a clear 4xx/5xx without stack traces.
import fastifyCompress from '@fastify/compress';
import fastifyFormbody from '@fastify/formbody';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import helmet from 'helmet';
import type { AppContext } from './app-context.js';
import { accountsRoutes } from './modules/accounts/accounts.routes.js';
import { registerSessions } from './modules/accounts/session.plugin.js';
import { catalogueApiRoutes } from './modules/catalogue/catalogue.routes.js';
import { fundingRoutes } from './modules/funding/funding.routes.js';
import { ordersRoutes } from './modules/orders/orders.routes.js';
import { openApiDocument } from './openapi.js';
import { AppError, httpStatusByCode } from './shared/errors.js';
import { registerStaticAssets } from './web/assets.js';
import { renderErrorPage } from './web/page-kit.js';
import { accountsPageRoutes } from './web/pages/accounts/accounts-pages.routes.js';
import { cataloguePageRoutes } from './web/pages/catalogue/catalogue-pages.routes.js';
import { fundingPageRoutes } from './web/pages/funding/funding-pages.routes.js';
import { ordersPageRoutes } from './web/pages/orders/orders-pages.routes.js';

export interface AppOptions {
  logLevel?: string;
}

/** Query strings are parsed with the WHATWG parser: it never throws on malformed percent-encoding. */
function parseQueryString(text: string): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const existing = result[key];
    result[key] =
      existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return result;
}

function wantsJson(url: string): boolean {
  return url.startsWith('/api/') || url === '/api' || url.startsWith('/health');
}

export async function buildApp(context: AppContext, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: options.logLevel ?? 'info' },
    routerOptions: { querystringParser: parseQueryString, maxParamLength: 200 },
    // Slow school networks: keep connections, but never wait forever on a stalled client.
    requestTimeout: 30_000,
    bodyLimit: 1_048_576,
  });

  // Security headers from helmet, its middleware built once: the Fastify adapter (@fastify/helmet)
  // rebuilt it, parsing the directives again, on every request (~30 µs each).
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onRequest', (request, reply, done) => {
    securityHeaders(request.raw, reply.raw, (error?: unknown) =>
      done(error instanceof Error ? error : undefined),
    );
  });
  await app.register(fastifyCompress, { global: true, threshold: 1024 });
  await app.register(fastifyFormbody);
  await registerStaticAssets(app);

  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    let status: number;
    let code: string;
    let message: string;
    let details: unknown;
    if (error instanceof AppError) {
      status = httpStatusByCode[error.code];
      code = error.code;
      message = error.message;
      details = error.details;
    } else if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      status = error.statusCode;
      code = error.validation ? 'VALIDATION_FAILED' : 'BAD_REQUEST';
      message = 'La requête est mal formée.';
    } else {
      request.log.error({ err: error }, 'unexpected error');
      status = 500;
      code = 'INTERNAL';
      message = 'Une erreur inattendue est survenue. Réessayez dans un instant.';
    }
    if (status >= 500) request.log.error({ err: error }, message);
    void reply.status(status);
    if (wantsJson(request.url)) {
      return reply.send({ error: { code, message, ...(details !== undefined ? { details } : {}) } });
    }
    return reply.type('text/html; charset=utf-8').send(renderErrorPage(status, message, request.actor));
  });

  app.setNotFoundHandler((request, reply) => {
    void reply.status(404);
    if (wantsJson(request.url)) {
      return reply.send({ error: { code: 'NOT_FOUND', message: 'Cette adresse n’existe pas.' } });
    }
    return reply
      .type('text/html; charset=utf-8')
      .send(renderErrorPage(404, 'Cette page n’existe pas.', request.actor));
  });

  app.get('/health', async () => {
    const started = performance.now();
    await context.db.selectFrom('catalogue_revision').select('revision').execute();
    return {
      status: 'ok',
      database: context.databaseKind,
      databaseLatencyMs: Math.round((performance.now() - started) * 100) / 100,
    };
  });
  app.get('/api/openapi.json', () => openApiDocument);

  await registerSessions(app, context);
  // The JSON API, one module at a time...
  catalogueApiRoutes(app, context);
  accountsRoutes(app, context);
  fundingRoutes(app, context);
  ordersRoutes(app, context);
  // ...and the pages, one area at a time (src/web/pages/<area>/<area>-pages.routes.ts).
  cataloguePageRoutes(app, context);
  accountsPageRoutes(app, context);
  fundingPageRoutes(app, context);
  ordersPageRoutes(app, context);
  return app;
}
