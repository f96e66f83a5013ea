// A use case that writes in one transaction, alone or as a step of a larger one: when it is handed a
// transaction already open (another use case doing several steps at once), it writes in that one, so
// that the whole stays all or nothing. Kysely does not nest transactions.
import type { Kysely } from 'kysely';

export function inTransaction<DB, T>(db: Kysely<DB>, work: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}
