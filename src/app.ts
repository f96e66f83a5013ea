// Builds the HTTP app from its modules, with security headers, compression, static assets and one
// error handler that turns every failure into a clear 4xx/5xx without stack traces.
import fastifyCompress from '@fastify/compress';
import fastifyFormbody from '@fastify/formbody';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import helmet from 'helmet';
import { z } from 'zod';
import { sql } from 'kysely';
import type { AppContext } from './app-context.js';
import { loadConfig } from './config.js';
import { accountsRoutes } from './modules/accounts/accounts.routes.js';
import {
  registerSessions,
  sessionSecuritySchemes,
  setRetryAfter,
} from './modules/accounts/session.plugin.js';
import { catalogueApiRoutes } from './modules/catalogue/catalogue.routes.js';
import { fundingRoutes } from './modules/funding/funding.routes.js';
import { ordersRoutes } from './modules/orders/orders.routes.js';
import { noticesApiRoutes } from './modules/notices/notices.routes.js';
import { statisticsApiRoutes } from './modules/statistics/statistics.routes.js';
import { oaiRoutes } from './modules/oai/oai.routes.js';
import { reviewsApiRoutes } from './modules/reviews/reviews.routes.js';
import { AppError, httpStatusByCode } from './shared/errors.js';
import { requestLogSerializer } from './shared/log-redaction.js';
import { registerHostileInputGuard } from './shared/hostile-input.js';
import {
  DEFAULT_SERVER_TIMEOUTS,
  serverTimeoutOptions,
  type ServerTimeouts,
} from './shared/server-timeouts.js';
import {
  errorResponses,
  jsonReply,
  publicAccess,
  registerOpenApi,
  replySerializer,
  zodValidator,
} from './shared/openapi.js';
import { registerStaticAssets } from './web/assets.js';
import { renderErrorPage, signInUrl } from './web/page-kit.js';
import { accountsPageRoutes } from './web/pages/accounts/accounts-pages.routes.js';
import { cataloguePageRoutes } from './web/pages/catalogue/catalogue-pages.routes.js';
import { fundingPageRoutes } from './web/pages/funding/funding-pages.routes.js';
import { cartPageRoutes } from './web/pages/orders/cart-pages.routes.js';
import { ordersPageRoutes } from './web/pages/orders/orders-pages.routes.js';
import { publisherPageRoutes } from './web/pages/orders/publisher-pages.routes.js';
import { noticesPageRoutes } from './web/pages/notices/notices-pages.routes.js';
import { scenariosPageRoutes } from './web/pages/scenarios/scenarios-pages.routes.js';
import { teacherResourcesPageRoutes } from './web/pages/teacher-resources/teacher-resources-pages.routes.js';
import { harvestPageRoutes } from './web/pages/harvest/harvest-pages.routes.js';
import { reviewsPageRoutes } from './web/pages/reviews/reviews-pages.routes.js';
import { statisticsPageRoutes } from './web/pages/statistics/statistics-pages.routes.js';

