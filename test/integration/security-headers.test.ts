// Every response carries the security headers, pages, API answers and errors alike: a strict Content
// Security Policy (only our own scripts and styles, no plugins, no framing), no MIME sniffing, and no
// referrer sent to other sites.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';

describe('security headers', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  const directivesOf = (header: string | undefined) =>
    new Map(
      (header ?? '')
        .split(';')
        .map((part) => part.trim().split(/\s+/))
        .filter((words) => words[0])
        .map(([name, ...values]) => [name!, values.join(' ')]),
    );

  it.each([
    ['a page', 'GET', '/'],
    ['an API answer', 'GET', '/api/resources?q=fractions'],
    ['an unknown page', 'GET', '/nulle-part'],
    ['a refused API call', 'POST', '/api/orders'],
  ])('%s carries a strict CSP and the other headers', async (_what, method, url) => {
    const response = await server.app.inject({ method: method as 'GET' | 'POST', url });
    const csp = directivesOf(response.headers['content-security-policy']);
    expect(csp.get('default-src')).toBe("'self'");
    expect(csp.get('script-src')).toBe("'self'");
    expect(csp.get('style-src')).toBe("'self'");
    expect(csp.get('object-src')).toBe("'none'");
    expect(csp.get('base-uri')).toBe("'none'");
    expect(csp.get('frame-ancestors')).toBe("'none'");
    expect(csp.get('form-action')).toBe("'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['strict-transport-security']).toMatch(/max-age=\d{7,}/);
    expect(response.headers['x-powered-by']).toBeUndefined();
  });
});
