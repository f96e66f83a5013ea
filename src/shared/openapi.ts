// Building blocks of the OpenAPI 3.0 document: each module describes its own routes with these
// (src/modules/*/*.openapi.ts) and src/openapi.ts assembles them. Request schemas come from the zod
// schemas the routes validate with, through z.toJSONSchema, so the document cannot drift from them.
import { z } from 'zod';
import { CSRF_HEADER } from '../modules/accounts/csrf.js';
import { SESSION_COOKIE } from '../modules/accounts/session.plugin.js';
import { httpStatusByCode, type ErrorCode } from './errors.js';

/** A JSON Schema in OpenAPI 3.0's dialect (nullable, boolean exclusiveMinimum, no $schema). */
export type SchemaObject = { [keyword: string]: unknown };
export interface Ref {
  $ref: string;
}

export interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  description?: string;
  schema: SchemaObject | Ref;
  style?: 'form' | 'simple';
  explode?: boolean;
}

export interface MediaTypeObject {
  schema: SchemaObject | Ref;
}

export interface RequestBodyObject {
  required: boolean;
  description?: string;
  content: Record<string, MediaTypeObject>;
}

export interface HeaderObject {
  description: string;
  schema: SchemaObject;
}

export interface ResponseObject {
  description: string;
  headers?: Record<string, HeaderObject>;
  content?: Record<string, MediaTypeObject>;
}

export type SecurityRequirement = Record<string, string[]>;

export interface OperationObject {
  operationId: string;
  tags: string[];
  summary: string;
  description?: string;
  security: SecurityRequirement[];
  parameters?: (ParameterObject | Ref)[];
  requestBody?: RequestBodyObject;
  responses: Record<string, ResponseObject | Ref>;
}

export const httpMethods = ['get', 'put', 'post', 'delete', 'patch'] as const;
export type HttpMethod = (typeof httpMethods)[number];
export type PathItem = Partial<Record<HttpMethod, OperationObject>>;

/** What one module contributes: its tag, its paths (OpenAPI templates, /api/x/{id}) and its schemas. */
export interface OpenApiPart {
  tag: { name: string; description: string };
  paths: Record<string, PathItem>;
  schemas?: Record<string, SchemaObject>;
  parameters?: Record<string, ParameterObject>;
}

/**
 * The JSON Schema of a zod schema. Requests use the input side (what a client sends, before
 * coercion, trimming and defaults); stored values returned as they are (campaign rules) use the
 * output side. Unrepresentable parts (transforms on the chosen side) throw: better than a silent {}.
 */
export function fromZod(schema: z.ZodType, io: 'input' | 'output' = 'input'): SchemaObject {
  return z.toJSONSchema(schema, { target: 'openapi-3.0', io });
}

/** One property of a zod object's JSON Schema (path parameters validated through an object schema). */
export function zodProperty(schema: z.ZodObject, name: string): SchemaObject {
  const property = (fromZod(schema).properties as Record<string, SchemaObject> | undefined)?.[name];
  if (!property) throw new Error(`the zod object has no property ${name}`);
  return property;
}

export const schemaRef = (name: string): Ref => ({ $ref: `#/components/schemas/${name}` });

/** An object schema with exactly these properties, each required unless named in `optional`. */
export function object(properties: Record<string, unknown>, optional: string[] = []): SchemaObject {
  return {
    type: 'object',
    required: Object.keys(properties).filter((key) => !optional.includes(key)),
    additionalProperties: false,
    properties,
  };
}

export function jsonContent(schema: SchemaObject | Ref): Record<string, MediaTypeObject> {
  return { 'application/json': { schema } };
}

export function jsonBody(
  schema: SchemaObject | Ref,
  description?: string,
  required = true,
): RequestBodyObject {
  return { required, ...(description ? { description } : {}), content: jsonContent(schema) };
}

export function jsonResponse(description: string, schema: SchemaObject | Ref): ResponseObject {
  return { description, content: jsonContent(schema) };
}

export function pathParameter(name: string, schema: SchemaObject, description?: string): ParameterObject {
  return { name, in: 'path', required: true, ...(description ? { description } : {}), schema };
}

/** Every property of a zod object as a parameter of the given kind (path or query). */
export function parametersOf(
  schema: z.ZodObject,
  where: 'path' | 'query',
  descriptions: Record<string, string> = {},
): ParameterObject[] {
  const json = fromZod(schema);
  const properties = (json.properties ?? {}) as Record<string, SchemaObject>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    ...(descriptions[name] ? { description: descriptions[name] } : {}),
    schema: property,
  }));
}

