// The order pages without a browser: plain forms end to end (propose, fill the cart, order, refusal
// with the shortfall, follow-up, cancel, publisher delivery), escaping and authorization.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  balanceOf,
  createOrdersWorld,
  createUser,
  seatsFor,
  validOffers,
  type OrdersWorld,
  type TestOffer,
} from '../support/factories/index.js';
import { deliverLine } from '../../src/modules/orders/fulfilment.service.js';
import { addDays } from '../../src/modules/orders/orders.money.js';
import { sendSubscriptionReminders } from '../../src/modules/orders/subscriptions.service.js';
import { hidden, pageClient, sessionCookie } from '../support/orders-client.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let world: OrdersWorld;
let offers: TestOffer[];
beforeAll(async () => {
  server = await startTestServer();
  world = await createOrdersWorld(server.database.db, { allocationCents: 30_000, allowCoFunding: true });
  offers = await validOffers(server.database.db, 2);
});
afterAll(async () => {
  await server?.close();
});

const { page, submit } = pageClient(() => server.app);

describe('order pages', () => {
  const cartUrl = () => `/etablissements/${world.establishment.uai}/panier`;

  it('a teacher proposes a resource with a plain form and sees it on the cart page', async () => {
    const reply = await submit(world.teacher, `/etablissements/${world.establishment.uai}/propositions`, {
      resource: String(offers[0]!.resourceId),
    });
    expect(reply.status).toBe(303);
    expect(reply.location).toBe(`${cartUrl()}?ok=proposition#propositions`);
    const cart = await page(world.teacher, `${cartUrl()}?ok=proposition`);
    expect(cart.status).toBe(200);
    expect(cart.html).toContain('Votre proposition a été transmise');
    expect(cart.html).toContain(`href="/ressources/${offers[0]!.resourceId}"`);
    // Teachers see proposals but no cart forms.
    expect(cart.html).not.toContain('Ajouter au panier');
    expect(cart.html).not.toContain('Passer la commande');
  });

  it('refuses a form without the CSRF token', async () => {
    const reply = await submit(
      world.teacher,
      `/etablissements/${world.establishment.uai}/propositions`,
      { resource: String(offers[0]!.resourceId) },
      'faux',
    );
    expect(reply.status).toBe(403);
    expect(reply.html).toContain('<html lang="fr"');
  });

  it('the referent adds to the cart; the head sees the right, orders, then follows and cancels', async () => {
    const offer = offers[0]!;
    const referentView = await page(world.referent, cartUrl());
    expect(referentView.html).toContain('Ajouter au panier');
    const added = await submit(world.referent, `${cartUrl()}/lignes`, {
      offer: String(offer.id),
      seats: String(seatsFor(offer)),
      quantity: '1',
    });
    expect(added.status).toBe(303);
    const headView = await page(world.head, cartUrl());
    expect(headView.html).toContain('Droit de tirage restant');
    expect(headView.html).toContain('Passer la commande');
    expect(headView.html).toContain('Complément de financement');
    const key = hidden(headView.html, 'idempotencyKey');
    const ordered = await submit(world.head, `${cartUrl()}/commander`, { idempotencyKey: key });
    expect(ordered.status).toBe(303);
    expect(ordered.location).toMatch(/^\/commandes\/\d+\?ok=passee$/);
    // A double submit of the same form returns the same order.
    const again = await submit(world.head, `${cartUrl()}/commander`, { idempotencyKey: key });
    expect(again.location).toBe(ordered.location);
    const detail = await page(world.head, ordered.location!);
    expect(detail.status).toBe(200);
    expect(detail.html).toContain('Votre commande est passée');
    expect(detail.html).toContain('Annuler la commande');
    const list = await page(world.head, `/commandes?etablissement=${world.establishment.uai}`);
    expect(list.html).toContain(`href="${ordered.location!.split('?')[0]}"`);
    const id = ordered.location!.match(/\d+/)![0];
    expect((await page(world.otherHead, `/commandes/${id}`)).status).toBe(404);
    expect((await page(world.teacher, `/commandes?etablissement=${world.establishment.uai}`)).status).toBe(
      403,
    );
    const before = await balanceOf(server.database.db, world.drawingRightId);
    const cancelled = await submit(world.head, `/commandes/${id}/annuler`, {});
    expect(cancelled.status).toBe(303);
    expect(await balanceOf(server.database.db, world.drawingRightId)).toBe(before + offer.priceCents);
    const after = await page(world.head, `/commandes/${id}?ok=annulee`);
    expect(after.html).toContain('annulée');
    expect(after.html).not.toContain(`href="/commandes/${id}/annuler"`);
  });

  it('shows a clear refusal with the shortfall and keeps the cart; a top-up with 3 decimals is refused', async () => {
    const offer = offers[1]!;
    const quantity = Math.floor(30_000 / offer.priceCents) + 2;
    await submit(world.referent, `${cartUrl()}/lignes`, {
      offer: String(offer.id),
      seats: String(seatsFor(offer, quantity)),
      quantity: String(quantity),
    });
    const view = await page(world.head, cartUrl());
    const refused = await submit(world.head, `${cartUrl()}/commander`, {
      idempotencyKey: hidden(view.html, 'idempotencyKey'),
    });
    expect(refused.status).toBe(409);
    expect(refused.html).toContain('Commande refusée');
    expect(refused.html).toMatch(/La commande dépasse le droit de tirage de [\d ]+,\d\d €\./);
    expect(refused.html).toContain('Rien n’a été enregistré');
    const decimals = await submit(world.head, `${cartUrl()}/commander`, {
      idempotencyKey: hidden(refused.html, 'idempotencyKey'),
      topUpFunder: 'local-authority',
      topUpAmount: '12,505',
      topUpReference: 'DEL-1',
    });
    expect(decimals.status).toBe(400);
    expect(decimals.html).toContain('plus de deux décimales');
    expect(decimals.html).toContain('value="12,505"');
  });

  it('a publisher sees only its lines and delivers with a plain form', async () => {
    const db = server.database.db;
    const other = await createOrdersWorld(db, { allocationCents: 500_000 });
    const [a, b] = offers;
    const placed = await server.app.inject({
      method: 'POST',
      url: '/api/orders',
      headers: {
        ...sessionCookie(other.head),
        'x-csrf-token': other.head.csrf,
        'idempotency-key': `pages-${Date.now()}`,
      },
      payload: {
        establishment: other.establishment.uai,
        lines: [
          { offer: a!.id, seats: seatsFor(a!), quantity: 1 },
          { offer: b!.id, seats: seatsFor(b!), quantity: 1 },
        ],
      },
    });
    expect(placed.statusCode).toBe(201);
    const order = placed.json<{
      id: number;
      lines: { id: number; producer: { id: number }; delivery: { value: string } }[];
    }>();
    const publisher = await createUser(db, {
      grants: [{ role: 'publisher', producerId: a!.producerId }],
      name: 'Éditeur <b>test</b>',
    });
    const view = await page(publisher, '/editeur/commandes');
    expect(view.status).toBe(200);
    expect(view.html).toContain(`Commande n° ${order.id}`);
    const mine = order.lines.find((line) => line.producer.id === a!.producerId)!;
    const theirs = order.lines.find((line) => line.producer.id !== a!.producerId)!;
    expect(view.html).toContain(`/lignes/${mine.id}/livrer`);
    expect(view.html).not.toContain(`/lignes/${theirs.id}/livrer`);
    const field = { 'licence-key': 'licenceKey', 'access-url': 'accessUrl', shipment: 'shipmentNumber' }[
      mine.delivery.value
    ]!;
    const empty = await submit(publisher, `/editeur/commandes/${order.id}/lignes/${mine.id}/livrer`, {});
    expect(empty.status).toBe(400);
    expect(empty.html).toContain('indiquez');
    const delivered = await submit(publisher, `/editeur/commandes/${order.id}/lignes/${mine.id}/livrer`, {
      [field]: field === 'accessUrl' ? 'https://acces.example/<script>' : '<script>alert(1)</script>',
    });
    expect(delivered.status).toBe(303);
    const headView = await page(other.head, `/commandes/${order.id}`);
    expect(headView.html).toContain('livrée en partie');
    expect(headView.html).not.toContain('<script>alert(1)</script>');
    expect((await page(world.head, '/editeur/commandes')).status).toBe(403);
  });

  it('subscriptions, their renewal and the reminder email name the resource first, then the offer', async () => {
    const db = server.database.db;
    const [offer] = await validOffers(db, 1, { withDuration: true, delivery: 'access-url' });
    const team = await createOrdersWorld(db, { allocationCents: 500_000 });
    const placed = await server.app.inject({
      method: 'POST',
      url: '/api/orders',
      headers: {
        ...sessionCookie(team.head),
        'x-csrf-token': team.head.csrf,
        'idempotency-key': `subscription-${Date.now()}`,
      },
      payload: {
        establishment: team.establishment.uai,
        lines: [{ offer: offer!.id, seats: seatsFor(offer!), quantity: 1 }],
      },
    });
    const order = placed.json<{ id: number; lines: { id: number }[] }>();
    const seller = await createUser(db, { grants: [{ role: 'publisher', producerId: offer!.producerId }] });
    await deliverLine(db, seller.actor, order.id, order.lines[0]!.id, {
      licenceKey: undefined,
      accessUrl: 'https://acces.example.fr/abonnement',
      shipmentNumber: undefined,
    });
    const { title } = await db
      .selectFrom('resources')
      .select('title')
      .where('id', '=', offer!.resourceId)
      .executeTakeFirstOrThrow();
    const link = `<a href="/ressources/${offer!.resourceId}">`;
    const list = await page(team.head, `/etablissements/${team.establishment.uai}/abonnements`);
    expect(list.html).toContain(link);
    expect(list.html.indexOf(link)).toBeLessThan(list.html.indexOf(offer!.label));
    const subscription = await db
      .selectFrom('subscriptions')
      .select(['id', 'ends_on'])
      .where('establishment_id', '=', team.establishment.id)
      .executeTakeFirstOrThrow();
    const renewal = await page(
      team.head,
      `/etablissements/${team.establishment.uai}/abonnements/${subscription.id}/renouveler`,
    );
    expect(renewal.status).toBe(200);
    expect(renewal.html).toContain(link);
    expect(renewal.html).toContain(`<h1>Renouveler « ${title.replace(/'/g, '&#39;')} — `);

    await sendSubscriptionReminders(db, addDays(subscription.ends_on, -30), {
      publicUrl: 'https://ccr.example.fr',
    });
    const mail = await db
      .selectFrom('email_outbox')
      .select(['subject', 'body'])
      .where('to_email', '=', team.head.email)
      .executeTakeFirstOrThrow();
    expect(mail.subject).toBe(`Abonnement bientôt échu : ${title} — ${offer!.label}`);
    expect(mail.body).toContain(`${title} : https://ccr.example.fr/ressources/${offer!.resourceId}\n`);
  });

  it('asks anonymous visitors to sign in', async () => {
    // Sent to the sign-in form, which brings them back (issue 10).
    const reply = await page(undefined, cartUrl());
    expect(reply.status).toBe(303);
    expect(reply.location).toBe(`/connexion?retour=${encodeURIComponent(cartUrl())}`);
    const signIn = await page(undefined, reply.location!);
    expect(signIn.html).toContain('Connect');
  });
});
