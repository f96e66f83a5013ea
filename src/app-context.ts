// What every route module receives: the database and the long-lived services built on it.
import type { DatabaseHandle } from './db/database.js';
import { SessionCache } from './modules/accounts/session-cache.js';
import { CatalogueSearch } from './modules/catalogue/search.service.js';
import { OrderingContextCache } from './modules/orders/ordering-context-cache.js';
import { OrderWriteBatcher } from './modules/orders/order-write-batcher.js';
import type { ChecklistSettings } from './modules/notices/notice-checklist.js';
import { oaiSettings, type OaiSettings } from './modules/oai/oai-provider.service.js';

export interface AppContext {
  readonly db: DatabaseHandle['db'];
  readonly databaseKind: DatabaseHandle['kind'];
  readonly search: CatalogueSearch;
  /** Live sessions this node read recently (see session-cache.ts). */
  readonly sessions: SessionCache;
  /** What API orders were recently decided on (see ordering-context-cache.ts). */
  readonly orderingContexts: OrderingContextCache;
  /** Writes API orders that arrive together in one statement (see order-write-batcher.ts). */
  readonly orderWrites: OrderWriteBatcher;
  /** NODE_ENV=production (config.ts): the published demo password is refused. */
  readonly production: boolean;
  /** /dev/outbox exists (config.ts devOutboxEnabled; never in production). */
  readonly devOutbox: boolean;
  /** The experts' checklist settings (config.ts NOTICE_MIN_UPDATE_YEAR). */
  readonly noticeChecklist: ChecklistSettings;
  /** The OAI-PMH provider at /oai (config.ts PUBLIC_URL, OAI_ADMIN_EMAIL). */
  readonly oai: OaiSettings;
}

export function createAppContext(
  handle: DatabaseHandle,
  options: {
    sessionCacheSeconds?: number;
    orderWriteStatements?: number;
    production?: boolean;
    devOutbox?: boolean;
    noticeMinUpdateYear?: number;
    /** config.ts PUBLIC_URL (http://localhost:3000 by default) and OAI_ADMIN_EMAIL. */
    publicUrl?: string;
    oaiAdminEmail?: string;
    /** How long a search waits for this node's first index before a 503 (1 s by default). */
    searchFirstBuildWaitMs?: number;
  } = {},
): AppContext {
  return {
    db: handle.db,
    databaseKind: handle.kind,
    search: new CatalogueSearch(handle.db, {
      ...(options.searchFirstBuildWaitMs !== undefined
        ? { firstBuildWaitMs: options.searchFirstBuildWaitMs }
        : {}),
      // PostgreSQL wakes the index follower on each catalogue change; it polls as well.
      ...(handle.listen ? { listen: handle.listen } : {}),
      onError: (error) => console.error('Search index follower:', error),
    }),
    sessions: new SessionCache(handle.db, {
      ttlMs: (options.sessionCacheSeconds ?? 5) * 1000,
      maxEntries: 50_000,
    }),
    // The order statement re-checks the money, the campaign and the prices; only an establishment's
    // pool or type may lag, by 5 s at most.
    orderingContexts: new OrderingContextCache({ ttlMs: 5_000, maxEntries: 20_000 }),
    // Fewer statements than pooled connections: orders wait a moment for a statement to finish and go
    // in the next one together, and the pool stays free for pages. On this 2-core machine, 4 beat 2
    // and 8 (bench:orders). PGlite runs one statement at a time anyway.
    orderWrites: new OrderWriteBatcher(handle.db, {
      maxStatements: handle.kind === 'pglite' ? 1 : (options.orderWriteStatements ?? 4),
      maxOrders: 64,
    }),
    production: options.production ?? false,
    devOutbox: (options.devOutbox ?? false) && !(options.production ?? false),
    noticeChecklist: { minUpdateYear: options.noticeMinUpdateYear ?? 2015 },
    oai: oaiSettings(options.publicUrl ?? 'http://localhost:3000', options.oaiAdminEmail),
  };
}
