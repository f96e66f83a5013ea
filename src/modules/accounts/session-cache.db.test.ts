// The session cache on a real database with a controlled clock: what it serves from memory, for how
// long, and when it must read the database again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/database.js';
import { createUser, type TestUser } from '../../../test/support/factories/index.js';
import type { DatabaseHandle } from '../../db/database.js';
import { sha256 } from './secrets.js';
import { SessionCache } from './session-cache.js';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

function cacheWithClock(options: { ttlMs: number; maxEntries?: number }) {
  const clock = { now: 1_000_000 };
  const cache = new SessionCache(handle.db, {
    ttlMs: options.ttlMs,
    maxEntries: options.maxEntries ?? 100,
    now: () => clock.now,
  });
  return { cache, clock };
}

/** Ends a session in the database only, as another app node signing the user out would. */
async function endSessionElsewhere(user: TestUser): Promise<void> {
  await handle.db.deleteFrom('sessions').where('id_hash', '=', sha256(user.token)).execute();
}

describe('SessionCache', () => {
  it('serves a live session from memory until the time to live, then reads the database again', async () => {
    const { cache, clock } = cacheWithClock({ ttlMs: 5_000 });
    const user = await createUser(handle.db, { grants: [{ role: 'teacher' }] });
    expect(await cache.actorFor(user.token)).toEqual(user.actor);
    await endSessionElsewhere(user);
    clock.now += 4_999;
    expect((await cache.actorFor(user.token))?.userId).toBe(user.id);
    clock.now += 2;
    expect(await cache.actorFor(user.token)).toBeUndefined();
  });

  it('never keeps a session past its own end', async () => {
    const { cache, clock } = cacheWithClock({ ttlMs: 60_000 });
    const user = await createUser(handle.db, { grants: [{ role: 'head' }] });
    clock.now = Date.now();
    await handle.db
      .updateTable('sessions')
      .set({ expires_at: new Date(clock.now + 1_000) })
      .where('id_hash', '=', sha256(user.token))
      .execute();
    expect((await cache.actorFor(user.token))?.userId).toBe(user.id);
    await endSessionElsewhere(user);
    clock.now += 1_001;
    expect(await cache.actorFor(user.token)).toBeUndefined();
  });

  it('forgets a session signed out on this node, and every session of a user', async () => {
    const { cache } = cacheWithClock({ ttlMs: 5_000 });
    const one = await createUser(handle.db, { grants: [{ role: 'teacher' }] });
    const two = await createUser(handle.db, { grants: [{ role: 'teacher' }] });
    await cache.actorFor(one.token);
    await cache.actorFor(two.token);
    await endSessionElsewhere(one);
    await endSessionElsewhere(two);
    cache.forget(one.token);
    expect(await cache.actorFor(one.token)).toBeUndefined();
    expect((await cache.actorFor(two.token))?.userId).toBe(two.id);
    cache.forgetUser(two.id);
    expect(await cache.actorFor(two.token)).toBeUndefined();
  });

  it('never caches an unknown token, so a session created afterwards works at once', async () => {
    const { cache } = cacheWithClock({ ttlMs: 5_000 });
    const user = await createUser(handle.db, { grants: [{ role: 'teacher' }] });
    const hash = sha256(user.token);
    const row = await handle.db
      .selectFrom('sessions')
      .selectAll()
      .where('id_hash', '=', hash)
      .executeTakeFirstOrThrow();
    await endSessionElsewhere(user);
    expect(await cache.actorFor(user.token)).toBeUndefined();
    await handle.db.insertInto('sessions').values(row).execute();
    expect((await cache.actorFor(user.token))?.userId).toBe(user.id);
  });

  it('reads the database on every request when the time to live is 0', async () => {
    const { cache } = cacheWithClock({ ttlMs: 0 });
    const user = await createUser(handle.db, { grants: [{ role: 'teacher' }] });
    expect((await cache.actorFor(user.token))?.userId).toBe(user.id);
    await endSessionElsewhere(user);
    expect(await cache.actorFor(user.token)).toBeUndefined();
  });

  it('evicts the oldest entry when full', async () => {
    const { cache } = cacheWithClock({ ttlMs: 5_000, maxEntries: 1 });
    const first = await createUser(handle.db, { grants: [{ role: 'teacher' }] });
    const second = await createUser(handle.db, { grants: [{ role: 'teacher' }] });
    await cache.actorFor(first.token);
    await cache.actorFor(second.token);
    await endSessionElsewhere(first);
    await endSessionElsewhere(second);
    expect(await cache.actorFor(first.token)).toBeUndefined();
    // The first lookup above was a miss (never cached): the second entry is still there.
    expect((await cache.actorFor(second.token))?.userId).toBe(second.id);
  });
});
