// The setting every fuzz case runs in: the real app over a fresh test database, an establishment with
// a drawing right in an open campaign, a draft campaign, one placed order, and signed-in actors of
// several roles beside the anonymous one. `plausible` holds ids and codes that exist, so that part of
// the generated requests gets past the first checks and reaches the deeper ones.
import { randomUUID } from 'node:crypto';
import type { TestServer } from '../../support/server.js';
import { startTestServer } from '../../support/server.js';
import {
  createCampaign,
  createOrdersWorld,
  createUser,
  openSessions,
  seatsFor,
  validOffers,
  type TestUser,
} from '../../support/factories/index.js';

export interface Actor {
  name: string;
  user: TestUser | undefined;
}

export interface FuzzWorld {
  server: TestServer;
  actors: Actor[];
  /** Values that exist in the database, by kind. */
  plausible: { ids: string[]; uais: string[]; emails: string[]; strings: string[] };
  /** Opens again the sessions a successful sign-out closed (the actors must stay signed in). */
  restoreSessions(): Promise<void>;
}

export async function createFuzzWorld(): Promise<FuzzWorld> {
  const server = await startTestServer({ referenceData: true });
  const db = server.database.db;
  const world = await createOrdersWorld(db);
  const offers = await validOffers(db, 2, { maxPriceCents: 20_000 });
  const publisher = await createUser(db, { role: 'publisher', producerId: offers[0]!.producerId });
  const inspector = await createUser(db, { role: 'inspector', academyId: world.academy.id });
  const draft = await createCampaign(db, { status: 'draft' });
  const placed = await server.app.inject({
    method: 'POST',
    url: '/api/orders',
    headers: { ...world.head.headers, 'idempotency-key': randomUUID() },
    payload: {
      establishment: world.establishment.uai,
      lines: offers.map((offer) => ({ offer: offer.id, seats: seatsFor(offer), quantity: 1 })),
    },
  });
  if (placed.statusCode !== 201) throw new Error(`fuzz world: the order was refused: ${placed.body}`);
  const order = placed.json<{ id: number; lines: { id: number }[] }>();
  const resources = offers.map((offer) => offer.resourceId);

  const actors: Actor[] = [
    { name: 'anonymous', user: undefined },
    { name: 'teacher', user: world.teacher },
    { name: 'head', user: world.head },
    { name: 'academy-staff', user: world.staff },
    { name: 'national-admin', user: world.admin },
    { name: 'publisher', user: publisher },
    { name: 'inspector', user: inspector },
  ];
  const ids = [
    world.campaign.id,
    draft.id,
    world.academy.id,
    world.establishment.id,
    world.other.id,
    world.drawingRightId,
    order.id,
    ...order.lines.map((line) => line.id),
    ...offers.map((offer) => offer.id),
    ...resources,
    world.head.id,
  ];
  const sessions = actors.flatMap((actor) => (actor.user ? [actor.user] : []));
  return {
    server,
    actors,
    plausible: {
      ids: [...new Set(ids)].map(String),
      uais: [world.establishment.uai, world.other.uai],
      emails: [world.head.email, world.admin.email],
      strings: [world.campaign.name, 'Plan 2027', 'Collège Jean Moulin', randomUUID()],
    },
    restoreSessions: () => openSessions(db, sessions),
  };
}
