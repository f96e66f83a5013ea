// The reviews API: the public paginated list with its average, writing (every role), the bad inputs
// (rating outside 1..5, oversized text, too many links, a second review, a withdrawn resource), the
// "utilisée en classe" badge (declared, or an order of the author's establishment), editing (dated,
// author only), helpful marks and reports (once, never one's own), the automatic flags and the hourly
// limit kept in the database.
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- API replies are untyped JSON here: the assertions are the type checks. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles, type Role } from '../../src/modules/accounts/actor.js';
import { REVIEWS_PER_HOUR } from '../../src/modules/reviews/review-text.js';
import {
  authHeaders,
  createOrdersWorld,
  createUser,
  createUserPerRole,
  seatsFor,
  validOffers,
  type OrdersWorld,
  type TestUser,
} from '../support/factories/index.js';
import { rowCount } from '../support/database.js';
import type { Reply } from '../support/orders-client.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
const db = () => server.database.db;
let world: OrdersWorld;
let resources: { id: number; identifier: string }[];
let next = 0;
/** A resource nobody has reviewed yet in this file. */
const freshResource = () => resources[next++]!;

async function call(
  user: TestUser | undefined,
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  payload?: object,
  headers: Record<string, string> = {},
): Promise<Reply & { headers: Record<string, unknown> }> {
  const response = await server.app.inject({
    method,
    url,
    headers: authHeaders(user, headers),
    ...(payload ? { payload } : {}),
  });
  return {
    status: response.statusCode,
    body: response.json<Reply['body']>(),
    headers: response.headers,
  };
}

const review = (change: object = {}) => ({
  rating: 4,
  body: 'Mes élèves de 4e ont bien travaillé avec les animations, surtout en autonomie.',
  level: 'scolomfr-voc-022-num-021',
  discipline: 'scolomfr-voc-015-num-069',
  ...change,
});

const post = (user: TestUser | undefined, resource: { identifier: string }, body: object = review()) =>
  call(user, 'POST', `/api/resources/${resource.identifier}/reviews`, body);

beforeAll(async () => {
  server = await startTestServer();
  world = await createOrdersWorld(db());
  resources = await db()
    .selectFrom('resources')
    .select(['id', 'identifier'])
    .where('withdrawn_at', 'is', null)
    .orderBy('id', 'desc')
    .limit(80)
    .execute();
});
afterAll(async () => {
  await server?.close();
});

