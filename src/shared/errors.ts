// One error type for the whole domain. Domain code throws AppError with a code; only the HTTP layer
// maps codes to statuses, so services never know about HTTP.
export type ErrorCode =
  'NOT_FOUND' | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'VALIDATION_FAILED' | 'CONFLICT' | 'DATABASE_LOCKED';

export const httpStatusByCode: Record<ErrorCode, number> = {
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  UNAUTHENTICATED: 401,
  VALIDATION_FAILED: 400,
  CONFLICT: 409,
  DATABASE_LOCKED: 503,
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
