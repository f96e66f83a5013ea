// Slow and idle clients cannot hold connections: raw sockets that send nothing, headers byte by byte,
// a body byte by byte, or stay idle after an answer are closed by the server within its limits,
// while /health keeps answering. The app runs with short limits (1-2 s) through buildApp's options;
// the production ones (shared/server-timeouts.ts) close each such client within 30 s.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SERVER_TIMEOUTS } from '../../src/shared/server-timeouts.js';
import { startTestServer, type TestServer } from '../support/server.js';

const timeouts = { headersMs: 1000, requestMs: 2000, keepAliveMs: 1000, idleMs: 1500, checkIntervalMs: 200 };
/** Longest any limit may take to bite: the largest limit plus the check interval, and slack for a busy machine. */
const closedWithinMs = timeouts.requestMs + timeouts.checkIntervalMs + 3000;

let server: TestServer;
let port: number;

beforeAll(async () => {
  server = await startTestServer({ timeouts });
  port = Number(new URL(server.url).port);
});
afterAll(async () => {
  await server?.close();
});

interface SlowClient {
  /** Milliseconds from connecting to the server closing the connection (rejects past the limit). */
  closedAfter: Promise<number>;
  received: () => string;
}

/** Connects, sends `first`, then `trickle` one byte every 100 ms until the server closes. */
function slowClient(first: string, trickle = ''): SlowClient {
  const socket = net.connect(port, '127.0.0.1');
  const opened = Date.now();
  let received = '';
  let timer: NodeJS.Timeout | undefined;
  socket.on('data', (chunk) => (received += chunk.toString()));
  socket.on('connect', () => {
    if (first) socket.write(first);
    let index = 0;
    if (trickle) {
      timer = setInterval(() => {
        if (!socket.destroyed && socket.writable) socket.write(trickle[index++ % trickle.length]!);
      }, 100);
    }
  });
  const closedAfter = new Promise<number>((resolve, reject) => {
    const limit = setTimeout(() => {
      socket.destroy();
      reject(new Error(`still open after ${closedWithinMs} ms`));
    }, closedWithinMs);
    socket.on('error', () => undefined); // a reset is a close as well
    socket.on('close', () => {
      clearTimeout(limit);
      clearInterval(timer);
      resolve(Date.now() - opened);
    });
  });
  return { closedAfter, received: () => received };
}

describe('slow and idle connections', () => {
  it('keeps the production limits within 30 s, the check interval included', () => {
    const { headersMs, requestMs, keepAliveMs, idleMs, checkIntervalMs } = DEFAULT_SERVER_TIMEOUTS;
    for (const limit of [headersMs, requestMs, keepAliveMs]) {
      expect(limit + checkIntervalMs).toBeLessThanOrEqual(30_000);
    }
    expect(idleMs).toBeLessThanOrEqual(30_000);
  });

  it('closes a silent, a slow-headers, a slow-body and an idle keep-alive connection, while /health answers', async () => {
    const silent = slowClient('');
    const slowHeaders = slowClient('GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ', 'abcdefgh');
    const slowBody = slowClient(
      'POST /mot-de-passe-oublie HTTP/1.1\r\nHost: localhost\r\n' +
        'Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\nemail=',
      'abcdefgh',
    );
    const keepAlive = slowClient('GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n');

    // Meanwhile, everyone else is served.
    for (let i = 0; i < 5; i += 1) {
      const health = await fetch(`${server.url}/health`);
      expect(health.status).toBe(200);
      expect(((await health.json()) as { status: string }).status).toBe('ok');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    const [silentMs, headersMs, bodyMs, keepAliveMs] = await Promise.all([
      silent.closedAfter,
      slowHeaders.closedAfter,
      slowBody.closedAfter,
      keepAlive.closedAfter,
    ]);
    // Each was closed by a limit, not at once.
    expect(silentMs).toBeGreaterThanOrEqual(timeouts.headersMs - 100);
    expect(headersMs).toBeGreaterThanOrEqual(timeouts.headersMs - 100);
    expect(bodyMs).toBeGreaterThanOrEqual(timeouts.headersMs - 100);
    expect(keepAliveMs).toBeGreaterThanOrEqual(timeouts.keepAliveMs - 100);
    // The keep-alive client got its answer before being let go; the slow ones never reached a handler.
    expect(keepAlive.received()).toMatch(/^HTTP\/1\.1 200/);
    expect(slowHeaders.received()).not.toMatch(/^HTTP\/1\.1 200/);
    expect(slowBody.received()).not.toMatch(/^HTTP\/1\.1 200/);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });
});
