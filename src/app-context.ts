// What every route module receives: the database and the long-lived services built on it.
import type { DatabaseHandle } from './db/database.js';
import { CatalogueSearch } from './modules/catalogue/search.service.js';

export interface AppContext {
  readonly db: DatabaseHandle['db'];
  readonly databaseKind: DatabaseHandle['kind'];
  readonly search: CatalogueSearch;
}

export function createAppContext(handle: DatabaseHandle): AppContext {
  return { db: handle.db, databaseKind: handle.kind, search: new CatalogueSearch(handle.db) };
}
