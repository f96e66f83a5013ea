// The public statistics, through HTTP with no sign-in: GET /api/stats/orders for every `by`, its CSV,
// bad parameters (French 400), a rejection and a cancellation taken out at once; the pages render for
// a visitor, escape names, and say nothing about an establishment until the national administration
// publishes spending (a choice only it may make).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejectLine } from '../../src/modules/orders/fulfilment.service.js';
import { cancelOrder } from '../../src/modules/orders/orders.service.js';
import { placeOrder } from '../../src/modules/orders/place-order.js';
import { schoolYearStart } from '../../src/modules/statistics/stat-periods.js';
import { clock } from '../../src/shared/clock.js';
import {
  createOrdersWorld,
  createUser,
  seatsFor,
  validOffers,
  type OrdersWorld,
  type TestOffer,
  type TestUser,
} from '../support/factories/index.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let world: OrdersWorld;
let offers: TestOffer[];
let publisher: TestUser;
const ESCAPED_NAME = '<script>alert(1)</script> École';
const placed: { id: number; lines: { id: number; lineTotalCents: number }[] }[] = [];

beforeAll(async () => {
  server = await startTestServer();
  const db = server.database.db;
  world = await createOrdersWorld(db, { allocationCents: 10_000_000 });
  await db
    .updateTable('establishments')
    .set({ name: ESCAPED_NAME })
    .where('id', '=', world.establishment.id)
    .execute();
  offers = await validOffers(db, 2);
  publisher = await createUser(db, {
    grants: [...new Set(offers.map((o) => o.producerId))].map((producerId) => ({
      role: 'publisher' as const,
      producerId,
    })),
  });
  for (const [index, lines] of [[offers[0]!, offers[1]!], [offers[0]!], [offers[1]!]].entries()) {
    const result = await placeOrder(
      db,
      world.head.actor,
      {
        establishment: world.establishment.uai,
        lines: lines.map((offer) => ({ offer: offer.id, seats: seatsFor(offer, 1), quantity: 1 })),
      },
      `stats-api-${index}`,
    );
    placed.push({ id: result.order.id, lines: result.order.lines });
  }
});
afterAll(async () => {
  await server?.close();
});

const get = (url: string, headers: Record<string, string> = {}) =>
  server.app.inject({ method: 'GET', url, headers });

interface Row {
  key: string;
  label: string;
  orders: number;
  lines: number;
  establishments: number;
  amount_cents: number;
}

const total = () => placed.flatMap((o) => o.lines).reduce((sum, line) => sum + line.lineTotalCents, 0);

