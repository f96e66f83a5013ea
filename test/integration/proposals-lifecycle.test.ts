// A proposal's life through the pages, without a browser: proposed, in the cart (pre-filled with
// its offer and seats), ordered, delivered, or declined with a reason; open again when its order is
// cancelled. Each state as "Mes propositions" and the cart page show it, each role's rights, the
// cart's over-budget warning, and the order form keeping everything typed after a refusal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  balanceOf,
  createOrdersWorld,
  createUser,
  validOffers,
  type OrdersWorld,
  type TestOffer,
  type TestUser,
} from '../support/factories/index.js';
import { apiClient, hidden, pageClient } from '../support/orders-client.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let world: OrdersWorld;
let offers: TestOffer[];
beforeAll(async () => {
  server = await startTestServer();
  world = await createOrdersWorld(server.database.db, { allocationCents: 50_000, allowCoFunding: true });
  offers = await validOffers(server.database.db, 3, { licenceKind: 'single-seat', maxPriceCents: 5_000 });
});
afterAll(async () => {
  await server?.close();
});

const { page, submit } = pageClient(() => server.app);
const api = apiClient(() => server.app);
const uai = () => world.establishment.uai;
const cartUrl = () => `/etablissements/${uai()}/panier`;

async function propose(user: TestUser, offer: TestOffer, seats: number, note = '') {
  const reply = await submit(user, `/ressources/${offer.resourceId}/proposer`, {
    etablissement: uai(),
    offer: String(offer.id),
    seats: String(seats),
    note,
  });
  expect(reply.status).toBe(303);
  const row = await server.database.db
    .selectFrom('proposals')
    .select('id')
    .where('proposed_by', '=', user.id)
    .where('resource_id', '=', offer.resourceId)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The state badge of one proposal on "Mes propositions". */
async function stateOn(user: TestUser, proposalId: number): Promise<string> {
  const html = (await page(user, '/mes-propositions')).html;
  const item = html.slice(html.indexOf(`id="proposition-${proposalId}"`));
  return /<p class="fr-badge[^"]*">([^<]+)<\/p>/.exec(item)![1]!;
}

async function titleOf(resourceId: number): Promise<string> {
  const row = await server.database.db
    .selectFrom('resources')
    .select('title')
    .where('id', '=', resourceId)
    .executeTakeFirstOrThrow();
  return row.title;
}

/** Text as Preact escapes it in HTML. */
const escaped = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