export interface AppOptions {
  logLevel?: string;
  /** Parse every JSON reply with its route's response schema (default: under vitest). */
  checkReplies?: boolean;
  /** Limits on slow and idle clients (default DEFAULT_SERVER_TIMEOUTS; tests use short ones). */
  timeouts?: Partial<ServerTimeouts>;
  /** Where log lines go (default: standard output); tests read them. */
  logStream?: { write(line: string): void };
  /** Which proxies may say who the client is (X-Forwarded-For): see TRUST_PROXY in config.ts. */
  trustProxy?: boolean | string;
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
    // Request lines never carry an email link's one-time token (shared/log-redaction.ts).
    logger: {
      level: options.logLevel ?? 'info',
      serializers: { req: requestLogSerializer },
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
    routerOptions: { querystringParser: parseQueryString, maxParamLength: 200 },
    // Slow school networks: keep connections, but never wait forever on a stalled client.
    ...serverTimeoutOptions({ ...DEFAULT_SERVER_TIMEOUTS, ...options.timeouts }),
    bodyLimit: 1_048_576,
    // The client's address keys the sign-in limits: behind a reverse proxy it must come from the
    // proxy's header, else every visitor would share the proxy's address and its limits.
    trustProxy: options.trustProxy ?? false,
  });
  // Routes declare their schemas in zod (see shared/openapi.ts): they validate requests, and in tests
  // every reply is checked against its declared shape. The document is collected from the routes, so
  // it is registered before any of them.
  // The search index follower stops with the app (its timers and its LISTEN connection).
  app.addHook('onClose', () => context.search.close());
  app.setValidatorCompiler(zodValidator());
  app.setSerializerCompiler(replySerializer(options.checkReplies ?? process.env.VITEST !== undefined));
  await registerOpenApi(app, { publicUrl: loadConfig().PUBLIC_URL, securitySchemes: sessionSecuritySchemes });

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
      // A rate-limited sign-in, a search index still being built: the client learns when to retry.
      setRetryAfter(reply, error);
    } else if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      status = error.statusCode;
      code = error.validation ? 'VALIDATION_FAILED' : 'BAD_REQUEST';
      message = 'La requête est mal formée.';
    } else {
      status = 500;
      code = 'INTERNAL';
      message = 'Une erreur inattendue est survenue. Réessayez dans un instant.';
    }
    if (status >= 500 && !(error instanceof AppError)) request.log.error({ err: error }, message);
    else if (status >= 500) request.log.warn({ code }, message);
    // A signed-out visitor who opens a private page is sent to sign in and brought back (every page
    // handler that calls requireActor); the API and forms keep their 401.
    if (
      code === 'UNAUTHENTICATED' &&
      !wantsJson(request.url) &&
      (request.method === 'GET' || request.method === 'HEAD')
    ) {
      return reply.redirect(signInUrl(request.url), 303);
    }
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

  const service = app.withTypeProvider<ZodTypeProvider>();
  service.get(
    '/health',
    {
      schema: {
        operationId: 'getHealth',
        tags: ['service'],
        summary: 'Liveness and database kind',
        security: publicAccess,
        response: {
          200: jsonReply(
            'The service and its database answer.',
            z.object({
              status: z.literal('ok'),
              database: z.enum(['pglite', 'postgresql']),
              databaseLatencyMs: z.number(),
            }),
          ),
          ...errorResponses(400),
        },
      },
    },
    async () => {
      const started = performance.now();
      await sql`SELECT 1`.execute(context.db);
      return {
        status: 'ok' as const,
        database: context.databaseKind,
        databaseLatencyMs: Math.round((performance.now() - started) * 100) / 100,
      };
    },
  );
  service.get(
    '/api/openapi.json',
    {
      schema: {
        operationId: 'getOpenApi',
        tags: ['service'],
        summary: 'This OpenAPI document',
        security: publicAccess,
        response: {
          200: jsonReply('The OpenAPI 3.0 document of the JSON API.', z.record(z.string(), z.unknown())),
          ...errorResponses(400),
        },
      },
    },
    () => app.swagger() as unknown as Record<string, unknown>,
  );

  await registerSessions(app, context);
  // NUL bytes and unpaired surrogates get a 400 here, before any schema, handler or query sees them.
  registerHostileInputGuard(app);
  // The JSON API, one module at a time...
  catalogueApiRoutes(app, context);
  accountsRoutes(app, context);
  fundingRoutes(app, context);
  ordersRoutes(app, context);
  noticesApiRoutes(app, context);
  statisticsApiRoutes(app, context);
  oaiRoutes(app, context);
  reviewsApiRoutes(app, context);
  // ...and the pages, one area at a time (src/web/pages/<area>/<area>-pages.routes.ts).
  cataloguePageRoutes(app, context);
  accountsPageRoutes(app, context);
  fundingPageRoutes(app, context);
  cartPageRoutes(app, context);
  ordersPageRoutes(app, context);
  publisherPageRoutes(app, context);
  noticesPageRoutes(app, context);
  scenariosPageRoutes(app, context);
  teacherResourcesPageRoutes(app, context);
  harvestPageRoutes(app, context);
  reviewsPageRoutes(app, context);
  statisticsPageRoutes(app, context);
  return app;
}
