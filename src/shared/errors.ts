// One error type for the whole domain. Domain code throws AppError with a code; only the HTTP layer
// maps codes to statuses, so services never know about HTTP.
import './zod-locale.js';

export type ErrorCode =
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'VALIDATION_FAILED'
  | 'CONFLICT'
  | 'BUDGET_EXCEEDED'
  | 'INVALID_TRANSITION'
  | 'PRICE_CHANGED'
  | 'CAMPAIGN_CLOSED'
  | 'RATE_LIMITED'
  | 'CSRF_FAILED'
  | 'DATABASE_LOCKED'
  | 'SEARCH_NOT_READY';

export const httpStatusByCode: Record<ErrorCode, number> = {
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  UNAUTHENTICATED: 401,
  VALIDATION_FAILED: 400,
  CONFLICT: 409,
  BUDGET_EXCEEDED: 409,
  INVALID_TRANSITION: 409,
  PRICE_CHANGED: 409,
  CAMPAIGN_CLOSED: 409,
  RATE_LIMITED: 429,
  CSRF_FAILED: 403,
  DATABASE_LOCKED: 503,
  SEARCH_NOT_READY: 503,
};

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    /** A message a person understands, in French: it is shown as is on pages and in the API. */
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}
