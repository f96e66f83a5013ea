// One declaration per route: each API route states its request and response schemas in zod on its
// `schema:`, and those same objects validate the request, type the handler and make the OpenAPI 3.0
// document (fastify-type-provider-zod + @fastify/swagger). This file holds what every route shares:
// the compilers, the error replies, the security requirements and the document's header.
import fastifySwagger from '@fastify/swagger';
import type { FastifyInstance, FastifySchemaCompiler, FastifySerializerCompiler } from 'fastify';
import { createJsonSchemaTransform, createJsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, httpStatusByCode, type ErrorCode } from './errors.js';

// ---- Validation: a zod failure is an AppError VALIDATION_FAILED with the schema's French message ----

export type HttpPart = 'body' | 'querystring' | 'params' | 'headers';
/** Turns a failed parse into the route's AppError (each module keeps its own details shape). */
export type ValidationErrorFormat = (error: z.ZodError, part: HttpPart) => AppError;

/** The default: the first message, and every issue with its path in details.issues. */
export const validationFailed: ValidationErrorFormat = (error) => {
  const issues = error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  return new AppError('VALIDATION_FAILED', issues[0]?.message ?? 'Données invalides.', { issues });
};

/**
 * A Fastify validator compiler for zod schemas. A failure goes to the app's error handler as the
 * AppError `format` builds (Fastify passes an Error returned by a validator on as it is), so the
 * reply is the same {error:{code,message,details}} as a failure found in a handler. A route whose
 * messages are shaped differently passes its own: `validatorCompiler: zodValidator(myFormat)`.
 */
export function zodValidator<T = z.ZodType>(
  format: ValidationErrorFormat = validationFailed,
): FastifySchemaCompiler<T> {
  return ({ schema, httpPart }) =>
    (data) => {
      // Fastify passes null for a missing body or query: zod then says "required" as for undefined.
      const result = (schema as z.ZodType).safeParse(data ?? undefined);
      return result.success ? { value: result.data } : { error: format(result.error, httpPart as HttpPart) };
    };
}

/**
 * Replies are sent as the handler built them, never reshaped or stripped. With `check` (tests), the
 * JSON a client receives is first parsed with the route's response schema, and a mismatch fails the
 * request (500), so a presenter cannot drift from its documented shape unnoticed. Off in production:
 * checking every search reply would cost time for no client's benefit.
 */
export function replySerializer(check: boolean): FastifySerializerCompiler<z.ZodType> {
  return ({ schema, method, url, httpStatus }) =>
    (data) => {
      const json = JSON.stringify(data);
      if (check) {
        const sent: unknown = json === undefined ? undefined : JSON.parse(json);
        const result = schema.safeParse(sent);
        const problem = result.success
          ? undocumentedKeys(sent, result.data).map((path) => `✖ not in the schema\n  → at ${path}`)[0]
          : z.prettifyError(result.error);
        if (problem)
          throw new Error(`${method} ${url} ${httpStatus}: the reply does not match its schema: ${problem}`);
      }
      return json;
    };
}

/** Paths of the keys zod dropped while parsing (objects strip what their schema does not name). */
function undocumentedKeys(sent: unknown, parsed: unknown, path = 'body'): string[] {
  if (Array.isArray(sent) && Array.isArray(parsed)) {
    return sent.flatMap((item, index) => undocumentedKeys(item, parsed[index], `${path}[${index}]`));
  }
  if (sent && typeof sent === 'object' && parsed && typeof parsed === 'object') {
    const kept = parsed as Record<string, unknown>;
    return Object.entries(sent).flatMap(([key, value]) =>
      key in kept ? undocumentedKeys(value, kept[key], `${path}.${key}`) : [`${path}.${key}`],
    );
  }
  return [];
}

// ---- Security: the session cookie, and the CSRF header on every write made with it ----

/** No session needed. */
export const publicAccess: Record<string, string[]>[] = [];
/** A read with the session cookie. */
export const sessionRead: Record<string, string[]>[] = [{ sessionCookie: [] }];
/** A write with the session cookie: the CSRF header is required as well (both, not either). */
export const sessionWrite: Record<string, string[]>[] = [{ sessionCookie: [], csrfToken: [] }];
/** A write that also works without a session (signing out): with one, the CSRF header is required. */
export const optionalSessionWrite: Record<string, string[]>[] = [...sessionWrite, {}];

/**
 * Whether a route's declared security demands a session: any requirement, and no empty alternative.
 * The session plugin answers 401 for such a route before its schemas validate anything, so a signed-out
 * client learns it must sign in, not what its body lacked.
 */
