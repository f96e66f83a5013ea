// Ranking: reviews, appraisals, the RIP label, orders and a teacher's origin change the search's sorts
// ("rating", "adoption") and its one-value facets once the index has followed the change log. The
// figures are kept by triggers (migration 2026-12-05T1700); each step checks the index and, at the end,
// the kept figures against a recomputation from the rows. The API's parameters are checked too.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogueSearch } from '../../src/modules/catalogue/search.service.js';
import { parseSearchQuery } from '../../src/modules/catalogue/search-query.js';
import { todayInFrance } from '../../src/shared/clock.js';
import {
  createOrdersWorld,
  createUser,
  seatsFor,
  validOffers,
  type OrdersWorld,
  type TestOffer,
  type TestUser,
} from '../support/factories/index.js';
import { apiClient } from '../support/orders-client.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let search: CatalogueSearch;
let world: OrdersWorld;
let offers: TestOffer[];
let teachers: TestUser[];
let resources: number[];

const db = () => server.database.db;
const api = apiClient(() => server.app);

beforeAll(async () => {
  server = await startTestServer();
  world = await createOrdersWorld(db(), { allocationCents: 1_000_000 });
  offers = await validOffers(db(), 2);
  teachers = [
    await createUser(db(), { role: 'teacher', establishmentId: world.establishment.id }),
    await createUser(db(), { role: 'teacher', establishmentId: world.other.id }),
  ];
  // Three resources no offer of the test covers, for the reviews and appraisals.
  const rows = await db()
    .selectFrom('resources')
    .select('id')
    .where('withdrawn_at', 'is', null)
    .where(
      'id',
      'not in',
      offers.map((offer) => offer.resourceId),
    )
    .orderBy('id', 'desc')
    .limit(3)
    .execute();
  resources = rows.map((row) => row.id);
  search = new CatalogueSearch(db());
  await search.warmUp();
});
afterAll(async () => {
  await search?.close();
  await server?.close();
});

async function run(parameters: Record<string, string | string[]>) {
  await search.refreshed();
  return search.search(parseSearchQuery({ pageSize: '100', ...parameters }));
}
const idsOf = async (identifiers: string[]) => {
  if (identifiers.length === 0) return [];
  const rows = await db()
    .selectFrom('resources')
    .select(['id', 'identifier'])
    .where('identifier', 'in', identifiers)
    .execute();
  const byIdentifier = new Map(rows.map((row) => [row.identifier, row.id]));
  return identifiers.map((identifier) => byIdentifier.get(identifier)!);
};
const ratedFirst = async (count: number) =>
  idsOf((await run({ sort: 'rating' })).items.slice(0, count).map((item) => item.identifier));
const facetCount = async (facet: 'rating' | 'appraisal' | 'rip' | 'teacher', parameters = {}) =>
  (await run(parameters)).facets[facet][0]?.count ?? 0;
const filtered = async (facet: string, value: string) => {
  const result = await run({ [facet]: value });
  return { total: result.total, ids: await idsOf(result.items.map((item) => item.identifier)) };
};