describe('writing a review', () => {
  it('lets every school role review, refuses the others, and a signed-out visitor', async () => {
    const users = await createUserPerRole(db());
    const expected: Record<Role, number> = {
      teacher: 201,
      'digital-referent': 201,
      librarian: 201,
      head: 201,
      'academy-staff': 403,
      'national-admin': 403,
      publisher: 403,
      expert: 403,
      inspector: 403,
    };
    const resource = freshResource();
    for (const role of roles) {
      const reply = await post(users[role], resource);
      expect(reply.status, role).toBe(expected[role]);
      if (reply.status === 403) expect(reply.body.error.message).toContain('enseignants');
    }
    expect((await post(undefined, resource)).status).toBe(401);
    // Without the CSRF header, nothing is written.
    const before = await rowCount(db(), 'reviews');
    const noCsrf = await server.app.inject({
      method: 'POST',
      url: `/api/resources/${freshResource().identifier}/reviews`,
      headers: { cookie: users.teacher.cookie },
      payload: review(),
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(await rowCount(db(), 'reviews')).toBe(before);
  });

  it('publishes it in the public list with the average; the badge when she declared using it', async () => {
    const resource = freshResource();
    const empty = await call(undefined, 'GET', `/api/resources/${resource.identifier}/reviews`);
    expect(empty.body).toMatchObject({ total: 0, averageRating: null, items: [] });

    const alice = await createUser(db(), { role: 'teacher', name: 'Alice Durand' });
    const bob = await createUser(db(), { role: 'teacher' });
    const created = await post(alice, resource, review({ rating: 5, usedInClass: true }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      rating: 5,
      author: 'Alice D.',
      usedInClass: true,
      level: { value: 'scolomfr-voc-022-num-021', label: '4e' },
      discipline: { label: 'sciences de la vie et de la Terre' },
      editedAt: null,
    });
    expect((await post(bob, resource, review({ rating: 2 }))).body.usedInClass).toBe(false);

    const list = await call(undefined, 'GET', `/api/resources/${resource.id}/reviews?pageSize=1&page=2`);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ resourceId: resource.identifier, total: 2, averageRating: 3.5 });
    expect(list.body.items).toHaveLength(1);
    expect((await call(undefined, 'GET', '/api/resources/inconnue/reviews')).status).toBe(404);
    const badPage = await call(undefined, 'GET', `/api/resources/${resource.id}/reviews?pageSize=500`);
    expect(badPage.status).toBe(400);
    expect(badPage.body.error.message).toBe('Taille de page : au plus 50.');
  });

  it('refuses a rating outside 1 to 5, an oversized text, too many links, with French messages', async () => {
    const teacher = await createUser(db(), { role: 'teacher' });
    const resource = freshResource();
    const before = await rowCount(db(), 'reviews');
    for (const [change, message] of [
      [{ rating: 0 }, 'Note : de 1 à 5 étoiles.'],
      [{ rating: 6 }, 'Note : de 1 à 5 étoiles.'],
      [{ rating: 3.5 }, 'Note : un nombre entier de 1 à 5 est attendu.'],
      [{ rating: '5' }, 'Note : un nombre entier de 1 à 5 est attendu.'],
      [{ body: 'x'.repeat(2001) }, 'Votre avis est trop long : 2001 caractères, 2000 au plus.'],
      [{ body: 'Bien.' }, 'Votre avis est trop court : écrivez au moins 20 caractères.'],
      [
        { body: 'Comparez https://a.fr, https://b.fr et https://c.fr pour les exercices.' },
        'Votre avis contient 3 liens : 2 au plus sont acceptés.',
      ],
      [{ level: 'terminale' }, 'Niveau : choisissez un niveau de la liste.'],
    ] as const) {
      const reply = await post(teacher, resource, review(change));
      expect(reply.status, JSON.stringify(change)).toBe(400);
      expect(reply.body.error.message).toBe(message);
    }
    expect(await rowCount(db(), 'reviews')).toBe(before);
  });

  it('refuses a second review by the same person, and a withdrawn resource', async () => {
    const teacher = await createUser(db(), { role: 'teacher' });
    const resource = freshResource();
    expect((await post(teacher, resource)).status).toBe(201);
    const second = await post(teacher, resource, review({ rating: 1 }));
    expect(second.status).toBe(409);
    expect(second.body.error.message).toContain('Vous avez déjà donné votre avis sur cette ressource');

    const withdrawn = freshResource();
    await db()
      .updateTable('resources')
      .set({ withdrawn_at: new Date() })
      .where('id', '=', withdrawn.id)
      .execute();
    const refused = await post(teacher, withdrawn);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe(
      'Cette ressource a été retirée du catalogue : elle ne peut plus recevoir d’avis.',
    );
  });

  it('gives the badge when her establishment ordered the resource', async () => {
    const [offer] = await validOffers(db(), 1);
    const ordered = await db()
      .selectFrom('resources')
      .select(['id', 'identifier'])
      .where('id', '=', offer!.resourceId)
      .executeTakeFirstOrThrow();
    const placed = await call(
      world.head,
      'POST',
      '/api/orders',
      {
        establishment: world.establishment.uai,
        lines: [{ offer: offer!.id, seats: seatsFor(offer!), quantity: 1 }],
      },
      { 'idempotency-key': `badge-${Date.now()}` },
    );
    expect(placed.status).toBe(201);
    const created = await post(world.teacher, ordered);
    expect(created.status).toBe(201);
    expect(created.body.usedInClass).toBe(true);
    // A teacher of another establishment, without declaring it: no badge.
    const elsewhere = await createUser(db(), { role: 'teacher' });
    expect((await post(elsewhere, ordered)).body.usedInClass).toBe(false);
  });
});