export function requiresSession(security: unknown): boolean {
  return (
    Array.isArray(security) &&
    security.length > 0 &&
    security.every((requirement) => Object.keys(requirement as object).length > 0)
  );
}

// ---- Errors: {"error":{"code","message","details"}}, statuses from shared/errors.ts ----

/** Codes app.ts emits itself: Fastify's own 4xx (malformed JSON, body too large) and unexpected failures. */
const frameworkCodes = { BAD_REQUEST: 400, INTERNAL: 500 } as const;
const statusOfCode: Record<string, number> = { ...httpStatusByCode, ...frameworkCodes };
export const errorCodes = Object.keys(statusOfCode) as [ErrorCode | keyof typeof frameworkCodes];

export const errorSchema = z
  .object({
    error: z.object({
      code: z.enum(errorCodes).meta({ example: 'VALIDATION_FAILED' }),
      message: z.string().describe('A message a person understands, in French.'),
      details: z
        .unknown()
        .optional()
        .describe(
          'Machine-readable context when there is some: issues [{field|path|parameter, message}] on VALIDATION_FAILED, shortfallCents and remainingCents on BUDGET_EXCEEDED, retryAfterSeconds on RATE_LIMITED, errors [{line, message}] on a refused CSV import.',
        ),
    }),
  })
  .meta({ id: 'Error' });

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 429;

const errorMeaning: Record<ErrorStatus, string> = {
  400: 'The request is invalid; the message names the first problem, details.issues lists all of them.',
  401: 'Not signed in, or wrong email or password.',
  403: 'Signed in but not allowed, or the x-csrf-token header is missing or wrong (CSRF_FAILED).',
  404: 'No such thing, or one the caller may not know of.',
  409: 'The request conflicts with the current state; details may say by how much (shortfallCents).',
  429: 'Too many failed sign-in attempts; the Retry-After header says when to try again.',
};

const codesWith = (test: (status: number) => boolean) =>
  Object.keys(statusOfCode).filter((code) => test(statusOfCode[code]!));

/** An error reply of one status: its codes and meaning, the Error body. */
interface ErrorResponse {
  description: string;
  content: { 'application/json': { schema: typeof errorSchema } };
  headers?: ResponseHeaders;
}

function errorResponse(status: ErrorStatus | 'default'): ErrorResponse {
  const description =
    status === 'default'
      ? `${codesWith((s) => s >= 500)
          .map((code) => `${statusOfCode[code]} ${code}`)
          .join(', ')}: an unexpected failure (nothing was written), a busy database, or a node whose ` +
        'search index is still being built (try again after Retry-After, when given).'
      : `${codesWith((s) => s === status).join(', ')}. ${errorMeaning[status]}`;
  return {
    description,
    content: { 'application/json': { schema: errorSchema } },
    ...(status === 429 || status === 'default'
      ? {
          headers: {
            'Retry-After': { type: 'integer', description: 'Seconds to wait before trying again.' },
          },
        }
      : {}),
  };
}

/**
 * The error replies of a route, by status, plus `default` (5xx), which any route may answer: spread
 * into `response:` next to the success. Every operation documents at least one 4xx.
 *   response: { 200: resourceSchema, ...errorResponses(404) }
 */
export function errorResponses<S extends ErrorStatus>(
  ...statuses: [S, ...S[]]
): Record<S | 'default', ErrorResponse> {
  const responses = { default: errorResponse('default') } as Record<S | 'default', ErrorResponse>;
  for (const status of statuses) responses[status] = errorResponse(status);
  return responses;
}

/** Response headers, each a JSON Schema with its description: { 'Retry-After': { type: 'integer', description } }. */
export type ResponseHeaders = Record<string, { type: string; description: string }>;

/**
 * A JSON reply with its description (and headers: Set-Cookie…): use it for every success reply,
 * rather than schema.describe(), which makes a component schema an allOf wrapper.
 */
export function jsonReply<T extends z.ZodType>(description: string, schema: T, headers?: ResponseHeaders) {
  return { description, content: { 'application/json': { schema } }, ...(headers ? { headers } : {}) };
}

// ---- The document ----

/** The API's tags, in the order the document lists them. */
export const apiTags = [
  { name: 'service', description: 'Health and this document.' },
  { name: 'catalogue', description: 'Search the catalogue and read a resource with all its offers.' },
  { name: 'accounts', description: 'Sign in and out; who is signed in.' },
  {
    name: 'funding',
    description:
      'Campaigns, their split between academies, allocations to establishments, drawing rights and dashboards.',
  },
  {
    name: 'notices',
    description:
      'Publishers submit notices (JSON or ScoLOMfr XML, one file or a zip), experts review and decide; the workflow’s figures.',
  },
  { name: 'statistics', description: 'Public figures, as JSON or CSV.' },
  {
    name: 'orders',
    description:
      'Proposals, the cart, orders and their fulfilment by publishers, subscriptions and renewals.',
  },
];

