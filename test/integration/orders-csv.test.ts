// The establishment's orders as a CSV file for French Excel (BOM, ';', one row per order line) and the
// head's order pages that name the resource: what the file holds, how hostile text is written, who may
// download it; the cancellation asked for on a page of its own (no JavaScript); drafts never "placed".
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertOrderLines, insertOrderOnce } from '../../src/modules/orders/orders.repository.js';
import { deliverLine } from '../../src/modules/orders/fulfilment.service.js';
import {
  balanceOf,
  createOrdersWorld,
  createUser,
  seatsFor,
  validOffers,
  type OrdersWorld,
  type TestOffer,
  type TestUser,
} from '../support/factories/index.js';
import { apiClient, pageClient } from '../support/orders-client.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let world: OrdersWorld;
let offers: TestOffer[];
let publisher: TestUser;
const db = () => server.database.db;
const api = apiClient(() => server.app);
const { page, submit } = pageClient(() => server.app);

/** A title a spreadsheet must neither split nor run: a formula, a separator and quotes. */
const HOSTILE_TITLE = '=Atlas "du monde"; cartes';

interface PlacedOrder {
  id: number;
  totalCents: number;
  lines: { id: number; offer: number; lineTotalCents: number; resources: { id: number; title: string }[] }[];
}

async function order(lines: TestOffer[], topUp?: object): Promise<PlacedOrder> {
  const reply = await api(
    world.head,
    'POST',
    '/api/orders',
    {
      establishment: world.establishment.uai,
      lines: lines.map((offer) => ({ offer: offer.id, seats: seatsFor(offer), quantity: 1 })),
      ...(topUp ? { topUp } : {}),
    },
    { 'idempotency-key': `csv-${Math.random()}` },
  );
  expect(reply.status).toBe(201);
  return reply.body as PlacedOrder;
}

const csvUrl = () => `/etablissements/${world.establishment.uai}/commandes.csv`;

beforeAll(async () => {
  server = await startTestServer();
  world = await createOrdersWorld(db(), { allocationCents: 200_000, allowCoFunding: true });
  offers = await validOffers(db(), 3, { maxPriceCents: 20_000 });
  await db()
    .updateTable('resources')
    .set({ title: HOSTILE_TITLE })
    .where('id', '=', offers[0]!.resourceId)
    .execute();
  publisher = await createUser(db(), {
    grants: [{ role: 'publisher', producerId: offers[0]!.producerId }],
    name: 'Éditeur CSV',
  });
});
afterAll(async () => {
  await server?.close();
});