// ---- Security: the session cookie, and the CSRF header on every write made with it ----

export const securitySchemes = {
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

/** No session needed. */
export const publicAccess: SecurityRequirement[] = [];
/** A read with the session cookie. */
export const sessionRead: SecurityRequirement[] = [{ sessionCookie: [] }];
/** A write with the session cookie: the CSRF header is required as well (both, not either). */
export const sessionWrite: SecurityRequirement[] = [{ sessionCookie: [], csrfToken: [] }];

/**
 * The operation builder of a module's part: each operation gets the module's tag and is a session
 * read unless it says otherwise (sessionWrite, publicAccess).
 */
export function operationsTagged(tag: string) {
  const tags = [tag];
  return (
    fields: Omit<OperationObject, 'tags' | 'security'> & { security?: OperationObject['security'] },
  ): OperationObject => ({ tags, security: sessionRead, ...fields });
}

// ---- Errors: {"error":{"code","message","details"}}, statuses from shared/errors.ts ----

/** Codes app.ts emits itself: Fastify's own 4xx (malformed JSON, body too large) and unexpected failures. */
const frameworkCodes = { BAD_REQUEST: 400, INTERNAL: 500 } as const;

export const errorCodes = [
  ...(Object.keys(httpStatusByCode) as ErrorCode[]),
  ...(Object.keys(frameworkCodes) as (keyof typeof frameworkCodes)[]),
];

const statusOfCode: Record<string, number> = { ...httpStatusByCode, ...frameworkCodes };

/** Response component names per 4xx status; every 4xx status of httpStatusByCode must have one. */
const errorResponseNames: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthenticated',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  429: 'TooManyRequests',
};
/** 5xx statuses share one response, used as every operation's `default`. */
const UNEXPECTED = 'Unexpected';

const errorResponseMeaning: Record<number, string> = {
  400: 'The request is invalid; the message names the first problem, details.issues lists all of them.',
  401: 'Not signed in, or wrong email or password.',
  403: 'Signed in but not allowed, or the x-csrf-token header is missing or wrong (CSRF_FAILED).',
  404: 'No such thing, or one the caller may not know of.',
  409: 'The request conflicts with the current state; details may say by how much (shortfallCents).',
  429: 'Too many failed sign-in attempts; the Retry-After header says when to try again.',
};

export const errorSchema: SchemaObject = {
  type: 'object',
  required: ['error'],
  additionalProperties: false,
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      additionalProperties: false,
      properties: {
        code: { type: 'string', enum: errorCodes, example: 'VALIDATION_FAILED' },
        message: { type: 'string', description: 'A message a person understands, in French.' },
        details: {
          description:
            'Machine-readable context when there is some: issues [{field|path|parameter, message}] on VALIDATION_FAILED, shortfallCents and remainingCents on BUDGET_EXCEEDED, retryAfterSeconds on RATE_LIMITED, errors [{line, message}] on a refused CSV import.',
        },
      },
    },
  },
};

function codesWith(test: (status: number) => boolean): string[] {
  return Object.keys(statusOfCode).filter((code) => test(statusOfCode[code]!));
}

function buildErrorResponses(): Record<string, ResponseObject> {
  const responses: Record<string, ResponseObject> = {};
  for (const status of [...new Set(Object.values(statusOfCode))]
    .filter((s) => s < 500)
    .sort((a, b) => a - b)) {
    const name = errorResponseNames[status];
    if (!name) throw new Error(`no OpenAPI error response named for HTTP ${status}`);
    responses[name] = {
      description:
        `${codesWith((s) => s === status).join(', ')}. ${errorResponseMeaning[status] ?? ''}`.trim(),
      content: jsonContent(schemaRef('Error')),
    };
  }
  responses.TooManyRequests!.headers = {
    'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer' } },
  };
  responses[UNEXPECTED] = {
    description: `${codesWith((s) => s >= 500)
      .map((code) => `${statusOfCode[code]} ${code}`)
      .join(', ')}: an unexpected failure (nothing was written) or a busy database (try again shortly).`,
    content: jsonContent(schemaRef('Error')),
  };
  return responses;
}

export const errorResponses = buildErrorResponses();

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 429;

/** The error responses of an operation, by status, plus `default` (5xx), which any route may answer. */
export function errors(...statuses: ErrorStatus[]): Record<string, Ref> {
  const responses: Record<string, Ref> = {};
  for (const status of statuses) {
    responses[String(status)] = { $ref: `#/components/responses/${errorResponseNames[status]!}` };
  }
  responses.default = { $ref: `#/components/responses/${UNEXPECTED}` };
  return responses;
}
