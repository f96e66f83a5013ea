// What every route module receives: the database and the long-lived services built on it.
import type { DatabaseHandle } from './db/database.js';
import { SessionCache } from './modules/accounts/session-cache.js';
import { CatalogueSearch } from './modules/catalogue/search.service.js';

export interface AppContext {
  readonly db: DatabaseHandle['db'];
  readonly databaseKind: DatabaseHandle['kind'];
  readonly search: CatalogueSearch;
  /** Live sessions this node read recently (see session-cache.ts). */
  readonly sessions: SessionCache;
}

export function createAppContext(
  handle: DatabaseHandle,
  options: { sessionCacheSeconds?: number } = {},
): AppContext {
  return {
    db: handle.db,
    databaseKind: handle.kind,
    search: new CatalogueSearch(handle.db),
    sessions: new SessionCache(handle.db, {
      ttlMs: (options.sessionCacheSeconds ?? 5) * 1000,
      maxEntries: 50_000,
    }),
  };
}