describe('the establishment’s orders as CSV', () => {
  it('one row per line, for French Excel, with the resource, the offer, amounts in euros and the funders', async () => {
    const [a, b] = offers;
    const first = await order([a!, b!], {
      funder: 'local-authority',
      amountCents: 1_050,
      reference: 'DEL;"7"',
    });
    const second = await order([offers[2]!]);
    // The reply that places an order names the resources too.
    expect(first.lines.find((line) => line.offer === a!.id)!.resources[0]!.title).toBe(HOSTILE_TITLE);

    const reply = await server.app.inject({
      method: 'GET',
      url: csvUrl(),
      headers: { cookie: `ccr_session=${world.head.token}` },
    });
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(reply.headers['content-disposition']).toBe(
      `attachment; filename="commandes-${world.establishment.uai}.csv"`,
    );
    expect(reply.headers['cache-control']).toContain('no-store');
    const body = reply.body;
    expect(body.startsWith('\uFEFFDate;N° de commande;État de la commande;Ressource;Offre;')).toBe(true);
    expect(body).toContain('\r\n');
    const rows: string[][] = parse(body, { bom: true, delimiter: ';' });
    const [header, ...data] = rows;
    expect(header).toHaveLength(14);
    expect(data).toHaveLength(3);
    const rowOf = (orderId: number, offer: TestOffer) =>
      data.find((row) => row[1] === String(orderId) && row[4] === offer.label)!;
    const hostile = rowOf(first.id, a!);
    // Read back whole: the separator and quotes stayed inside the cell, the formula was neutralised.
    expect(hostile[3]).toBe(`'${HOSTILE_TITLE}`);
    expect(hostile[0]).toMatch(/^\d\d\/\d\d\/\d{4}$/);
    expect(hostile[2]).toBe('envoyée');
    // Euros as numbers with a decimal comma: two decimals, none for whole euros (src/web/csv.ts).
    const euros = (cents: number) =>
      cents % 100 === 0 ? String(cents / 100) : (cents / 100).toFixed(2).replace('.', ',');
    expect(hostile[9]).toBe(euros(a!.priceCents));
    expect(hostile[10]).toBe(euros(first.lines.find((line) => line.offer === a!.id)!.lineTotalCents));
    expect(hostile[11]).toBe('en attente');
    expect(hostile[12]).toBe(euros(first.totalCents));
    expect(hostile[13]).toBe(
      `Droit de tirage (${world.campaign.name}) + complément collectivité territoriale de ${new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(10.5)} (référence DEL;"7")`,
    );
    const plain = rowOf(second.id, offers[2]!);
    expect(plain[13]).toBe(`Droit de tirage (${world.campaign.name})`);
    expect(plain[3]).not.toBe('');
  });

  it('the orders page links to the export; the referent, the librarian and the academy download it too', async () => {
    const list = await page(world.head, `/commandes?etablissement=${world.establishment.uai}`);
    expect(list.html).toContain(`href="${csvUrl()}"`);
    for (const reader of [world.head, world.referent, world.librarian, world.staff, world.admin]) {
      const reply = await page(reader, csvUrl());
      expect(reply.status, reader.email).toBe(200);
    }
    for (const outsider of [world.teacher, world.otherHead, world.otherStaff, publisher]) {
      const reply = await page(outsider, csvUrl());
      expect(reply.status, outsider.email).toBe(403);
      expect(reply.html).not.toContain('N° de commande');
    }
    const anonymous = await page(undefined, csvUrl());
    expect(anonymous.status).toBe(303);
    expect(anonymous.location).toBe(`/connexion?retour=${encodeURIComponent(csvUrl())}`);
    expect((await page(world.head, '/etablissements/0000000Z/commandes.csv')).status).toBe(404);
    expect((await page(world.head, '/etablissements/pas-un-uai/commandes.csv')).status).toBe(400);
  });
});

