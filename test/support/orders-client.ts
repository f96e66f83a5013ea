// Requests to the test server as a signed-in user, for the orders tests: api() for the JSON API (session
// cookie and CSRF header), page() and submit() for the pages and their plain forms, hidden() to read a
// form's hidden field back. Each takes the app through a getter: the server starts in beforeAll.
import type { FastifyInstance } from 'fastify';
import { authHeaders, type TestUser } from './factories/index.js';

export interface Reply {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped JSON: the assertions are the type checks.
  body: any;
}

/** The API as `user` (anonymous when undefined): status and parsed JSON body. */
export function apiClient(app: () => FastifyInstance) {
  return async function api(
    user: TestUser | undefined,
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply> {
    const response = await app().inject({
      method,
      url,
      headers: authHeaders(user, headers),
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
    return { status: response.statusCode, body: response.body ? response.json<unknown>() : undefined };
  };
}

/** The session cookie header of `user`, as a browser sends it. */
export const sessionCookie = (user: TestUser) => ({ cookie: `ccr_session=${user.token}` });

export interface PageReply {
  status: number;
  html: string;
  location: string | undefined;
}

/** Pages as a browser without JavaScript gets them: GET a page, POST a form (with the CSRF field). */
export function pageClient(app: () => FastifyInstance) {
  const reply = (response: Awaited<ReturnType<FastifyInstance['inject']>>): PageReply => ({
    status: response.statusCode,
    html: response.body,
    location: response.headers.location,
  });
  return {
    page: async (user: TestUser | undefined, url: string): Promise<PageReply> =>
      reply(await app().inject({ method: 'GET', url, headers: user ? sessionCookie(user) : {} })),
    submit: async (
      user: TestUser,
      url: string,
      fields: Record<string, string>,
      csrf = user.csrf,
    ): Promise<PageReply> =>
      reply(
        await app().inject({
          method: 'POST',
          url,
          headers: { ...sessionCookie(user), 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
        }),
      ),
  };
}

/** The value of the first hidden field named `name` in the page; throws if there is none. */
export function hidden(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!match) throw new Error(`no ${name} field`);
  return match[1]!;
}