describe('editing, helpful marks and reports', () => {
  it('lets the author alone edit her review, and dates the edit', async () => {
    const author = await createUser(db(), { role: 'teacher' });
    const other = await createUser(db(), { role: 'teacher' });
    const created = await post(author, freshResource());
    const url = `/api/reviews/${created.body.id}`;
    const edited = await call(
      author,
      'PUT',
      url,
      review({ rating: 2, body: 'Finalement moins adaptée à mes classes de 4e.' }),
    );
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ rating: 2, body: 'Finalement moins adaptée à mes classes de 4e.' });
    expect(edited.body.editedAt).not.toBeNull();
    const foreign = await call(other, 'PUT', url, review({ rating: 1 }));
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.message).toBe('Seul l’auteur d’un avis peut le modifier.');
    expect((await call(undefined, 'PUT', url, review())).status).toBe(401);
    expect((await call(author, 'PUT', '/api/reviews/999999', review())).status).toBe(404);
    const row = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('subject_type', '=', 'review')
      .where('subject_id', '=', String(created.body.id))
      .orderBy('id')
      .execute();
    expect(row.map((entry) => entry.action)).toEqual(['review.create', 'review.edit']);
  });

  it('counts a helpful mark once per person, never the author’s own', async () => {
    const author = await createUser(db(), { role: 'teacher' });
    const reader = await createUser(db(), { role: 'teacher' });
    const publisher = await createUser(db(), { role: 'publisher' });
    const { body } = await post(author, freshResource());
    const url = `/api/reviews/${body.id}/helpful`;
    expect((await call(reader, 'POST', url)).body).toEqual({ reviewId: body.id, helpfulCount: 1 });
    const twice = await call(reader, 'POST', url);
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toBe('Vous avez déjà indiqué que cet avis vous a été utile.');
    expect((await call(publisher, 'POST', url)).body.helpfulCount).toBe(2);
    const own = await call(author, 'POST', url);
    expect(own.status).toBe(403);
    expect(own.body.error.message).toBe('Vous ne pouvez pas marquer comme utile votre propre avis.');
    expect((await call(undefined, 'POST', url)).status).toBe(401);
    expect(await rowCount(db(), 'review_helpful_votes')).toBeGreaterThanOrEqual(2);
  });

  it('takes a report with a reason once, and sends the review to moderation', async () => {
    const author = await createUser(db(), { role: 'teacher' });
    const reader = await createUser(db(), { role: 'head' });
    const { body } = await post(author, freshResource());
    const url = `/api/reviews/${body.id}/reports`;
    const noReason = await call(reader, 'POST', url, { reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.message).toBe('Motif du signalement : au moins 5 caractères.');
    expect((await call(reader, 'POST', url, { reason: 'Propos hors sujet' })).status).toBe(201);
    expect((await call(reader, 'POST', url, { reason: 'Encore une fois' })).status).toBe(409);
    expect((await call(author, 'POST', url, { reason: 'Moi-même ?' })).status).toBe(403);
    const row = await db()
      .selectFrom('reviews')
      .select('needs_moderation')
      .where('id', '=', body.id)
      .executeTakeFirstOrThrow();
    expect(row.needs_moderation).toBe(true);
  });

  it('flags links, shouting and watched words for the moderators, and still publishes', async () => {
    const author = await createUser(db(), { role: 'teacher' });
    const { body, status } = await post(
      author,
      freshResource(),
      review({ body: 'UNE ARNAQUE, ALLEZ PLUTÔT SUR WWW.AUTRE-SITE.COM POUR TOUT AVOIR' }),
    );
    expect(status).toBe(201);
    const row = await db()
      .selectFrom('reviews')
      .select(['auto_flags', 'needs_moderation', 'moderation_state'])
      .where('id', '=', body.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      auto_flags: ['links', 'shouting', 'words'],
      needs_moderation: true,
      moderation_state: 'published',
    });
  });

  it('limits the reviews written or edited per hour, counted in the database', async () => {
    const busy = await createUser(db(), { role: 'teacher' });
    const firstId = (await post(busy, freshResource())).body.id as number;
    for (let index = 1; index < REVIEWS_PER_HOUR; index++)
      expect(
        (await call(busy, 'PUT', `/api/reviews/${firstId}`, review({ rating: (index % 5) + 1 }))).status,
      ).toBe(200);
    const limited = await post(busy, freshResource());
    expect(limited.status).toBe(429);
    expect(limited.body.error.message).toMatch(
      /Vous avez écrit ou modifié 5 avis dans l’heure : réessayez dans \d+ minutes?\./,
    );
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(3000);
    // An hour later (the writes aged in the table), she may write again.
    await db()
      .updateTable('review_writes')
      .set({ at: new Date(Date.now() - 3_700_000) })
      .where('user_id', '=', busy.id)
      .execute();
    expect((await post(busy, freshResource())).status).toBe(201);
  });
});