describe('the life of a proposal', () => {
  let first: number;
  let orderId: number;

  it('is proposed: the teacher sees it in Mes propositions with its resource, offer, seats, note and school', async () => {
    first = await propose(world.teacher, offers[0]!, 24, 'Pour les 6e');
    const mine = await page(world.teacher, '/mes-propositions');
    expect(mine.status).toBe(200);
    const item = mine.html.slice(mine.html.indexOf(`id="proposition-${first}"`));
    // The resource first, linked.
    expect(item).toMatch(
      new RegExp(`^id="proposition-${first}"[^>]*><h2[^>]*><a href="/ressources/${offers[0]!.resourceId}">`),
    );
    expect(item).toContain(escaped(offers[0]!.label));
    expect(item).toContain('<dd>24</dd>');
    expect(item).toContain('« Pour les 6e »');
    expect(item).toContain(escaped(world.establishment.name));
    expect(await stateOn(world.teacher, first)).toBe('proposé');
  });

  it('shows on the cart page pre-filled with her offer and seats for the referent; the teacher gets no form', async () => {
    const referent = await page(world.referent, cartUrl());
    const item = referent.html.slice(referent.html.indexOf(`id="proposition-${first}"`));
    expect(item).toContain(`action="${cartUrl().replace('/panier', '')}/propositions/${first}/panier"`);
    expect(item).toContain(`<option value="${offers[0]!.id}" selected>`);
    expect(item).toContain(`id="postes-${first}" name="seats" value="24"`);
    // Single-seat licences: one unit per seat.
    expect(item).toContain(`id="quantite-${first}" name="quantity" value="24"`);
    expect(item).toContain(`/propositions/${first}/refuser`);
    const teacher = await page(world.teacher, cartUrl());
    expect(teacher.html).toContain(`id="proposition-${first}"`);
    expect(teacher.html).not.toContain(`/propositions/${first}/panier`);
    expect(teacher.html).not.toContain(`/propositions/${first}/refuser`);
  });

  it('goes into the cart: the line names its resource first, then the offer; the teacher reads "dans le panier"', async () => {
    // A teacher may not, nor the head of another school.
    const form = { offer: String(offers[0]!.id), seats: '24', quantity: '24' };
    expect(
      (await submit(world.teacher, `/etablissements/${uai()}/propositions/${first}/panier`, form)).status,
    ).toBe(403);
    expect(
      (await submit(world.otherHead, `/etablissements/${uai()}/propositions/${first}/panier`, form)).status,
    ).toBe(403);
    // Not enough units for the seats: said beside the proposal, with what was typed.
    const short = await submit(world.referent, `/etablissements/${uai()}/propositions/${first}/panier`, {
      ...form,
      quantity: '2',
    });
    expect(short.status).toBe(400);
    expect(short.html).toContain(`id="proposition-${first}-erreur"`);
    expect(short.html).toContain(`id="quantite-${first}" name="quantity" value="2"`);
    const added = await submit(world.referent, `/etablissements/${uai()}/propositions/${first}/panier`, form);
    expect(added.status).toBe(303);
    expect(added.location).toMatch(new RegExp(`^${cartUrl()}\\?ok=ligne#ligne-\\d+$`));
    const cart = await page(world.head, cartUrl());
    const row = cart.html.slice(cart.html.indexOf('<tr id="ligne-'));
    const title = escaped(await titleOf(offers[0]!.resourceId));
    expect(row.indexOf(`href="/ressources/${offers[0]!.resourceId}"`)).toBeGreaterThan(-1);
    expect(row.indexOf(title)).toBeLessThan(row.indexOf(`Offre « ${escaped(offers[0]!.label)} »`));
    expect(await stateOn(world.teacher, first)).toBe('dans le panier');
    // Twice is refused: it is in the cart already.
    const again = await submit(world.referent, `/etablissements/${uai()}/propositions/${first}/panier`, form);
    expect(again.status).toBe(409);
  });

  it('may be declined with a reason by the librarian; its author reads "refusé" and the reason', async () => {
    const second = await propose(world.teacher, offers[1]!, 10);
    const url = `/etablissements/${uai()}/propositions/${second}/refuser`;
    expect((await submit(world.teacher, url, { reason: 'Je change d’avis' })).status).toBe(403);
    expect((await submit(world.otherHead, url, { reason: 'Pas chez nous' })).status).toBe(403);
    const tooShort = await submit(world.librarian, url, { reason: 'x' });
    expect(tooShort.status).toBe(400);
    expect(tooShort.html).toContain('Motif : obligatoire (3 caractères au moins).');
    expect(tooShort.html).toContain(`id="motif-${second}" name="reason" value="x"`);
    const declined = await submit(world.librarian, url, { reason: 'Déjà couvert par l’ENT' });
    expect(declined.status).toBe(303);
    expect(declined.location).toBe(`${cartUrl()}?ok=proposition-refusee#propositions`);
    expect(await stateOn(world.teacher, second)).toBe('refusé');
    const mine = (await page(world.teacher, '/mes-propositions')).html;
    expect(mine).toContain('par Documentaliste Test : « Déjà couvert par l’ENT »');
    // It leaves the cart page's open list; declining again is a conflict.
    expect((await page(world.referent, cartUrl())).html).not.toContain(`id="proposition-${second}"`);
    expect((await submit(world.head, url, { reason: 'Encore' })).status).toBe(409);
    const notes = await server.database.db
      .selectFrom('notifications')
      .select(['title', 'link'])
      .where('user_id', '=', world.teacher.id)
      .where('kind', '=', 'proposal-declined')
      .execute();
    expect(notes).toEqual([
      {
        title: `Proposition non retenue : ${await titleOf(offers[1]!.resourceId)}`,
        link: '/mes-propositions',
      },
    ]);
    // A proposal in the cart is not declined: its line comes out first.
    const inCart = await submit(world.head, `/etablissements/${uai()}/propositions/${first}/refuser`, {
      reason: 'Trop cher',
    });
    expect(inCart.status).toBe(409);
    expect(inCart.html).toContain('retirez d’abord sa ligne du panier');
  });

  it('is ordered with the cart: "commandé", and it leaves the open list', async () => {
    const view = await page(world.head, cartUrl());
    const ordered = await submit(world.head, `${cartUrl()}/commander`, {
      idempotencyKey: hidden(view.html, 'idempotencyKey'),
    });
    expect(ordered.status).toBe(303);
    orderId = Number(/\/commandes\/(\d+)/.exec(ordered.location!)![1]);
    expect(await stateOn(world.teacher, first)).toBe('commandé');
    expect((await page(world.referent, cartUrl())).html).not.toContain(`id="proposition-${first}"`);
    // Proposing it again is a new proposal: the first one is fulfilled.
    const again = await propose(world.teacher, offers[0]!, 5);
    expect(again).not.toBe(first);
    expect(await stateOn(world.teacher, again)).toBe('proposé');
  });

  it('is delivered when the publisher delivers its line: "livré"', async () => {
    const order = await api(world.head, 'GET', `/api/orders/${orderId}`);
    const line = (order.body as { lines: { id: number; delivery: { value: string } }[] }).lines[0]!;
    const publisher = await createUser(server.database.db, {
      grants: [{ role: 'publisher', producerId: offers[0]!.producerId }],
    });
    const body =
      line.delivery.value === 'access-url'
        ? { accessUrl: 'https://acces.example/1' }
        : line.delivery.value === 'shipment'
          ? { shipmentNumber: 'COLIS-1' }
          : { licenceKey: 'CLE-1' };
    const delivered = await api(publisher, 'POST', `/api/orders/${orderId}/lines/${line.id}/deliver`, body);
    expect(delivered.status).toBe(200);
    expect(await stateOn(world.teacher, first)).toBe('livré');
  });

  it('opens again when its order is cancelled, telling what happened', async () => {
    const proposal = await propose(world.referent, offers[2]!, 3);
    await submit(world.referent, `/etablissements/${uai()}/propositions/${proposal}/panier`, {
      offer: String(offers[2]!.id),
      seats: '3',
      quantity: '3',
    });
    const view = await page(world.head, cartUrl());
    const ordered = await submit(world.head, `${cartUrl()}/commander`, {
      idempotencyKey: hidden(view.html, 'idempotencyKey'),
    });
    const id = Number(/\/commandes\/(\d+)/.exec(ordered.location!)![1]);
    expect(await stateOn(world.referent, proposal)).toBe('commandé');
    expect((await api(world.head, 'POST', `/api/orders/${id}/cancel`)).status).toBe(200);
    expect(await stateOn(world.referent, proposal)).toBe('proposé');
    const cart = await page(world.referent, cartUrl());
    expect(cart.html).toContain(`id="proposition-${proposal}"`);
    expect(cart.html).toContain(`La commande n° ${id} a été annulée.`);
  });
});

