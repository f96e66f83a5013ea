// Two app nodes on one database: a catalogue write made through one node, and one made by plain SQL
// from outside both, reach the other node's search within the freshness target (1 s aimed at, 2 s at
// most). On PostgreSQL each node has its own pool and its own LISTEN connection, as in production; on
// PGlite (one process) both nodes share the embedded database and poll.
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createAppContext } from '../../src/app-context.js';
import { openPostgres, type DatabaseHandle } from '../../src/db/database.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

let database: TestDatabase;
let secondHandle: DatabaseHandle | undefined;
let nodeA: FastifyInstance;
let nodeB: FastifyInstance;

async function startNode(handle: DatabaseHandle): Promise<FastifyInstance> {
  const context = createAppContext(handle, { sessionCacheSeconds: 0 });
  await context.search.warmUp();
  return buildApp(context, { logLevel: 'silent' });
}

beforeAll(async () => {
  database = await createTestDatabase();
  secondHandle = database.url ? await openPostgres(database.url) : undefined;
  nodeA = await startNode(database);
  nodeB = await startNode(secondHandle ?? database);
});
afterAll(async () => {
  await nodeA?.close();
  await nodeB?.close();
  await secondHandle?.close();
  await database?.close();
});

async function total(node: FastifyInstance, word: string): Promise<number> {
  const response = await node.inject({ method: 'GET', url: `/api/resources?q=${word}` });
  expect(response.statusCode).toBe(200);
  return response.json<{ total: number }>().total;
}

/** Milliseconds from the commit until node B finds the word, asking every 20 ms (2 s at most). */
async function visibleOnNodeB(word: string, committedAt: number): Promise<number> {
  for (;;) {
    if ((await total(nodeB, word)) === 1) return performance.now() - committedAt;
    if (performance.now() - committedAt > 2_000) throw new Error(`"${word}" not visible on node B after 2 s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('two nodes on one database', () => {
  it('a write through node A reaches node B’s search within 2 s', async () => {
    expect(await total(nodeB, 'gastonlagaffienne')).toBe(0);
    // Node A's own connection pool writes, as an import or harvest running on it would.
    await sql`
      UPDATE resources SET title = 'Ressource gastonlagaffienne'
      WHERE id = (SELECT min(id) FROM resources)`.execute(database.db);
    const elapsed = await visibleOnNodeB('gastonlagaffienne', performance.now());
    console.log(`write through node A visible on node B after ${elapsed.toFixed(0)} ms (${database.kind})`);
    expect(await total(nodeA, 'gastonlagaffienne')).toBe(1);
  });

  it('a write by plain SQL from outside both nodes reaches node B within 2 s', async () => {
    let committedAt: number;
    if (database.url) {
      const outsider = new pg.Client({ connectionString: database.url });
      await outsider.connect();
      await outsider.query(
        `UPDATE resources SET title = 'Ressource lebrouillondienne' WHERE id = (SELECT max(id) FROM resources)`,
      );
      committedAt = performance.now();
      await outsider.end();
    } else {
      // PGlite has one process: the plain SQL goes straight to the engine, below Kysely and the pool.
      await database.pglite!.query(
        `UPDATE resources SET title = 'Ressource lebrouillondienne' WHERE id = (SELECT max(id) FROM resources)`,
      );
      committedAt = performance.now();
    }
    const elapsed = await visibleOnNodeB('lebrouillondienne', committedAt);
    console.log(`plain SQL write visible on node B after ${elapsed.toFixed(0)} ms (${database.kind})`);
  });
});
