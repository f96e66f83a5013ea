// Named statements: which texts get a name, the cap, and that queries through Kysely really arrive
// as server-side prepared statements on the engine the suite runs on (PGlite or PostgreSQL).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/database.js';
import type { DatabaseHandle } from './database.js';
import { StatementNames } from './prepared-statements.js';

describe('StatementNames', () => {
  it('gives one stable name per data statement text and none to utility statements', () => {
    const names = new StatementNames(10);
    const select = names.nameOf('select id from users where id = $1');
    expect(select).toMatch(/^ccr_\d+$/);
    expect(names.nameOf('select id from users where id = $1')).toBe(select);
    expect(names.nameOf('  WITH x AS (SELECT 1) SELECT * FROM x')).not.toBe(select);
    for (const text of ['insert into t values ($1)', 'UPDATE t SET a = $1', 'delete from t where a = $1']) {
      expect(names.nameOf(text)).toBeDefined();
    }
    for (const text of ['BEGIN', 'commit', 'CREATE TABLE t (a int)', 'SET search_path = x', 'selection']) {
      expect(names.nameOf(text)).toBeUndefined();
    }
  });

  it('stops naming new texts at the cap but keeps the names it gave', () => {
    const names = new StatementNames(2);
    const first = names.nameOf('select 1');
    const second = names.nameOf('select 2');
    expect(new Set([first, second]).size).toBe(2);
    expect(names.nameOf('select 3')).toBeUndefined();
    expect(names.nameOf('select 1')).toBe(first);
    expect(names.nameOf('select 2')).toBe(second);
  });
});

describe('queries through Kysely', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('are prepared once on the connection and give the same answers on reuse', async () => {
    const { db } = handle;
    // One connection, so the second call and the catalogue check see the same session.
    await db.connection().execute(async (connection) => {
      const probe = (id: number) =>
        sql<{ code: string }>`SELECT code FROM academies WHERE id = ${id} /* prepared-probe */`.execute(
          connection,
        );
      const first = await probe(1);
      const again = await probe(1);
      expect(again.rows).toEqual(first.rows);
      expect((await probe(-1)).rows).toEqual([]);
      const prepared = await sql<{ statement: string }>`
        SELECT statement FROM pg_prepared_statements WHERE statement LIKE '%prepared-probe%'
          AND statement NOT LIKE '%pg_prepared_statements%'`.execute(connection);
      expect(prepared.rows).toHaveLength(1);
    });
  });
});
