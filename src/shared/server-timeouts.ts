// How long the HTTP server waits on a client before closing its connection. Node's defaults (and
// Fastify's) let an idle or slow client hold a socket for minutes (the probe kept some > 40 s), and
// enough of them starve every other visitor; each limit here ends such a connection within 30 s,
// while answered requests are untouched.
import type { ServerOptions } from 'node:http';

export interface ServerTimeouts {
  /** The whole request line and headers must arrive within this (slow headers, byte by byte). */
  headersMs: number;
  /** The whole request, body included, must arrive within this (a slow body). */
  requestMs: number;
  /** An idle keep-alive connection, between two requests, is closed after this. */
  keepAliveMs: number;
  /** A socket that sends nor receives anything for this long is closed (a silent client). */
  idleMs: number;
  /** How often Node looks for connections past headersMs or requestMs (it checks on a timer). */
  checkIntervalMs: number;
}

/** Every slow or idle client is gone within 30 s, the check interval included. */
export const DEFAULT_SERVER_TIMEOUTS: ServerTimeouts = {
  headersMs: 15_000,
  requestMs: 25_000,
  keepAliveMs: 10_000,
  idleMs: 30_000,
  checkIntervalMs: 2_000,
};

/** The Fastify options that apply them (Fastify 5 sets requestTimeout, keepAliveTimeout and the
 *  socket timeout itself; headersTimeout and the check interval go to Node's http.createServer). */
export function serverTimeoutOptions(timeouts: ServerTimeouts): {
  connectionTimeout: number;
  keepAliveTimeout: number;
  requestTimeout: number;
  http: ServerOptions;
} {
  return {
    connectionTimeout: timeouts.idleMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    requestTimeout: timeouts.requestMs,
    http: {
      headersTimeout: Math.min(timeouts.headersMs, timeouts.requestMs),
      requestTimeout: timeouts.requestMs,
      keepAliveTimeout: timeouts.keepAliveMs,
      connectionsCheckingInterval: timeouts.checkIntervalMs,
    },
  };
}
