// The demo shows every part of infomédiation: reviews (one with the badge from the establishment's
// order, one marked helpful), a flagged and reported review in the moderation queue, appraisals, a RIP
// label and a right of reply.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDemoWorkspace } from '../../src/demo/workspace.js';
import { infomediationSummaries } from '../../src/modules/reviews/infomediation.service.js';
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

it('has reviews, a flagged one, appraisals, a RIP label and a right of reply', async () => {
  const rip = await db()
    .selectFrom('appraisals as a')
    .innerJoin('resources as r', 'r.id', 'a.resource_id')
    .innerJoin('appraisal_replies as rep', 'rep.appraisal_id', 'a.id')
    .select(['r.identifier', 'a.signature'])
    .where('a.rip_awarded_on', 'is not', null)
    .executeTakeFirstOrThrow();
  expect(rip.signature).toContain('inspection pédagogique');
  const reviews = (await server.app.inject({ url: `/api/resources/${rip.identifier}/reviews` })).json<{
    total: number;
    items: { usedInClass: boolean; helpfulCount: number; author: string }[];
  }>();
  expect(reviews.total).toBe(3);
  expect(reviews.items[0]).toMatchObject({ author: 'Camille M.', usedInClass: true, helpfulCount: 2 });
  const appraisals = (await server.app.inject({ url: `/api/resources/${rip.identifier}/appraisals` })).json<{
    total: number;
  }>();
  expect(appraisals.total).toBe(2);
  const flagged = await db()
    .selectFrom('reviews')
    .select(['auto_flags'])
    .where('needs_moderation', '=', true)
    .execute();
  expect(flagged.map((row) => row.auto_flags)).toEqual([['links']]);
  const html = (await server.app.inject({ url: `/ressources/${rip.identifier}` })).body;
  expect(html).toContain('Label RIP : reconnu d’intérêt pédagogique');
  expect(html).toContain('Droit de réponse de l’éditeur');

  // In bulk, for ranking and facets: the same figures, for some resources or all of them.
  const id = (
    await db()
      .selectFrom('resources')
      .select('id')
      .where('identifier', '=', rip.identifier)
      .executeTakeFirstOrThrow()
  ).id;
  const [one] = await infomediationSummaries(db(), [id]);
  expect(one).toEqual({ resourceId: id, reviewCount: 3, averageRating: 4, hasAppraisal: true, hasRip: true });
  const all = await infomediationSummaries(db());
  expect(all.find((row) => row.resourceId === id)).toEqual(one);
  expect(all.filter((row) => row.hasRip)).toHaveLength(1);
  expect(all.reduce((sum, row) => sum + row.reviewCount, 0)).toBe(5);
});