describe('Mes propositions', () => {
  it('is for the people who propose: a publisher gets 403, a visitor the sign-in page', async () => {
    for (const user of [world.referent, world.librarian, world.head])
      expect((await page(user, '/mes-propositions')).status).toBe(200);
    const publisher = await createUser(server.database.db, { role: 'publisher' });
    expect((await page(publisher, '/mes-propositions')).status).toBe(403);
    expect((await page(world.staff, '/mes-propositions')).status).toBe(403);
    const visitor = await page(undefined, '/mes-propositions');
    expect(visitor.status).toBe(303);
    expect(visitor.location).toBe('/connexion?retour=%2Fmes-propositions');
  });

  it('is linked from Mon espace for the teacher, the referent, the librarian and the head', async () => {
    for (const user of [world.teacher, world.referent, world.librarian, world.head])
      expect((await page(user, '/mon-espace')).html).toContain('href="/mes-propositions"');
    expect((await page(world.staff, '/mon-espace')).html).not.toContain('href="/mes-propositions"');
  });
});

describe('the cart beyond the drawing right', () => {
  it('warns before ordering by how much, and points the head to co-funding; teachers see no amount', async () => {
    const db = server.database.db;
    const budget = await createOrdersWorld(db, { allocationCents: 10_000, allowCoFunding: true });
    const offer = offers[0]!;
    const quantity = Math.floor(10_000 / offer.priceCents) + 2;
    await submit(budget.referent, `/ressources/${offer.resourceId}/panier`, {
      etablissement: budget.establishment.uai,
      offer: String(offer.id),
      seats: String(quantity),
      quantity: String(quantity),
    });
    const over = quantity * offer.priceCents - 10_000;
    const euros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(over / 100);
    const url = `/etablissements/${budget.establishment.uai}/panier`;
    const head = await page(budget.head, url);
    expect(head.html).toContain(`Le panier dépasse le droit de tirage restant de ${euros}`);
    expect(head.html).toContain('href="#complement"');
    expect(head.html).toContain('id="complement"');
    const referent = await page(budget.referent, url);
    expect(referent.html).toContain(`Le panier dépasse le droit de tirage restant de ${euros}`);
    expect(referent.html).toContain('le chef d’établissement le fait en commandant');
    const teacher = await page(budget.teacher, url);
    expect(teacher.html).not.toContain('Le panier dépasse');

    // A refused order keeps everything typed, co-funding included: a top-up too small for the total.
    const before = await balanceOf(db, budget.drawingRightId);
    const refused = await submit(budget.head, `${url}/commander`, {
      idempotencyKey: hidden(head.html, 'idempotencyKey'),
      topUpFunder: 'local-authority',
      topUpAmount: '0,50',
      topUpReference: 'DEL-2026-12',
    });
    expect(refused.status).toBe(409);
    expect(refused.html).toContain('Commande refusée');
    expect(refused.html).toContain('<option value="local-authority" selected>');
    expect(refused.html).toContain('id="topUpAmount" name="topUpAmount" inputmode="decimal" value="0,50"');
    expect(refused.html).toContain('value="DEL-2026-12"');
    expect(refused.html).toContain(`Le panier dépasse le droit de tirage restant de ${euros}`);
    // A refused form missing its reference keeps the funder and amount too.
    const incomplete = await submit(budget.head, `${url}/commander`, {
      idempotencyKey: hidden(refused.html, 'idempotencyKey'),
      topUpFunder: 'establishment',
      topUpAmount: '12,00',
    });
    expect(incomplete.status).toBe(400);
    expect(incomplete.html).toContain('<option value="establishment" selected>');
    expect(incomplete.html).toContain('value="12,00"');
    expect(await balanceOf(db, budget.drawingRightId)).toBe(before);
    // With a top-up covering the shortfall, the order goes through.
    const placed = await submit(budget.head, `${url}/commander`, {
      idempotencyKey: hidden(incomplete.html, 'idempotencyKey'),
      topUpFunder: 'local-authority',
      topUpAmount: (over / 100).toFixed(2).replace('.', ','),
      topUpReference: 'DEL-2026-12',
    });
    expect(placed.status).toBe(303);
  });

  it('says nothing when the cart fits', async () => {
    expect((await page(world.head, cartUrl())).html).not.toContain('Le panier dépasse');
  });
});
