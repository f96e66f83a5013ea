// The product page's forms, without a browser: a teacher proposes a resource (offer among its paid
// offers valid today, seats, note) and comes back to the page with a confirmation; the referent,
// the librarian and the head also add it to the cart; free resources, visitors and publishers get no
// form; bad input comes back next to its field with what was typed, never a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOrdersWorld,
  createUser,
  seatsFor,
  validOffers,
  type OrdersWorld,
  type TestOffer,
} from '../support/factories/index.js';
import { rowCount } from '../support/database.js';
import { pageClient } from '../support/orders-client.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let world: OrdersWorld;
let offer: TestOffer;
let freeResourceId: number;
beforeAll(async () => {
  server = await startTestServer();
  world = await createOrdersWorld(server.database.db);
  offer = (await validOffers(server.database.db, 1, { licenceKind: 'single-seat' }))[0]!;
  // A resource none of whose offers costs anything.
  const free = await server.database.db
    .selectFrom('resources as r')
    .select('r.id')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('offer_resources as link')
            .innerJoin('offers as o', 'o.id', 'link.offer_id')
            .select('o.id')
            .whereRef('link.resource_id', '=', 'r.id')
            .where('o.price_cents', '>', 0),
        ),
      ),
    )
    .orderBy('r.id')
    .executeTakeFirstOrThrow();
  freeResourceId = free.id;
});
afterAll(async () => {
  await server?.close();
});

const { page, submit } = pageClient(() => server.app);
const productUrl = () => `/ressources/${offer.resourceId}`;

async function proposalsOf(userId: number) {
  return server.database.db
    .selectFrom('proposals')
    .select(['resource_id', 'offer_id', 'seats', 'note'])
    .where('proposed_by', '=', userId)
    .where('establishment_id', '=', world.establishment.id)
    .execute();
}

