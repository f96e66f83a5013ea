// Votes on proposals through the pages: the team votes for the others' open proposals, once each; the
// referent, the librarian and the head read the list ranked by votes with the costs against the
// drawing right, and put a selection in the cart in one step. Every role against every route; nobody
// sees another establishment's proposals or votes in someone else's name.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOrdersWorld,
  createUser,
  validOffers,
  type OrdersWorld,
  type TestOffer,
  type TestUser,
} from '../support/factories/index.js';
import { pageClient } from '../support/orders-client.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let world: OrdersWorld;
let offers: TestOffer[];
let colleague: TestUser;
let outsider: TestUser;
let publisher: TestUser;
const proposals: Record<string, number> = {};

const { page, submit } = pageClient(() => server.app);
const uai = () => world.establishment.uai;
const base = () => `/etablissements/${uai()}/propositions`;

async function propose(user: TestUser, offer: TestOffer, seats: number, note = '', at = uai()) {
  const reply = await submit(user, `/ressources/${offer.resourceId}/proposer`, {
    etablissement: at,
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

async function votesOf(proposalId: number) {
  return server.database.db
    .selectFrom('proposal_votes')
    .select('voter_id')
    .where('proposal_id', '=', proposalId)
    .execute();
}

beforeAll(async () => {
  server = await startTestServer();
  const db = server.database.db;
  world = await createOrdersWorld(db, { allocationCents: 20_000 });
  offers = await validOffers(db, 3, { licenceKind: 'single-seat', maxPriceCents: 5_000 });
  colleague = await createUser(db, {
    grants: [{ role: 'teacher', establishmentId: world.establishment.id }],
    name: 'Collègue Test',
  });
  outsider = await createUser(db, {
    grants: [{ role: 'teacher', establishmentId: world.other.id }],
    name: 'Enseignant ailleurs',
  });
  publisher = await createUser(db, { role: 'publisher' });
  proposals.a = await propose(world.teacher, offers[0]!, 2, '<script>alert(1)</script>');
  proposals.b = await propose(colleague, offers[1]!, 3);
  proposals.c = await propose(world.librarian, offers[2]!, 1);
  proposals.elsewhere = await propose(outsider, offers[0]!, 1, '', world.other.uai);
});
afterAll(async () => {
  await server?.close();
});

describe('voting', () => {
  it('a teacher votes for a colleague’s proposal: one vote, hers, whatever the form says', async () => {
    const reply = await submit(world.teacher, `${base()}/${proposals.b}/vote`, {
      voter: String(colleague.id),
    });
    expect(reply.status).toBe(303);
    expect(reply.location).toBe(`${base()}?ok=vote`);
    expect(await votesOf(proposals.b!)).toEqual([{ voter_id: world.teacher.id }]);
  });

  it('voting twice gets a clear French error and adds nothing', async () => {
    const reply = await submit(world.teacher, `${base()}/${proposals.b}/vote`, {});
    expect(reply.status).toBe(409);
    expect(reply.html).toContain('Vous avez déjà voté pour');
    expect(await votesOf(proposals.b!)).toHaveLength(1);
  });

  it('nobody votes for her own proposal', async () => {
    const reply = await submit(colleague, `${base()}/${proposals.b}/vote`, {});
    expect(reply.status).toBe(409);
    expect(reply.html).toContain('votre propre proposition');
    expect(await votesOf(proposals.b!)).toHaveLength(1);
  });

  it('the head, the referent and the librarian vote too; the proposal ranks first', async () => {
    for (const user of [world.head, world.referent]) {
      expect((await submit(user, `${base()}/${proposals.c}/vote`, {})).status).toBe(303);
    }
    expect((await submit(world.librarian, `${base()}/${proposals.a}/vote`, {})).status).toBe(303);
    expect(await votesOf(proposals.c!)).toHaveLength(2);
  });

  it('a vote can be taken back, only by its author', async () => {
    expect((await submit(colleague, `${base()}/${proposals.a}/vote`, {})).status).toBe(303);
    expect(await votesOf(proposals.a!)).toHaveLength(2);
    const again = await submit(world.head, `${base()}/${proposals.a}/retirer-vote`, {});
    expect(again.status).toBe(409);
    expect(again.html).toContain('Vous n’aviez pas voté');
    expect((await submit(colleague, `${base()}/${proposals.a}/retirer-vote`, {})).status).toBe(303);
    expect((await votesOf(proposals.a!)).map((vote) => vote.voter_id)).toEqual([world.librarian.id]);
  });

  it('another establishment’s team, academy staff and publishers may not vote; nor a forged form', async () => {
    for (const user of [outsider, world.otherHead, world.staff, world.admin, publisher]) {
      const reply = await submit(user, `${base()}/${proposals.a}/vote`, {});
      expect(reply.status, user.email).toBe(403);
    }
    const forged = await submit(world.teacher, `${base()}/${proposals.c}/vote`, {}, 'not-the-token');
    expect(forged.status).toBe(403);
    // A proposal of another establishment, named under this one, does not exist here.
    const elsewhere = await submit(world.teacher, `${base()}/${proposals.elsewhere}/vote`, {});
    expect(elsewhere.status).toBe(404);
    expect(await votesOf(proposals.elsewhere!)).toHaveLength(0);
    expect(await votesOf(proposals.c!)).toHaveLength(2);
  });

  it('signed out: the page sends to sign in, a vote is refused', async () => {
    const reply = await page(undefined, base());
    expect(reply.status).toBe(303);
    expect(reply.location).toContain('/connexion');
    const vote = await server.app.inject({ method: 'POST', url: `${base()}/${proposals.a}/vote` });
    expect(vote.statusCode).toBe(401);
  });
});

describe('the ranked list', () => {
  it('the referent sees the proposals by votes with costs against what the right has left', async () => {
    const reply = await page(world.referent, base());
    expect(reply.status).toBe(200);
    // c has two votes; a and b one each, a proposed first.
    const order = [proposals.c, proposals.a, proposals.b].map((id) =>
      reply.html.indexOf(`id="proposition-${id}"`),
    );
    expect(order.every((index) => index > 0)).toBe(true);
    expect(order).toEqual([...order].sort((x, y) => x - y));
    expect(reply.html).toContain('Reste sur le droit de tirage');
    expect(reply.html).toContain('Cumul');
    expect(reply.html).toContain('Mettre la sélection au panier');
    // The note is text, not markup.
    expect(reply.html).toContain('&lt;script>alert(1)&lt;/script>');
    expect(reply.html).not.toContain('<script>alert(1)');
    // Another establishment's proposal is not listed.
    expect(reply.html).not.toContain(`id="proposition-${proposals.elsewhere}"`);
  });

  it('a teacher sees the ranking and votes, but neither the right nor the selection', async () => {
    const reply = await page(world.teacher, base());
    expect(reply.status).toBe(200);
    expect(reply.html).not.toContain('Reste sur le droit de tirage');
    expect(reply.html).not.toContain('Mettre la sélection au panier');
    expect(reply.html).toContain('Retirer mon vote');
  });

  it('other establishments, academy staff of the academy and publishers do not see it', async () => {
    for (const user of [outsider, world.otherHead, publisher, world.otherStaff]) {
      expect((await page(user, base())).status, user.email).toBe(403);
    }
  });
});

/** The referent ticks these proposals and puts them in the cart (a form with the field repeated). */
async function postSelection(ids: readonly (number | undefined)[]) {
  const form = new URLSearchParams({ _csrf: world.referent.csrf });
  for (const id of ids) form.append('proposal', String(id));
  return server.app.inject({
    method: 'POST',
    url: `${base()}/selection`,
    headers: {
      cookie: `ccr_session=${world.referent.token}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    payload: form.toString(),
  });
}

describe('a selection into the cart', () => {
  it('a teacher may not fill the cart', async () => {
    const reply = await submit(world.teacher, `${base()}/selection`, { proposal: String(proposals.c) });
    expect(reply.status).toBe(403);
  });

  it('nothing ticked, or a proposal of another establishment, is refused and adds nothing', async () => {
    const none = await submit(world.referent, `${base()}/selection`, {});
    expect(none.status).toBe(400);
    expect(none.html).toContain('Cochez au moins une proposition');
    const mixed = await postSelection([proposals.c, proposals.elsewhere]);
    expect(mixed.statusCode).toBe(404);
    const lines = await server.database.db
      .selectFrom('cart_lines')
      .select('id')
      .where('establishment_id', '=', world.establishment.id)
      .execute();
    expect(lines).toHaveLength(0);
  });

  it('a line that fails half-way leaves the cart as it was: the selection is one transaction', async () => {
    // A fault injected in the database when the second proposal is linked to its cart line.
    const db = server.database.db;
    await sql`
      CREATE FUNCTION fail_second_link() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.id = ${sql.lit(proposals.b!)} AND NEW.cart_line_id IS NOT NULL THEN
          RAISE EXCEPTION 'injected fault';
        END IF;
        RETURN NEW;
      END $$`.execute(db);
    await sql`CREATE TRIGGER fail_second_link BEFORE UPDATE ON proposals
              FOR EACH ROW EXECUTE FUNCTION fail_second_link()`.execute(db);
    try {
      const reply = await postSelection([proposals.c, proposals.b]);
      expect(reply.statusCode).toBe(500);
      expect(reply.body).not.toContain('injected fault');
    } finally {
      await sql`DROP TRIGGER fail_second_link ON proposals`.execute(db);
      await sql`DROP FUNCTION fail_second_link`.execute(db);
    }
    const lines = await db
      .selectFrom('cart_lines')
      .select('id')
      .where('establishment_id', '=', world.establishment.id)
      .execute();
    expect(lines).toHaveLength(0);
    const linked = await db
      .selectFrom('proposals')
      .select('id')
      .where('id', 'in', [proposals.b!, proposals.c!])
      .where('cart_line_id', 'is not', null)
      .execute();
    expect(linked).toHaveLength(0);
  });

  it('the referent puts two proposals in the cart in one step, each with its suggested line', async () => {
    const reply = await postSelection([proposals.c, proposals.b]);
    expect(reply.statusCode).toBe(303);
    const rows = await server.database.db
      .selectFrom('proposals')
      .select(['id', 'cart_line_id'])
      .where('id', 'in', [proposals.b!, proposals.c!, proposals.a!])
      .orderBy('id')
      .execute();
    expect(rows.find((row) => row.id === proposals.b)!.cart_line_id).not.toBeNull();
    expect(rows.find((row) => row.id === proposals.c)!.cart_line_id).not.toBeNull();
    expect(rows.find((row) => row.id === proposals.a)!.cart_line_id).toBeNull();
    const cart = await page(world.head, `/etablissements/${uai()}/panier`);
    expect(cart.html).toContain(offers[1]!.label.replace(/'/g, '&#39;').slice(0, 10));
    // Selecting one again: it is in the cart already.
    const again = await submit(world.head, `${base()}/selection`, { proposal: String(proposals.c) });
    expect(again.status).toBe(409);
    expect(again.html).toContain('déjà dans le panier');
  });
});
