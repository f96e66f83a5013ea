// What the request log may say about a URL. Invitation and password-reset links carry their one-time
// token in the path: a log reader must not be able to use a link before its owner does.
const TOKEN_PATHS = /^(\/(?:invitation|reinitialisation)\/)[^/?#]+/;

/** The URL with an email link's token replaced, everything else as it was. */
export function redactTokens(url: string): string {
  return url.replace(TOKEN_PATHS, '$1[token]');
}

/** Fastify's request log line: method, URL (tokens redacted) and the client's address. */
export function requestLogSerializer(request: { method: string; url: string; ip?: string }) {
  return { method: request.method, url: redactTokens(request.url), remoteAddress: request.ip };
}