describe('proposing a resource from its page', () => {
  it('offers the teacher the form (offer, seats, note), records it and brings her back with a confirmation', async () => {
    const view = await page(world.teacher, productUrl());
    expect(view.status).toBe(200);
    expect(view.html).toContain('href="#proposer"');
    expect(view.html).toContain('Proposer pour mon établissement');
    expect(view.html).toContain(`action="/ressources/${offer.resourceId}/proposer"`);
    expect(view.html).toContain(`<option value="${offer.id}"`);
    expect(view.html).toContain(`name="etablissement" value="${world.establishment.uai}"`);
    // Teachers propose; they do not fill the cart.
    expect(view.html).not.toContain('href="#ajouter-au-panier"');
    expect(view.html).not.toContain('/panier"');

    const sent = await submit(world.teacher, `${productUrl()}/proposer`, {
      etablissement: world.establishment.uai,
      offer: String(offer.id),
      seats: '28',
      note: 'Pour les 5e <b>B</b>',
    });
    expect(sent.status).toBe(303);
    expect(sent.location).toBe(`${productUrl()}?ok=proposition`);
    expect(await proposalsOf(world.teacher.id)).toEqual([
      { resource_id: offer.resourceId, offer_id: offer.id, seats: 28, note: 'Pour les 5e <b>B</b>' },
    ]);
    const back = await page(world.teacher, sent.location!);
    expect(back.html).toContain('Votre proposition est transmise à l’établissement.');
    expect(back.html).toContain('href="/mes-propositions"');
  });

  it('changes her open proposal when she proposes again, rather than recording a second one', async () => {
    const again = await submit(world.teacher, `${productUrl()}/proposer`, {
      etablissement: world.establishment.uai,
      offer: String(offer.id),
      seats: '30',
      note: 'Finalement 30',
    });
    expect(again.location).toBe(`${productUrl()}?ok=proposition-modifiee`);
    expect(await proposalsOf(world.teacher.id)).toEqual([
      { resource_id: offer.resourceId, offer_id: offer.id, seats: 30, note: 'Finalement 30' },
    ]);
    expect((await page(world.teacher, again.location!)).html).toContain('Votre proposition est mise à jour');
  });

  it('answers bad input next to its field with what was typed, and writes nothing', async () => {
    const librarian = world.librarian;
    const missing = await submit(librarian, `${productUrl()}/proposer`, {
      etablissement: world.establishment.uai,
      offer: String(offer.id),
      seats: '',
      note: 'Pour le CDI',
    });
    expect(missing.status).toBe(400);
    expect(missing.html).toContain('id="proposer-postes-error"');
    expect(missing.html).toContain('Pour le CDI</textarea>');
    const words = await submit(librarian, `${productUrl()}/proposer`, {
      etablissement: world.establishment.uai,
      offer: String(offer.id),
      seats: 'vingt',
    });
    expect(words.status).toBe(400);
    expect(words.html).toContain('Nombre de postes : un nombre entier est attendu.');
    expect(words.html).toContain('value="vingt"');
    // An offer of another resource (a tampered form) is refused on the offer field.
    const foreign = (await validOffers(server.database.db, 5)).find(
      (o) => o.resourceId !== offer.resourceId,
    )!;
    const wrong = await submit(librarian, `${productUrl()}/proposer`, {
      etablissement: world.establishment.uai,
      offer: String(foreign.id),
      seats: '3',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.html).toContain('id="proposer-offre-error"');
    expect(await proposalsOf(librarian.id)).toEqual([]);
  });

  it('refuses proposing for an establishment one does not belong to (403) or that does not exist (404)', async () => {
    const foreign = await submit(world.teacher, `${productUrl()}/proposer`, {
      etablissement: world.other.uai,
      offer: String(offer.id),
      seats: '3',
    });
    expect(foreign.status).toBe(403);
    const unknown = await submit(world.teacher, `${productUrl()}/proposer`, {
      etablissement: '0999999Z',
      offer: String(offer.id),
      seats: '3',
    });
    expect(unknown.status).toBe(404);
  });

  it('shows no form on a free resource, nor to a visitor, a publisher or academy staff', async () => {
    const free = await page(world.teacher, `/ressources/${freeResourceId}`);
    expect(free.status).toBe(200);
    expect(free.html).not.toContain('href="#proposer"');
    expect(free.html).not.toContain('/proposer"');
    const visitor = await page(undefined, productUrl());
    expect(visitor.html).not.toContain('/proposer"');
    const publisher = await createUser(server.database.db, { role: 'publisher' });
    expect((await page(publisher, productUrl())).html).not.toContain('/proposer"');
    expect((await page(world.staff, productUrl())).html).not.toContain('/proposer"');
    // Posting anyway: a publisher may not propose anywhere.
    const forced = await submit(publisher, `${productUrl()}/proposer`, {
      etablissement: world.establishment.uai,
      offer: String(offer.id),
      seats: '3',
    });
    expect(forced.status).toBe(403);
  });

  it('refuses a proposal of a free resource through the API too, with a French reason', async () => {
    const before = await rowCount(server.database.db, 'proposals');
    const response = await server.app.inject({
      method: 'POST',
      url: `/api/establishments/${world.establishment.uai}/proposals`,
      headers: world.teacher.headers,
      payload: { resource: freeResourceId },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ error: { message: string } }>().error.message).toMatch(/gratuite/);
    expect(await rowCount(server.database.db, 'proposals')).toBe(before);
  });
});

describe('adding to the cart from the product page', () => {
  it('offers the referent, the librarian and the head the cart form; the line lands in the cart', async () => {
    for (const user of [world.referent, world.librarian, world.head]) {
      const view = await page(user, productUrl());
      expect(view.html).toContain('href="#ajouter-au-panier"');
      expect(view.html).toContain(`action="/ressources/${offer.resourceId}/panier"`);
    }
    const added = await submit(world.referent, `${productUrl()}/panier`, {
      etablissement: world.establishment.uai,
      offer: String(offer.id),
      seats: String(seatsFor(offer, 3)),
      quantity: '3',
    });
    expect(added.status).toBe(303);
    expect(added.location).toBe(`${productUrl()}?ok=panier&etablissement=${world.establishment.uai}`);
    const back = await page(world.referent, added.location!);
    expect(back.html).toContain(`La ligne est ajoutée au panier de ${world.establishment.name}.`);
    expect(back.html).toContain(`href="/etablissements/${world.establishment.uai}/panier"`);
    const lines = await server.database.db
      .selectFrom('cart_lines')
      .select(['offer_id', 'seats', 'quantity'])
      .where('establishment_id', '=', world.establishment.id)
      .execute();
    expect(lines).toEqual([{ offer_id: offer.id, seats: seatsFor(offer, 3), quantity: 3 }]);
    // The teacher's open proposal of that very offer is in the cart now.
    const mine = await page(world.teacher, '/mes-propositions');
    expect(mine.html).toContain('dans le panier');
  });

  it('keeps what was typed when the quantity does not cover the seats; a teacher may not add (403)', async () => {
    const short = await submit(world.head, `${productUrl()}/panier`, {
      etablissement: world.establishment.uai,
      offer: String(offer.id),
      seats: '40',
      quantity: '2',
    });
    expect(short.status).toBe(400);
    expect(short.html).toContain('couvrent 2 poste(s), pas 40');
    expect(short.html).toContain('id="panier-postes-error"');
    expect(short.html).toContain('value="40"');
    const teacher = await submit(world.teacher, `${productUrl()}/panier`, {
      etablissement: world.establishment.uai,
      offer: String(offer.id),
      seats: '1',
      quantity: '1',
    });
    expect(teacher.status).toBe(403);
  });

  it('links the confirmation to no cart the person does not fill', async () => {
    const view = await page(world.referent, `${productUrl()}?ok=panier&etablissement=${world.other.uai}`);
    expect(view.html).toContain('La ligne est ajoutée au panier.');
    expect(view.html).not.toContain(`/etablissements/${world.other.uai}/panier`);
  });
});