/** Only the JSON API and /health are documented; pages and static files are not. */
const documented = (url: string) => url === '/health' || url === '/api' || url.startsWith('/api/');

/** Every `$ref` target in a JSON tree. */
function refsIn(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const item of node) refsIn(item, found);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.add(value);
      else refsIn(value, found);
    }
  }
  return found;
}

const isEmptyObject = (value: unknown) =>
  typeof value === 'object' && value !== null && Object.keys(value).length === 0;

/** z.int() states ±Number.MAX_SAFE_INTEGER as bounds: true of every JSON integer we send, so noise. */
function dropSafeIntegerBounds(node: unknown): void {
  if (Array.isArray(node)) for (const item of node) dropSafeIntegerBounds(item);
  else if (node && typeof node === 'object') {
    const schema = node as Record<string, unknown>;
    if (schema.type === 'integer') {
      if (schema.minimum === Number.MIN_SAFE_INTEGER) delete schema.minimum;
      if (schema.maximum === Number.MAX_SAFE_INTEGER) delete schema.maximum;
    }
    for (const value of Object.values(schema)) dropSafeIntegerBounds(value);
  }
}

/**
 * Registers @fastify/swagger: call it before any route, so every route is seen. Component schemas
 * are the zod schemas given an id (`.meta({ id: 'Resource' })`); the document keeps those a route uses.
 */
export async function registerOpenApi(
  app: FastifyInstance,
  options: {
    publicUrl: string;
    /** How requests prove who they are (the accounts module's session cookie and CSRF header). */
    securitySchemes: Record<
      string,
      { type: 'apiKey'; in: 'cookie' | 'header'; name: string; description: string }
    >;
  },
): Promise<void> {
  const routeTransform = createJsonSchemaTransform({ skipList: [] });
  const objectTransform = createJsonSchemaTransformObject({});
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Catalogue chèque ressources API',
        version: '1.0.0',
        description:
          'The national catalogue of digital educational resources (search with facets, each resource with all its offers), accounts, drawing rights and orders. Money is in integer cents. Errors are {"error":{"code","message","details"?}} with a French message. Writes made with the session cookie must send its CSRF token in the x-csrf-token header.',
        license: {
          name: 'Licence Ouverte / Open Licence 2.0 (Etalab)',
          url: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/',
        },
      },
      servers: [{ url: options.publicUrl.replace(/\/+$/, ''), description: 'This service (PUBLIC_URL).' }],
      tags: apiTags,
      components: { securitySchemes: options.securitySchemes },
    },
    transform: (input) => {
      if (!documented(input.url)) return { schema: { hide: true }, url: input.url };
      const output = routeTransform(input);
      // The library keeps a content-form response's description and content; add back its headers.
      const declared = (input.schema?.response ?? {}) as Record<string, { headers?: unknown }>;
      const responses = (output.schema as { response?: Record<string, Record<string, unknown>> } | undefined)
        ?.response;
      for (const [status, response] of Object.entries(responses ?? {})) {
        const headers = declared[status]?.headers;
        if (headers && typeof headers === 'object' && !(headers instanceof z.ZodType))
          response.headers = headers;
        // A reply without a body (204) may be declared with empty content; @fastify/swagger needs none.
        if (isEmptyObject(response.content)) delete response.content;
      }
      return output;
    },
    transformObject: (input) => {
      const document = objectTransform(input) as {
        components: { schemas: Record<string, unknown> };
        paths?: unknown;
      };
      // Every registered zod schema comes out twice (input and output side): keep the ones used.
      const schemas = document.components.schemas;
      const used = refsIn(document.paths);
      for (let grown = true; grown;) {
        grown = false;
        for (const ref of [...used]) {
          const target = schemas[ref.replace('#/components/schemas/', '')];
          for (const inner of refsIn(target)) {
            if (!used.has(inner)) {
              used.add(inner);
              grown = true;
            }
          }
        }
      }
      for (const name of Object.keys(schemas)) {
        if (!used.has(`#/components/schemas/${name}`)) delete schemas[name];
      }
      dropSafeIntegerBounds(document);
      // The header fields first, as a reader expects them.
      const { openapi, info, servers, tags, paths, components, ...rest } = document as Record<
        string,
        unknown
      >;
      return { openapi, info, servers, tags, paths, components, ...rest } as ReturnType<
        typeof objectTransform
      >;
    },
  });
}
