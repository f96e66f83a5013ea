// Text the database cannot store or that no honest client sends: a NUL character (PostgreSQL text
// refuses it, which surfaced as a 500) and an unpaired UTF-16 surrogate (not encodable as UTF-8).
// The app refuses such a request at the edge with a 400, before any handler or query sees it.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from './errors.js';

// eslint-disable-next-line no-control-regex -- the NUL character is exactly what we look for
const HOSTILE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const HOSTILE_INPUT_MESSAGE =
  'La requête contient un caractère interdit (caractère nul ou encodage de texte invalide).';

/** Whether one string holds a NUL character or an unpaired surrogate. */
export function isHostileText(text: string): boolean {
  return HOSTILE.test(text);
}

/**
 * The path of the first hostile string in a value (a string, or parsed JSON, form fields, query or
 * path parameters at any depth, object keys included), or undefined when there is none. Buffers
 * (uploaded files) are skipped: their text is checked once decoded. Iterative, so a deeply nested
 * JSON body cannot overflow the stack.
 */
export function findHostileText(value: unknown): string | undefined {
  const pending: { value: unknown; path: string }[] = [{ value, path: '' }];
  while (pending.length > 0) {
    const { value: current, path } = pending.pop()!;
    if (typeof current === 'string') {
      if (isHostileText(current)) return path || '(valeur)';
    } else if (Array.isArray(current)) {
      current.forEach((item, index) => pending.push({ value: item, path: `${path}[${index}]` }));
    } else if (current !== null && typeof current === 'object' && !ArrayBuffer.isView(current)) {
      for (const [key, item] of Object.entries(current)) {
        if (isHostileText(key)) return path ? `${path}.(clé)` : '(clé)';
        pending.push({ value: item, path: path ? `${path}.${key}` : key });
      }
    }
  }
  return undefined;
}

/** Throws VALIDATION_FAILED (400) when `value` holds hostile text; `part` names where it was found. */
export function refuseHostileText(value: unknown, part: string): void {
  const path = findHostileText(value);
  if (path !== undefined) {
    throw new AppError('VALIDATION_FAILED', HOSTILE_INPUT_MESSAGE, {
      issues: [{ path: `${part}${path === '(valeur)' ? '' : `.${path}`}`, message: HOSTILE_INPUT_MESSAGE }],
    });
  }
}

/**
 * Registers the guard once, on the root instance: a preValidation hook (after body parsing, before any
 * schema or handler) for query, path parameters and body; and, for multipart forms, whose fields the
 * upload scope's own preValidation hook parses later, a preHandler check of the parsed fields.
 */
export function registerHostileInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    try {
      refuseHostileText(request.params, 'params');
      refuseHostileText(request.query, 'querystring');
      if (!isMultipart(request)) refuseHostileText(request.body, 'body');
      done();
    } catch (error) {
      done(error as Error);
    }
  });
  app.addHook('preHandler', (request, _reply, done) => {
    try {
      if (isMultipart(request)) refuseHostileText(request.body, 'body');
      done();
    } catch (error) {
      done(error as Error);
    }
  });
}

/** A multipart form: its fields are parsed by the upload scope's own hook, after the root's preValidation. */
export function isMultipart(request: FastifyRequest): boolean {
  return request.headers['content-type']?.toLowerCase().startsWith('multipart/') ?? false;
}