describe('GET /api/stats/orders', () => {
  it('answers every grouping with integer counts and cents, no sign-in', async () => {
    for (const by of ['academy', 'type', 'level', 'discipline', 'producer', 'month']) {
      const reply = await get(`/api/stats/orders?by=${by}`);
      expect(reply.statusCode, by).toBe(200);
      const body = reply.json<{ by: string; rows: Row[] }>();
      expect(body.by).toBe(by);
      expect(body.rows.length, by).toBeGreaterThan(0);
      for (const row of body.rows) {
        expect(Number.isInteger(row.amount_cents)).toBe(true);
        expect(row.establishments).toBe(1);
      }
    }
    const academy = (await get('/api/stats/orders?by=academy')).json<{ rows: Row[] }>().rows;
    expect(academy).toEqual([
      expect.objectContaining({ key: String(world.academy.id), orders: 3, lines: 4, amount_cents: total() }),
    ]);
  });

  it('takes a publisher’s rejection and a cancellation out at once', async () => {
    const db = server.database.db;
    const rejected = placed[0]!.lines[1]!;
    await rejectLine(db, publisher.actor, placed[0]!.id, rejected.id, 'Épuisé');
    await cancelOrder(db, world.head.actor, placed[2]!.id);
    const cancelled = placed[2]!.lines[0]!;
    const [row] = (await get('/api/stats/orders?by=academy')).json<{ rows: Row[] }>().rows;
    expect(row).toMatchObject({
      orders: 2,
      lines: 2,
      amount_cents: total() - rejected.lineTotalCents - cancelled.lineTotalCents,
    });
    const months = (await get('/api/stats/orders?by=month')).json<{ rows: Row[] }>().rows;
    expect(months.reduce((sum, m) => sum + m.lines, 0)).toBe(2);
  });

  it('filters by months and answers CSV with a header row', async () => {
    const month = (await get('/api/stats/orders?by=month')).json<{ rows: Row[] }>().rows[0]!.key;
    const inside = await get(`/api/stats/orders?by=producer&from=${month}&to=${month}-28`);
    expect(inside.json<{ rows: Row[] }>().rows.length).toBeGreaterThan(0);
    const before = await get('/api/stats/orders?by=producer&to=2000-01');
    expect(before.json<{ rows: Row[] }>().rows).toEqual([]);
    const csv = await get('/api/stats/orders?by=academy&format=csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('Clé;Académie;Commandes;Lignes;Établissements;Montant (€);Montant (centimes)');
    expect(lines).toHaveLength(2);
  });

  it('refuses bad parameters with a French 400', async () => {
    for (const url of [
      '/api/stats/orders',
      '/api/stats/orders?by=establishment',
      '/api/stats/orders?by=type&from=2026-13',
      '/api/stats/orders?by=type&from=hier',
      '/api/stats/orders?by=type&from=2026-05&to=2026-01',
      '/api/stats/orders?by=type&format=xml',
    ]) {
      const reply = await get(url);
      expect(reply.statusCode, url).toBe(400);
      expect(reply.json<{ error: { message: string } }>().error.message, url).toMatch(
        /[«é]|choisissez|indiquez/i,
      );
    }
  });
});

describe('the /statistiques pages', () => {
  it('render for a visitor, each with a chart, its table and downloads', async () => {
    const index = await get('/statistiques');
    expect(index.statusCode).toBe(200);
    for (const href of [
      '/statistiques/notices',
      '/statistiques/consommation',
      '/statistiques/meilleures-ventes',
      '/statistiques/notes',
    ]) {
      expect(index.body).toContain(`href="${href}"`);
    }
    for (const url of [
      '/statistiques/commandes/type',
      '/statistiques/commandes/niveau',
      '/statistiques/commandes/discipline',
      '/statistiques/commandes/academie',
      '/statistiques/commandes/producteur',
      '/statistiques/commandes/mois',
      '/statistiques/consommation',
      '/statistiques/meilleures-ventes',
      '/statistiques/notes',
    ]) {
      const page = await get(url);
      expect(page.statusCode, url).toBe(200);
      expect(page.body, url).toContain('<svg role="img"');
      expect(page.body, url).toContain('<caption>');
      expect(page.body, url).toMatch(/\.csv|format=csv/);
    }
    const consumption = await get('/statistiques/consommation.csv');
    expect(consumption.body).toContain('Taux de consommation (%)');
    const json = await get('/statistiques/meilleures-ventes/commandes.json');
    expect(json.json<{ rows: unknown[] }>().rows.length).toBeGreaterThan(0);
  });

  it('offer the whole history, the school year and the calendar year in one link each', async () => {
    // The orders above were placed today: this school year and this calendar year have them.
    const month = clock.today().slice(0, 7);
    const start = schoolYearStart(month);
    const school = `from=${start}-09&amp;to=${start + 1}-08`;
    const year = `from=${month.slice(0, 4)}-01&amp;to=${month.slice(0, 4)}-12`;
    const link = (query: string, label: string, current: boolean) =>
      `<a class="fr-tag" href="/statistiques/commandes/type${query}"${current ? ' aria-current="page"' : ''}>${label}</a>`;
    const all = await get('/statistiques/commandes/type');
    expect(all.body).toContain(link('', 'Depuis le début', true));
    expect(all.body).toContain(link(`?${school}`, `Année scolaire ${start}-${start + 1}`, false));
    expect(all.body).toContain(link(`?${year}`, `Année civile ${month.slice(0, 4)}`, false));
    expect(all.body).not.toContain(`Année scolaire ${start - 1}-${start}`); // no order then

    const schoolPage = await get(`/statistiques/commandes/type?${school.replace('&amp;', '&')}`);
    expect(schoolPage.statusCode).toBe(200);
    expect(schoolPage.body).toContain(link(`?${school}`, `Année scolaire ${start}-${start + 1}`, true));
    expect(schoolPage.body).toContain(link('', 'Depuis le début', false));
    // The same figures as the whole history: every order is in this school year.
    const api = (query: string) =>
      get(`/api/stats/orders?by=type${query}`).then((reply) => reply.json<{ rows: Row[] }>().rows);
    expect(await api(`&${school.replace('&amp;', '&')}`)).toEqual(await api(''));
    expect(await api(`&from=${start - 1}-09&to=${start}-08`)).toEqual([]);
  });

  it('say what is wrong with a bad period, at the field, with a 400', async () => {
    const page = await get('/statistiques/commandes/type?from=2026-99');
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('Indiquez un mois au format AAAA-MM');
  });

  it('show no establishment until the national administration publishes spending', async () => {
    for (const url of [
      '/statistiques/commandes/academie',
      '/statistiques/meilleures-ventes',
      '/statistiques/etablissements',
    ]) {
      const page = await get(url);
      expect(page.body, url).not.toContain(world.establishment.uai);
      expect(page.body, url).not.toContain('École');
    }
    expect((await get('/statistiques/etablissements.csv')).statusCode).toBe(404);

    // Only the national administration may choose.
    const fields = (user: TestUser) => ({
      headers: { cookie: user.headers.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams([
        ['_csrf', user.headers['x-csrf-token']],
        ['publier', 'oui'],
      ]).toString(),
    });
    for (const user of [world.head, world.staff, world.teacher]) {
      const refused = await server.app.inject({
        method: 'POST',
        url: '/statistiques/publication',
        ...fields(user),
      });
      expect(refused.statusCode).toBe(403);
    }
    expect((await get('/statistiques/publication')).statusCode).not.toBe(200);
    const published = await server.app.inject({
      method: 'POST',
      url: '/statistiques/publication',
      ...fields(world.admin),
    });
    expect(published.statusCode).toBe(303);

    const page = await get('/statistiques/etablissements');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(world.establishment.uai);
    // The period links keep the chosen academy.
    const ofAcademy = await get(`/statistiques/etablissements?academie=${world.academy.id}`);
    const year = clock.today().slice(0, 4);
    expect(ofAcademy.body).toContain(
      `href="/statistiques/etablissements?academie=${world.academy.id}&amp;from=${year}-01&amp;to=${year}-12"`,
    );
    expect(ofAcademy.body).toContain(world.establishment.uai);
    // Names are text: escaped, never markup.
    expect(page.body).not.toContain('<script>alert(1)</script>');
    expect(page.body).toContain('&lt;script>alert(1)&lt;/script> École');
    const csv = await get('/statistiques/etablissements.csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain(world.establishment.uai);
  });
});
