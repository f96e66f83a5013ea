// The demo shows the teachers' community: scenarios (one adapted from another, with credit), teachers'
// resources (one accepted into the catalogue, one waiting for moderation) and votes on proposals.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDemoWorkspace } from '../../src/demo/workspace.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
const db = () => server.database.db;

beforeAll(async () => {
  server = await startTestServer();
  await seedDemoWorkspace(db());
});
afterAll(async () => {
  await server?.close();
});

it('has scenarios, one adapted with credit shown on its page', async () => {
  const copy = await db()
    .selectFrom('scenarios')
    .select(['id'])
    .where('adapted_from', 'is not', null)
    .executeTakeFirstOrThrow();
  const page = await server.app.inject({ url: `/scenarios/${copy.id}` });
  expect(page.statusCode).toBe(200);
  expect(page.body).toContain('adapté de « <a href="/scenarios/');
  expect(page.body).toContain('par Camille Martin');
  const list = await server.app.inject({ url: '/scenarios' });
  expect(list.body).toContain('3 scénarios');
});

it('has a teacher’s resource in the catalogue and one waiting for moderation', async () => {
  const rows = await db()
    .selectFrom('teacher_resources')
    .select(['status', 'resource_id'])
    .orderBy('id')
    .execute();
  expect(rows.map((row) => row.status)).toEqual(['accepted', 'pending']);
  const resource = await db()
    .selectFrom('resources')
    .select(['origin', 'cost'])
    .where('id', '=', rows[0]!.resource_id!)
    .executeTakeFirstOrThrow();
  expect(resource).toEqual({ origin: 'teacher', cost: 'no' });
});

it('has votes on the establishment’s proposals, never for one’s own', async () => {
  const votes = await db()
    .selectFrom('proposal_votes as v')
    .innerJoin('proposals as p', 'p.id', 'v.proposal_id')
    .select(['v.voter_id', 'p.proposed_by'])
    .execute();
  expect(votes.length).toBeGreaterThanOrEqual(4);
  expect(votes.every((vote) => vote.voter_id !== vote.proposed_by)).toBe(true);
});