describe('the head’s order pages', () => {
  it('name the resource first, linked to its page, then the offer', async () => {
    const placed = await order([offers[1]!]);
    const view = await page(world.head, `/commandes/${placed.id}`);
    const link = `<a href="/ressources/${offers[1]!.resourceId}">`;
    expect(view.html).toContain(link);
    expect(view.html.indexOf(link)).toBeLessThan(view.html.indexOf(offers[1]!.label));
    const list = await page(world.head, `/commandes?etablissement=${world.establishment.uai}`);
    expect(list.html).toContain(link);
  });

  it('asks for confirmation on a page of its own, without JavaScript, saying what comes back', async () => {
    const placed = await order([offers[1]!, offers[2]!], {
      funder: 'establishment',
      amountCents: 500,
      reference: 'FSE-12',
    });
    const detail = await page(world.head, `/commandes/${placed.id}`);
    // The order page links to the confirmation; it holds no cancelling form of its own.
    expect(detail.html).toContain(`href="/commandes/${placed.id}/annuler"`);
    expect(detail.html).not.toContain(`action="/commandes/${placed.id}/annuler"`);

    const before = await balanceOf(db(), world.drawingRightId);
    const confirm = await page(world.head, `/commandes/${placed.id}/annuler`);
    expect(confirm.status).toBe(200);
    expect(confirm.html).toContain(`Annuler la commande n° ${placed.id} ?`);
    const money = (cents: number) =>
      new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(cents / 100);
    expect(confirm.html).toContain(
      `<strong>${money(placed.totalCents - 500)}</strong> reviennent au droit de tirage`,
    );
    expect(confirm.html).toContain(`${money(500)} sont rendus au cofinanceur (budget de l’établissement`);
    expect(confirm.html).toContain('2 lignes en attente sont annulées');
    expect(confirm.html).toContain(`action="/commandes/${placed.id}/annuler"`);
    expect(confirm.html).toContain(`name="_csrf" value="${world.head.csrf}"`);
    // Looking at the confirmation changes nothing.
    expect(await balanceOf(db(), world.drawingRightId)).toBe(before);

    // The POST keeps its CSRF check, then cancels.
    expect((await submit(world.head, `/commandes/${placed.id}/annuler`, {}, 'faux')).status).toBe(403);
    const done = await submit(world.head, `/commandes/${placed.id}/annuler`, {});
    expect(done.status).toBe(303);
    expect(await balanceOf(db(), world.drawingRightId)).toBe(before + placed.totalCents - 500);
    // Once cancelled, the confirmation page refuses.
    expect((await page(world.head, `/commandes/${placed.id}/annuler`)).status).toBe(409);
  });

  it('only the head reaches the confirmation; others get 403 or 404, never the form', async () => {
    const placed = await order([offers[2]!]);
    const url = `/commandes/${placed.id}/annuler`;
    for (const reader of [world.referent, world.librarian, world.staff, world.admin]) {
      expect((await page(reader, url)).status, reader.email).toBe(403);
    }
    for (const outsider of [world.teacher, world.otherHead, world.otherStaff]) {
      expect((await page(outsider, url)).status, outsider.email).toBe(404);
    }
    // A publisher sees the order (its line) but may not cancel it.
    const seller = await createUser(db(), {
      grants: [{ role: 'publisher', producerId: offers[2]!.producerId }],
    });
    expect((await page(seller, url)).status).toBe(403);
    expect((await page(undefined, url)).status).toBe(303);
  });

  it('an order with a delivered line offers no cancellation and its confirmation page refuses', async () => {
    const [offer] = await validOffers(db(), 1, { delivery: 'access-url', maxPriceCents: 20_000 });
    const placed = await order([offer!]);
    const seller = await createUser(db(), { grants: [{ role: 'publisher', producerId: offer!.producerId }] });
    await deliverLine(db(), seller.actor, placed.id, placed.lines[0]!.id, {
      licenceKey: undefined,
      accessUrl: 'https://acces.example.fr/1',
      shipmentNumber: undefined,
    });
    const detail = await page(world.head, `/commandes/${placed.id}`);
    expect(detail.html).not.toContain(`/commandes/${placed.id}/annuler`);
    expect(detail.html).toContain('Livrée le');
    const refused = await page(world.head, `/commandes/${placed.id}/annuler`);
    expect(refused.status).toBe(409);
  });

  it('a draft says when it was created, never « Passée le », and cancels without crediting anything', async () => {
    const offer = offers[1]!;
    const draft = (await insertOrderOnce(db(), {
      establishmentId: world.establishment.id,
      drawingRightId: world.drawingRightId,
      status: 'draft',
      totalCents: offer.priceCents,
      topUpCents: 0,
      idempotencyKey: `draft-${Date.now()}`,
      placedBy: world.head.id,
    }))!;
    await insertOrderLines(db(), draft.id, [
      {
        offerId: offer.id,
        producerId: offer.producerId,
        producerName: '',
        label: offer.label,
        unitPriceCents: offer.priceCents,
        licenceKind: offer.licenceKind,
        seats: seatsFor(offer),
        durationMonths: offer.durationMonths,
        quantity: 1,
        lineTotalCents: offer.priceCents,
        delivery: offer.delivery,
      },
    ]);
    const detail = await page(world.head, `/commandes/${draft.id}`);
    expect(detail.html).toContain('<dt>Brouillon créé le</dt>');
    expect(detail.html).not.toContain('Passée le');
    const list = await page(world.head, `/commandes?etablissement=${world.establishment.uai}`);
    const row = list.html.slice(list.html.indexOf(`href="/commandes/${draft.id}"`));
    const cells = row.slice(0, row.indexOf('</tr>'));
    expect(cells).toContain('Brouillon créé le');
    expect(cells).not.toContain('Passée le');
    const confirm = await page(world.head, `/commandes/${draft.id}/annuler`);
    expect(confirm.status).toBe(200);
    expect(confirm.html).toContain('Ce brouillon n’a rien débité');
    const before = await balanceOf(db(), world.drawingRightId);
    expect((await submit(world.head, `/commandes/${draft.id}/annuler`, {})).status).toBe(303);
    expect(await balanceOf(db(), world.drawingRightId)).toBe(before);
  });
});
