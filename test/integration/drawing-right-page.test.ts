// The drawing-right page (/etablissements/:uai/droit-de-tirage): allocation, adjustments, top-ups,
// spent, committed, remaining, deadline and the ledger's history, for the head who holds it; read
// only for the referent, the librarian and the academy; 403 for teachers and other establishments,
// 404 for an unknown one; the header's /droit-de-tirage link; links from Mon espace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postLedgerEntry } from '../../src/modules/funding/ledger.repository.js';
import {
  createOrdersWorld,
  createUser,
  seatsFor,
  validOffers,
  type OrdersWorld,
  type TestOffer,
} from '../support/factories/index.js';
import { apiClient, pageClient } from '../support/orders-client.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let world: OrdersWorld;
let offers: TestOffer[];
let delivered: number;
let pending: number;
beforeAll(async () => {
  server = await startTestServer();
  const db = server.database.db;
  world = await createOrdersWorld(db, { allocationCents: 200_000, allowCoFunding: true });
  offers = await validOffers(db, 2, { maxPriceCents: 20_000 });
  // An adjustment by the academy, then two orders: one delivered (spent), one pending (committed).
  await db.transaction().execute((trx) =>
    postLedgerEntry(trx, {
      drawingRightId: world.drawingRightId,
      kind: 'adjust',
      amountCents: 12_345,
      reason: 'Effectifs de la rentrée',
      actorUserId: world.staff.id,
    }),
  );
  const api = apiClient(() => server.app);
  const place = async (offer: TestOffer, key: string) => {
    const reply = await api(
      world.head,
      'POST',
      '/api/orders',
      {
        establishment: world.establishment.uai,
        lines: [{ offer: offer.id, seats: seatsFor(offer), quantity: 1 }],
      },
      { 'idempotency-key': key },
    );
    expect(reply.status).toBe(201);
    return reply.body as { id: number; lines: { id: number; delivery: { value: string } }[] };
  };
  const first = await place(offers[0]!, 'droit-1');
  const second = await place(offers[1]!, 'droit-2');
  delivered = first.id;
  pending = second.id;
  const publisher = await createUser(db, {
    grants: [{ role: 'publisher', producerId: offers[0]!.producerId }],
  });
  const line = first.lines[0]!;
  const body =
    line.delivery.value === 'access-url'
      ? { accessUrl: 'https://acces.example/1' }
      : line.delivery.value === 'shipment'
        ? { shipmentNumber: 'COLIS-1' }
        : { licenceKey: 'CLE-1' };
  expect(
    (await api(publisher, 'POST', `/api/orders/${first.id}/lines/${line.id}/deliver`, body)).status,
  ).toBe(200);
});
afterAll(async () => {
  await server?.close();
});

const { page } = pageClient(() => server.app);
const url = () => `/etablissements/${world.establishment.uai}/droit-de-tirage`;
const money = (cents: number) =>
  new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(cents / 100);
/** The amount of one row of the summary table. */
function row(html: string, label: string): string {
  const at = html.indexOf(`<th scope="row">${label}`);
  expect(at, label).toBeGreaterThan(-1);
  return /<td class="ccr-money">(?:<strong>)?([^<]+)</.exec(html.slice(at))![1]!;
}

describe('the drawing-right page', () => {
  it('shows the head allocation, adjustments, top-ups, spent, committed, remaining and the deadline', async () => {
    const reply = await page(world.head, url());
    expect(reply.status).toBe(200);
    const html = reply.html;
    expect(row(html, 'Dotation')).toBe(money(200_000));
    expect(row(html, 'Ajustements')).toBe(money(12_345));
    expect(row(html, 'Compléments de financement')).toBe(money(0));
    const ordered = await server.database.db
      .selectFrom('orders')
      .select(['id', 'total_cents'])
      .where('id', 'in', [delivered, pending])
      .execute();
    const total = (id: number) => ordered.find((order) => order.id === id)!.total_cents;
    expect(row(html, 'Dépensé (commandes livrées)')).toBe(money(-total(delivered)));
    expect(row(html, 'Engagé (commandes en cours)')).toBe(money(-total(pending)));
    const remaining = 200_000 + 12_345 - total(delivered) - total(pending);
    expect(row(html, '<strong>Reste disponible')).toBe(money(remaining));
    expect(html).toContain(`Reste disponible : ${money(remaining)}`);
    expect(html).toContain('Commandes jusqu’au 10 juillet 2099 (campagne ouverte)');
    expect(html).toContain('Vous détenez ce droit de tirage');
  });

  it('lists the ledger, newest first, with the orders linked and the reason and author of an adjustment', async () => {
    const html = (await page(world.head, url())).html;
    const history = html.slice(html.indexOf('Mouvements du droit de tirage'));
    const orderAt = history.indexOf(`<a href="/commandes/${pending}">n° ${pending}</a>`);
    const firstOrderAt = history.indexOf(`<a href="/commandes/${delivered}">n° ${delivered}</a>`);
    const adjustAt = history.indexOf('Effectifs de la rentrée');
    const allocateAt = history.indexOf('<td>Dotation</td>');
    expect(orderAt).toBeGreaterThan(-1);
    expect(firstOrderAt).toBeGreaterThan(orderAt);
    expect(adjustAt).toBeGreaterThan(firstOrderAt);
    expect(allocateAt).toBeGreaterThan(adjustAt);
    expect(history).toContain('par Rectorat Test');
    expect(history).toContain(money(12_345));
  });

  it('is read only for the referent, the librarian and academy staff', async () => {
    for (const user of [world.referent, world.librarian, world.staff]) {
      const reply = await page(user, url());
      expect(reply.status).toBe(200);
      expect(reply.html).toContain(
        'Vous consultez ce droit de tirage : seul le chef d’établissement commande.',
      );
      expect(reply.html).toContain(`Dotation`);
    }
  });

  it('is refused to teachers and to other establishments (403), unknown ones answer 404, visitors sign in', async () => {
    expect((await page(world.teacher, url())).status).toBe(403);
    expect((await page(world.otherHead, url())).status).toBe(403);
    expect((await page(world.otherStaff, url())).status).toBe(403);
    expect((await page(world.head, `/etablissements/${world.other.uai}/droit-de-tirage`)).status).toBe(403);
    expect((await page(world.head, '/etablissements/0999999Z/droit-de-tirage')).status).toBe(404);
    expect((await page(world.head, '/etablissements/pas-un-uai/droit-de-tirage')).status).toBe(400);
    const visitor = await page(undefined, url());
    expect(visitor.status).toBe(303);
    expect(visitor.location).toBe(`/connexion?retour=${encodeURIComponent(url())}`);
  });

  it('is reached from the header for the head, the referent and the librarian, not for a teacher', async () => {
    for (const user of [world.head, world.referent, world.librarian]) {
      const home = await page(user, '/mon-espace');
      expect(home.html).toContain('href="/droit-de-tirage"');
      expect(home.html).toContain(`href="${url()}"`);
      const redirect = await page(user, '/droit-de-tirage');
      expect(redirect.status).toBe(303);
      expect(redirect.location).toBe(url());
    }
    const teacher = await page(world.teacher, '/mon-espace');
    expect(teacher.html).not.toContain('href="/droit-de-tirage"');
    expect(teacher.html).not.toContain(`href="${url()}"`);
    expect((await page(world.teacher, '/droit-de-tirage')).status).toBe(404);
  });

  it('is linked from the cart page next to the remaining right', async () => {
    const cart = await page(world.head, `/etablissements/${world.establishment.uai}/panier`);
    expect(cart.html).toContain(`href="${url()}"`);
  });
});
