// The publisher's lines without a browser: filters by state and by the days the orders were placed (a
// GET form), the totals to invoice, the establishment's address and contact, the CSV export of the
// filter, the deliver and reject forms coming back to the same filter, pages, notifications naming the
// resource, and who may see what.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listPublisherLines } from '../../src/modules/orders/fulfilment.service.js';
import {
  createEstablishment,
  createOrdersWorld,
  createDrawingRight,
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
let mine: TestOffer[];
let theirs: TestOffer;
let publisher: TestUser;
let rival: TestUser;
const db = () => server.database.db;
const api = apiClient(() => server.app);
const { page, submit } = pageClient(() => server.app);

interface Placed {
  id: number;
  lines: { id: number; offer: number; lineTotalCents: number; delivery: { value: string } }[];
}
/** Orders of this test: an old one (September), a recent one, one from a school without contact. */
let old: Placed;
let recent: Placed;
let bare: Placed;
let bareUai: string;

async function order(head: TestUser, uai: string, offers: TestOffer[]): Promise<Placed> {
  const reply = await api(
    head,
    'POST',
    '/api/orders',
    {
      establishment: uai,
      lines: offers.map((offer) => ({ offer: offer.id, seats: seatsFor(offer), quantity: 1 })),
    },
    { 'idempotency-key': `publisher-${Math.random()}` },
  );
  expect(reply.status).toBe(201);
  return reply.body as Placed;
}

const deliveryField = (line: Placed['lines'][number]) =>
  ({ 'licence-key': 'licenceKey', 'access-url': 'accessUrl', shipment: 'shipmentNumber' })[
    line.delivery.value
  ]!;

beforeAll(async () => {
  server = await startTestServer();
  world = await createOrdersWorld(db(), { allocationCents: 500_000 });
  const [first] = await validOffers(db(), 1, { maxPriceCents: 30_000 });
  mine = await validOffers(db(), 3, { producerId: first!.producerId, maxPriceCents: 30_000 });
  theirs = (await validOffers(db(), 10, { maxPriceCents: 30_000 })).find(
    (offer) => offer.producerId !== first!.producerId,
  )!;
  publisher = await createUser(db(), {
    grants: [{ role: 'publisher', producerId: first!.producerId }],
    name: 'Éditrice des lignes',
  });
  rival = await createUser(db(), {
    grants: [{ role: 'publisher', producerId: theirs.producerId }],
    name: 'Éditeur concurrent',
  });
  old = await order(world.head, world.establishment.uai, [mine[0]!, theirs]);
  await db()
    .updateTable('orders')
    .set({ created_at: new Date('2026-09-15T10:00:00Z') })
    .where('id', '=', old.id)
    .execute();
  recent = await order(world.head, world.establishment.uai, [mine[1]!, mine[2]!]);
  // A school without address or contact, whose address-free row must still read fine.
  const school = await createEstablishment(db(), {
    academy: world.academy,
    name: 'École « sans ; adresse »',
  });
  bareUai = school.uai;
  await createDrawingRight(db(), {
    campaignId: world.campaign.id,
    academyId: world.academy.id,
    establishmentId: school.id,
    allocationCents: 200_000,
  });
  const schoolHead = await createUser(db(), { grants: [{ role: 'head', establishmentId: school.id }] });
  bare = await order(schoolHead, school.uai, [mine[0]!]);
});
afterAll(async () => {
  await server?.close();
});

const lineId = (placed: Placed, offer: TestOffer) => placed.lines.find((line) => line.offer === offer.id)!.id;

describe('the publisher’s lines', () => {
  it('shows its own lines with the resource, the establishment’s name, UAI, address and contact', async () => {
    const view = await page(publisher, '/editeur/commandes');
    expect(view.status).toBe(200);
    for (const id of [lineId(old, mine[0]!), lineId(recent, mine[1]!), lineId(bare, mine[0]!)]) {
      expect(view.html).toContain(`id="ligne-${id}"`);
    }
    expect(view.html).not.toContain(`id="ligne-${lineId(old, theirs)}"`);
    expect(view.html).toContain(`href="/ressources/${mine[1]!.resourceId}"`);
    expect(view.html).toContain(`${world.establishment.name} (UAI ${world.establishment.uai})`);
    expect(view.html).toContain('3 rue des Écoles, 13001 Marseille');
    expect(view.html).toContain('href="mailto:ce.test@ac-test.fr"');
    expect(view.html).toContain('href="tel:0491000001"');
    expect(view.html).toContain('École « sans ; adresse »');
    expect(view.html).toContain('Adresse non renseignée');
    // The labels of the forms name the resource, so a screen reader tells the lines apart.
    expect(view.html).toMatch(/for="livrer-\d+">[^<]* pour « [^»]+ — /);
  });

  it('filters by state and keeps the filter after delivering or refusing; totals are what to invoice', async () => {
    const delivered = recent.lines.find((line) => line.offer === mine[1]!.id)!;
    const reply = await submit(publisher, `/editeur/commandes/${recent.id}/lignes/${delivered.id}/livrer`, {
      [deliveryField(delivered)]:
        deliveryField(delivered) === 'accessUrl' ? 'https://acces.example/1' : 'CLE-1',
      etat: 'a-livrer',
      du: '2026-01-01',
    });
    expect(reply.status).toBe(303);
    expect(reply.location).toBe(
      `/editeur/commandes?etat=a-livrer&du=2026-01-01&ok=livree#commande-${recent.id}`,
    );
    const refused = lineId(bare, mine[0]!);
    const rejection = await submit(publisher, `/editeur/commandes/${bare.id}/lignes/${refused}/rejeter`, {
      reason: 'Hors catalogue scolaire',
    });
    expect(rejection.location).toBe(`/editeur/commandes?ok=refusee#commande-${bare.id}`);

    const pending = await page(publisher, '/editeur/commandes?etat=a-livrer');
    expect(pending.html).toContain(`id="ligne-${lineId(recent, mine[2]!)}"`);
    expect(pending.html).toContain(`id="ligne-${lineId(old, mine[0]!)}"`);
    expect(pending.html).not.toContain(`id="ligne-${delivered.id}"`);
    expect(pending.html).not.toContain(`id="ligne-${refused}"`);
    expect(pending.html).toContain('<option value="a-livrer" selected');

    const done = await page(publisher, '/editeur/commandes?etat=livrees');
    expect(done.html).toContain(`id="ligne-${delivered.id}"`);
    expect(done.html).not.toContain(`id="ligne-${lineId(recent, mine[2]!)}"`);
    expect(done.html).not.toContain('/livrer"');
    const money = (cents: number) =>
      new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(cents / 100);
    const totals = done.html.slice(done.html.indexOf('id="totaux"'));
    expect(totals).toContain(`${money(delivered.lineTotalCents)}</span>, 1 ligne livrée`);

    const rejected = await page(publisher, '/editeur/commandes?etat=refusees');
    expect(rejected.html).toContain(`id="ligne-${refused}"`);
    expect(rejected.html).toContain('Motif du refus : Hors catalogue scolaire');
    expect(rejected.html).toContain('0 ligne livrée');

    // The head hears of the refusal with the resource named before the offer.
    const note = await db()
      .selectFrom('notifications as n')
      .innerJoin('role_assignments as r', 'r.user_id', 'n.user_id')
      .select('n.body')
      .where('n.kind', '=', 'order-line-rejected')
      .where('r.establishment_id', 'in', (eb) =>
        eb.selectFrom('establishments').select('id').where('uai', '=', bareUai),
      )
      .executeTakeFirstOrThrow();
    const title = await db()
      .selectFrom('resources')
      .select('title')
      .where('id', '=', mine[0]!.resourceId)
      .executeTakeFirstOrThrow();
    expect(note.body).toContain(`« ${title.title}`);
    expect(note.body).toContain(`— ${mine[0]!.label} » a été refusée`);
  });

  it('filters by the French day the order was placed, and says so when nothing matches', async () => {
    const september = await page(publisher, '/editeur/commandes?du=2026-09-01&au=2026-09-30');
    expect(september.status).toBe(200);
    expect(september.html).toContain(`id="ligne-${lineId(old, mine[0]!)}"`);
    expect(september.html).not.toContain(`id="ligne-${lineId(recent, mine[2]!)}"`);
    expect(september.html).toContain('value="2026-09-01"');
    // 10:00 UTC on 15 September is that day in France: the range of that day alone holds it.
    const day = await page(publisher, '/editeur/commandes?du=2026-09-15&au=2026-09-15');
    expect(day.html).toContain(`id="ligne-${lineId(old, mine[0]!)}"`);
    const before = await page(publisher, '/editeur/commandes?au=2026-09-14');
    expect(before.html).toContain('Aucune ligne ne correspond à ce filtre.');
  });

  it('refuses a malformed filter with a 400 and the message next to its field', async () => {
    const badDate = await page(publisher, '/editeur/commandes?du=2026-02-30');
    expect(badDate.status).toBe(400);
    expect(badDate.html).toContain('id="filtre-du-error"');
    expect(badDate.html).toContain('Du : une date au format AAAA-MM-JJ est attendue');
    const backwards = await page(publisher, '/editeur/commandes?du=2026-10-01&au=2026-09-01');
    expect(backwards.status).toBe(400);
    expect(backwards.html).toContain('Au : la date de fin doit suivre la date de début.');
    const badState = await page(publisher, '/editeur/commandes?etat=perdues');
    expect(badState.status).toBe(400);
    expect(badState.html).toContain('État : choisissez');
    expect((await page(publisher, '/editeur/commandes?page=0')).status).toBe(400);
    expect((await page(publisher, '/editeur/commandes.csv?du=hier')).status).toBe(400);
  });

  it('exports the filtered lines as CSV for French Excel, hostile text kept in its cell', async () => {
    await db()
      .updateTable('establishments')
      .set({ address: '=1 "place"; du Marché, 13002 Marseille' })
      .where('id', '=', world.establishment.id)
      .execute();
    const view = await page(publisher, '/editeur/commandes?etat=a-livrer');
    expect(view.html).toContain('href="/editeur/commandes.csv?etat=a-livrer"');
    const reply = await server.app.inject({
      method: 'GET',
      url: '/editeur/commandes.csv?etat=a-livrer',
      headers: { cookie: `ccr_session=${publisher.token}` },
    });
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(reply.headers['content-disposition']).toMatch(
      /^attachment; filename="lignes-a-livrer-[\d-]+\.csv"$/,
    );
    expect(reply.body.charCodeAt(0)).toBe(0xfeff);
    const [header, ...rows]: string[][] = parse(reply.body, { bom: true, delimiter: ';' });
    expect(header!.slice(0, 7)).toEqual([
      'Date de commande',
      'N° de commande',
      'État de la commande',
      'N° de ligne',
      'État de la ligne',
      'Date de livraison',
      'Ressource',
    ]);
    const ids = rows.map((row) => Number(row[3]));
    expect(ids.sort()).toEqual([lineId(old, mine[0]!), lineId(recent, mine[2]!)].sort());
    expect(rows.every((row) => row[4] === 'en attente')).toBe(true);
    const oldRow = rows.find((row) => Number(row[3]) === lineId(old, mine[0]!))!;
    expect(oldRow[0]).toBe('15/09/2026');
    expect(oldRow[14]).toBe(world.establishment.name);
    expect(oldRow[15]).toBe(world.establishment.uai);
    expect(oldRow[16]).toBe('\'=1 "place"; du Marché, 13002 Marseille');
    expect(oldRow[17]).toBe('ce.test@ac-test.fr');
    expect(oldRow[7]).toBe(mine[0]!.label);
    // The rival publisher's export holds none of these lines.
    const other = await server.app.inject({
      method: 'GET',
      url: '/editeur/commandes.csv',
      headers: { cookie: `ccr_session=${rival.token}` },
    });
    expect(other.statusCode).toBe(200);
    const otherRows: string[][] = parse(other.body, { bom: true, delimiter: ';' });
    const otherIds = otherRows.slice(1).map((row) => Number(row[3]));
    expect(otherIds).toContain(lineId(old, theirs));
    expect(otherIds).not.toContain(lineId(old, mine[0]!));
  });

  it('pages long lists; the totals count the whole filter', async () => {
    const first = await listPublisherLines(db(), publisher.actor, {}, { page: 1, pageSize: 2 });
    const second = await listPublisherLines(db(), publisher.actor, {}, { page: 2, pageSize: 2 });
    expect(first.lines).toHaveLength(2);
    expect(second.summary.lines).toBe(first.summary.lines);
    expect(first.summary.lines).toBe(4);
    const seen = [...first.lines, ...second.lines].map((line) => line.id);
    expect(new Set(seen).size).toBe(4);
    const beyond = await page(publisher, '/editeur/commandes?page=3');
    expect(beyond.status).toBe(200);
    expect(beyond.html).not.toContain('id="ligne-');
  });

  it('is the publishers’ page only; another publisher neither sees nor delivers these lines', async () => {
    for (const user of [
      world.head,
      world.referent,
      world.librarian,
      world.teacher,
      world.staff,
      world.admin,
    ]) {
      expect((await page(user, '/editeur/commandes')).status, user.email).toBe(403);
      expect((await page(user, '/editeur/commandes.csv')).status, user.email).toBe(403);
    }
    const anonymous = await page(undefined, '/editeur/commandes.csv?etat=livrees');
    expect(anonymous.status).toBe(303);
    expect(anonymous.location).toBe(
      `/connexion?retour=${encodeURIComponent('/editeur/commandes.csv?etat=livrees')}`,
    );
    const view = await page(rival, '/editeur/commandes');
    expect(view.html).toContain(`id="ligne-${lineId(old, theirs)}"`);
    expect(view.html).not.toContain(`id="ligne-${lineId(recent, mine[2]!)}"`);
    const forged = await submit(
      rival,
      `/editeur/commandes/${recent.id}/lignes/${lineId(recent, mine[2]!)}/livrer`,
      {
        accessUrl: 'https://x.example',
        licenceKey: 'X',
        shipmentNumber: 'X',
      },
    );
    expect(forged.status).toBe(404);
  });
});
