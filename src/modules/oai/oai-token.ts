// Resumption tokens: the state of a list harvest, signed. A token carries the last (modified_at, id)
// sent, the list's fixed window (its `until` is the harvest's first instant when none was asked, so a
// record changed meanwhile is left for the next harvest: nothing skipped, nothing repeated), the
// prefix and set, the cursor, the list's size and an expiry. HMAC-SHA256 with the key every node reads
// from the database (oai.repository.ts loadTokenKey): a forged or altered token is refused.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

const tokenState = z.strictObject({
  /** The verb the list answers: a ListIdentifiers token does not page ListRecords. */
  verb: z.enum(['ListIdentifiers', 'ListRecords']),
  prefix: z.enum(['oai_dc', 'scolomfr']),
  set: z.string().nullable(),
  /** Inclusive lower bound, exclusive upper bound (instants as text). */
  from: z.string().nullable(),
  until: z.string(),
  /** The last record sent: (modified_at, id). */
  afterModifiedAt: z.string(),
  afterId: z.number().int(),
  /** Records sent before the next page. */
  cursor: z.number().int().min(0),
  completeListSize: z.number().int().min(0),
  /** Epoch milliseconds. */
  expiresAt: z.number(),
});

export type TokenState = z.infer<typeof tokenState>;

function signature(key: Buffer, payload: string): Buffer {
  return createHmac('sha256', key).update(payload).digest();
}

export function signToken(key: Buffer, state: TokenState): string {
  const payload = Buffer.from(JSON.stringify(state)).toString('base64url');
  return `${payload}.${signature(key, payload).toString('base64url')}`;
}

export type TokenReading = { ok: true; state: TokenState } | { ok: false; reason: 'forged' | 'expired' };

/** The token's state when it is ours, intact and not expired at `now` (epoch ms). */
export function readToken(key: Buffer, token: string, now: number): TokenReading {
  const match = /^([A-Za-z0-9_-]{1,4000})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return { ok: false, reason: 'forged' };
  const [, payload = '', signed = ''] = match;
  const given = Buffer.from(signed, 'base64url');
  const expected = signature(key, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'forged' };
  let state: TokenState;
  try {
    state = tokenState.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
  } catch {
    return { ok: false, reason: 'forged' };
  }
  if (state.expiresAt <= now) return { ok: false, reason: 'expired' };
  return { ok: true, state };
}