async function review(user: TestUser, resourceId: number, rating: number) {
  const row = await db()
    .insertInto('reviews')
    .values({ resource_id: resourceId, user_id: user.id, rating, body: 'Utile en classe.' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

describe('ratings', () => {
  it('sorts by the published reviews’ average, then their number, and counts "note ≥ 4"', async () => {
    const [r1, r2, r3] = resources as [number, number, number];
    const before = await facetCount('rating');
    await review(teachers[0]!, r1, 5);
    await review(teachers[1]!, r1, 4);
    await review(teachers[0]!, r2, 5);
    await review(teachers[0]!, r3, 3);
    await review(teachers[1]!, r3, 3);
    expect(await ratedFirst(3)).toEqual([r2, r1, r3]);
    expect(await facetCount('rating')).toBe(before + 2);
    const onlyGood = await filtered('rating', 'note-4-et-plus');
    expect(onlyGood.ids).toEqual(expect.arrayContaining([r1, r2]));
    expect(onlyGood.ids).not.toContain(r3);

    // A second review of r2 at 4 makes it 4.5 over 2, like r1: on a tie, the lower id comes first.
    const third = await createUser(db(), { role: 'teacher', establishmentId: world.establishment.id });
    await review(third, r2, 4);
    const tied = await ratedFirst(2);
    expect(new Set(tied)).toEqual(new Set([r1, r2]));
    expect(tied[0]).toBe(Math.min(r1, r2));
  });

  it('drops a hidden review from the average and the facet at once', async () => {
    const [r1, r2, r3] = resources as [number, number, number];
    await db()
      .updateTable('reviews')
      .set({ moderation_state: 'hidden', hidden_reason: 'hors sujet' })
      .where('resource_id', '=', r2)
      .where('rating', '=', 5)
      .execute();
    // r2: 4 over 1, below r1's 4.5 and above r3's 3.
    expect(await ratedFirst(3)).toEqual([r1, r2, r3]);
    await db().updateTable('reviews').set({ rating: 2 }).where('resource_id', '=', r2).execute();
    expect(await ratedFirst(3)).toEqual([r1, r3, r2]);
    expect((await filtered('rating', 'note-4-et-plus')).ids).not.toContain(r2);
    // A helpful mark changes no figure: no change is logged for the resource.
    const [{ n: changesBefore }] = (
      await sql<{ n: number }>`SELECT count(*)::int AS n FROM catalogue_changes`.execute(db())
    ).rows as [{ n: number }];
    await db().updateTable('reviews').set({ helpful_count: 3 }).where('resource_id', '=', r1).execute();
    const [{ n: changesAfter }] = (
      await sql<{ n: number }>`SELECT count(*)::int AS n FROM catalogue_changes`.execute(db())
    ).rows as [{ n: number }];
    expect(changesAfter).toBe(changesBefore);
  });
});

describe('appraisals and the RIP label', () => {
  it('an appraisal gives "avec avis institutionnel", the award of the label "label RIP"', async () => {
    const r3 = resources[2]!;
    const inspector = await createUser(db(), { role: 'inspector', academyId: world.academy.id });
    const appraisalsBefore = await facetCount('appraisal');
    const ripBefore = await facetCount('rip');
    const { id } = await db()
      .insertInto('appraisals')
      .values({
        resource_id: r3,
        author_id: inspector.id,
        author_role: 'inspector',
        signature: 'Inspectrice, académie test',
        strengths: 'Clair',
        limits: 'Court',
        recommended_uses: 'En classe entière',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(await facetCount('appraisal')).toBe(appraisalsBefore + 1);
    expect((await filtered('appraisal', 'avis-institutionnel')).ids).toContain(r3);
    expect(await facetCount('rip')).toBe(ripBefore);

    await db()
      .updateTable('appraisals')
      .set({ rip_awarded_on: todayInFrance() })
      .where('id', '=', id)
      .execute();
    expect(await facetCount('rip')).toBe(ripBefore + 1);
    const labelled = await filtered('rip', 'label-rip');
    expect(labelled.ids).toContain(r3);
    // Both facets together: AND across facets.
    const both = await run({ rip: 'label-rip', appraisal: 'avis-institutionnel' });
    expect(both.total).toBe(labelled.total);
  });
});

describe('adoption', () => {
  async function order(head: TestUser, uai: string, offer: TestOffer, key: string) {
    const reply = await api(
      head,
      'POST',
      '/api/orders',
      { establishment: uai, lines: [{ offer: offer.id, seats: seatsFor(offer), quantity: 1 }] },
      { 'idempotency-key': key },
    );
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    return (reply.body as { id: number }).id;
  }
  const adopters = async (resourceId: number) =>
    (
      await db()
        .selectFrom('resource_rankings')
        .select('adopters')
        .where('resource_id', '=', resourceId)
        .executeTakeFirst()
    )?.adopters ?? 0;
  const adoptedFirst = async (count: number) =>
    idsOf((await run({ sort: 'adoption' })).items.slice(0, count).map((item) => item.identifier));

  it('counts establishments, not orders, and takes a cancelled line back', async () => {
    const [a, b] = offers as [TestOffer, TestOffer];
    const base = { a: await adopters(a.resourceId), b: await adopters(b.resourceId) };
    expect(base).toEqual({ a: 0, b: 0 });
    await order(world.head, world.establishment.uai, b, 'rank-1');
    expect(await adoptedFirst(1)).toEqual([b.resourceId]);
    await order(world.head, world.establishment.uai, a, 'rank-2');
    await order(world.head, world.establishment.uai, a, 'rank-3');
    // a: two orders of one establishment make one adopter.
    expect(await adopters(a.resourceId)).toBe(1);
    const otherOrder = await order(world.otherHead, world.other.uai, a, 'rank-4');
    expect(await adopters(a.resourceId)).toBe(2);
    expect(await adoptedFirst(2)).toEqual([a.resourceId, b.resourceId]);

    await db()
      .updateTable('order_lines')
      .set({ status: 'cancelled' })
      .where('order_id', '=', otherOrder)
      .execute();
    expect(await adopters(a.resourceId)).toBe(1);
    const tie = await adoptedFirst(2);
    expect(tie).toEqual([Math.min(a.resourceId, b.resourceId), Math.max(a.resourceId, b.resourceId)]);
    // Back to pending (a live line): the establishment counts again.
    await db()
      .updateTable('order_lines')
      .set({ status: 'pending' })
      .where('order_id', '=', otherOrder)
      .execute();
    expect(await adopters(a.resourceId)).toBe(2);
    expect(await adoptedFirst(1)).toEqual([a.resourceId]);
  });
});

describe('teachers’ resources', () => {
  it('a resource of origin "teacher" is under "ressource d’enseignant"', async () => {
    const r1 = resources[0]!;
    const before = await facetCount('teacher');
    await db().updateTable('resources').set({ origin: 'teacher' }).where('id', '=', r1).execute();
    expect(await facetCount('teacher')).toBe(before + 1);
    expect((await filtered('teacher', 'ressource-enseignant')).ids).toContain(r1);
  });
});

describe('the kept figures', () => {
  it('equal a recomputation from reviews, appraisals and live order lines', async () => {
    const kept = await sql<{ resource_id: number; c: number; s: number; a: number; h: boolean; r: boolean }>`
      SELECT resource_id, rating_count AS c, rating_sum AS s, adopters AS a, has_appraisal AS h, rip_label AS r
      FROM resource_rankings
      WHERE rating_count > 0 OR adopters > 0 OR has_appraisal OR rip_label
      ORDER BY resource_id`.execute(db());
    const computed = await sql<{
      resource_id: number;
      c: number;
      s: number;
      a: number;
      h: boolean;
      r: boolean;
    }>`
      SELECT * FROM (SELECT id AS resource_id,
        (SELECT count(*)::int FROM reviews v WHERE v.resource_id = r.id AND v.moderation_state = 'published') AS c,
        (SELECT coalesce(sum(v.rating), 0)::int FROM reviews v
          WHERE v.resource_id = r.id AND v.moderation_state = 'published') AS s,
        (SELECT count(DISTINCT o.establishment_id)::int FROM order_lines l JOIN orders o ON o.id = l.order_id
          JOIN offer_resources x ON x.offer_id = l.offer_id
          WHERE x.resource_id = r.id AND l.status IN ('pending', 'delivered') AND o.status <> 'draft') AS a,
        EXISTS (SELECT 1 FROM appraisals p WHERE p.resource_id = r.id) AS h,
        EXISTS (SELECT 1 FROM appraisals p WHERE p.resource_id = r.id AND p.rip_awarded_on IS NOT NULL) AS r
      FROM resources r) t
      WHERE c > 0 OR a > 0 OR h OR r
      ORDER BY resource_id`.execute(db());
    expect(kept.rows.length).toBeGreaterThan(0);
    expect(kept.rows).toEqual(computed.rows);
  });
});

describe('the API and the page', () => {
  async function apiSearch(query: string) {
    return server.app.inject({ method: 'GET', url: `/api/resources?${query}` });
  }

  it('sorts by rating and filters on the new facets (the app’s own index follows within a second)', async () => {
    const [r1] = resources as [number];
    const identifier = (
      await db().selectFrom('resources').select('identifier').where('id', '=', r1).executeTakeFirstOrThrow()
    ).identifier;
    const deadline = Date.now() + 10_000;
    let body: { items: { id: string }[]; facets: Record<string, { value: string; count: number }[]> };
    for (;;) {
      const response = await apiSearch('sort=rating&pageSize=5');
      expect(response.statusCode, response.body).toBe(200);
      body = response.json();
      if (body.items[0]?.id === identifier || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(body.items[0]!.id).toBe(identifier);
    expect(body.facets.rating![0]).toMatchObject({ value: 'note-4-et-plus' });
    expect(body.facets.teacher![0]).toMatchObject({ value: 'ressource-enseignant' });
    const filteredReply = await apiSearch('rip=label-rip&appraisal=avis-institutionnel&sort=adoption');
    expect(filteredReply.statusCode, filteredReply.body).toBe(200);
    expect(filteredReply.json<{ total: number }>().total).toBeGreaterThanOrEqual(1);
  });

  it('refuses an unknown sort or facet value with a French 400', async () => {
    const badSort = await apiSearch('sort=popularite');
    expect(badSort.statusCode).toBe(400);
    expect(badSort.json<{ error: { message: string } }>().error.message).toMatch(
      /tri doit être .*rating, adoption/,
    );
    const badFacet = await apiSearch('rating=5-etoiles');
    expect(badFacet.statusCode).toBe(400);
    expect(badFacet.json<{ error: { message: string } }>().error.message).toContain(
      'Valeur inconnue pour le filtre « Note des enseignants »',
    );
  });

  it('the results page offers both sorts and the "Avis et origine" filters', async () => {
    const sorted = await server.app.inject({ method: 'GET', url: '/recherche?sort=rating' });
    expect(sorted.statusCode).toBe(200);
    expect(sorted.body).toMatch(/<option value="rating" selected>Mieux notées<\/option>/);
    expect(sorted.body).toContain('<option value="adoption">');
    expect(sorted.body).toContain('Avis et origine');
    const response = await server.app.inject({ method: 'GET', url: '/recherche?rating=note-4-et-plus' });
    expect(response.statusCode).toBe(200);
    const html = response.body;
    expect(html).toMatch(/name="rating" value="note-4-et-plus" checked/);
    expect(html).toContain('Note des enseignants : note ≥ 4');
    const bad = await server.app.inject({ method: 'GET', url: '/recherche?sort=popularite' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('tri doit être');
  });
});
