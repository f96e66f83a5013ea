// Named (server-side prepared) statements for every data query Kysely sends, on both engines.
//
// node-postgres sends parameterised queries as unnamed statements: PostgreSQL parses, analyses and
// plans them again on every call. For our hot queries the planning costs more than the execution
// (pgbench on the ordering-context query: 2,760 tps unnamed, 17,500 tps prepared). Naming a statement
// makes each connection parse it once and lets PostgreSQL reuse a generic plan when it is as good.
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';

// Only plain data statements: utility statements (DDL, SET, BEGIN) have no plan to cache.
const DATA_STATEMENT = /^\s*(?:select|insert|update|delete|with)\b/i;

/**
 * Names statement texts. Kysely builds `IN ($1, $2, …)` with one text per list length, so the set of
 * texts is open-ended: past `max` distinct texts, new ones run unnamed as before, which bounds the
 * memory each connection's prepared statements take. Hot texts are seen first.
 */
export class StatementNames {
  readonly #names = new Map<string, string>();
  constructor(private readonly max: number) {}

  /** The name of a query text, or undefined when it should run unnamed. */
  nameOf(text: string): string | undefined {
    const known = this.#names.get(text);
    if (known !== undefined) return known;
    if (this.#names.size >= this.max || !DATA_STATEMENT.test(text)) return undefined;
    const name = `ccr_${this.#names.size + 1}`;
    this.#names.set(text, name);
    return name;
  }
}

/** Shared by every pool of the process: a name always means the same text, on every connection. */
const names = new StatementNames(2_000);

/** Wraps a pg pool so every data query Kysely runs goes out as a named statement. */
export function preparingPool(pool: pg.Pool): PostgresPool {
  return {
    connect: async () => preparingClient(await pool.connect()),
    end: () => pool.end(),
  };
}

function preparingClient(client: pg.PoolClient): PostgresPoolClient {
  return {
    query: ((textOrCursor: unknown, parameters?: readonly unknown[]) => {
      if (typeof textOrCursor === 'string' && parameters !== undefined) {
        const name = names.nameOf(textOrCursor);
        if (name !== undefined) return client.query({ name, text: textOrCursor, values: [...parameters] });
        return client.query(textOrCursor, [...parameters]);
      }
      // Cursors (Kysely's stream()) pass through untouched.
      return client.query(textOrCursor as never);
    }) as unknown as PostgresPoolClient['query'],
    release: () => client.release(),
  };
}
