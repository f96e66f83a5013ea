// The multipart parser (busboy) throws plain errors on a truncated or malformed body (no boundary, a
// broken part header): they are the client's fault. Marked 400 here, in the scope of the upload routes,
// and handed on to the app's error handler, which would otherwise answer 500.
import type { FastifyInstance } from 'fastify';

const malformedMultipart = /multipart|part header|boundary/i;

export function isMalformedMultipart(error: Error & { statusCode?: number }): boolean {
  return error.statusCode === undefined && malformedMultipart.test(error.message);
}

export function treatMalformedMultipartAsBadRequest(scope: FastifyInstance): void {
  scope.setErrorHandler((error: Error & { statusCode?: number }) => {
    if (isMalformedMultipart(error)) error.statusCode = 400;
    throw error;
  });
}
