// The usual setting of an orders test: one establishment with a drawing right in an open campaign, a
// second one beside it, and one user per role around them.
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../../src/db/schema.js';
import type { Role } from '../../../src/modules/accounts/actor.js';
import { ACADEMY_REMAINDER_POOL } from '../../../src/modules/funding/funding.repository.js';
import { createAcademy, type TestAcademy } from './academy.js';
import { createCampaign } from './campaign.js';
import { createDrawingRight } from './drawing-right.js';
import { createEstablishment, type TestEstablishment } from './establishment.js';
import { authHeaders, createUser, type TestUser } from './user.js';

type Db = Kysely<Database>;

export interface OrdersWorld {
  academy: TestAcademy;
  campaign: { id: number; name: string };
  establishment: TestEstablishment;
  drawingRightId: number;
  head: TestUser;
  teacher: TestUser;
  referent: TestUser;
  librarian: TestUser;
  staff: TestUser;
  otherStaff: TestUser;
  admin: TestUser;
  otherHead: TestUser;
  other: TestEstablishment;
}

/** One establishment with a drawing right in an open campaign, and one user per role around it. */
export async function createOrdersWorld(
  db: Db,
  options: { allocationCents?: number; allowCoFunding?: boolean; deadline?: string } = {},
): Promise<OrdersWorld> {
  const academy = await createAcademy(db);
  const otherAcademy = await createAcademy(db);
  const campaign = await createCampaign(db, {
    allowCoFunding: options.allowCoFunding ?? false,
    ...(options.deadline ? { deadline: options.deadline } : {}),
  });
  const establishment = await createEstablishment(db, {
    academy,
    address: '3 rue des Écoles, 13001 Marseille',
    contactEmail: 'ce.test@ac-test.fr',
    contactPhone: '04 91 00 00 01',
  });
  const other = await createEstablishment(db, { academy });
  const drawingRightId = await createDrawingRight(db, {
    campaignId: campaign.id,
    academyId: academy.id,
    establishmentId: establishment.id,
    allocationCents: options.allocationCents ?? 100_000,
  });
  await createDrawingRight(db, {
    campaignId: campaign.id,
    academyId: academy.id,
    establishmentId: other.id,
    allocationCents: 100_000,
  });
  const at = (role: Role, name: string) =>
    createUser(db, { grants: [{ role, establishmentId: establishment.id }], name });
  return {
    academy,
    campaign,
    establishment,
    other,
    drawingRightId,
    head: await at('head', 'Chef Test'),
    teacher: await at('teacher', 'Enseignante Test'),
    referent: await at('digital-referent', 'Référent Test'),
    librarian: await at('librarian', 'Documentaliste Test'),
    staff: await createUser(db, {
      grants: [{ role: 'academy-staff', academyId: academy.id }],
      name: 'Rectorat Test',
    }),
    otherStaff: await createUser(db, {
      grants: [{ role: 'academy-staff', academyId: otherAcademy.id }],
      name: 'Autre rectorat',
    }),
    admin: await createUser(db, { grants: [{ role: 'national-admin' }], name: 'DGESCO Test' }),
    otherHead: await createUser(db, {
      grants: [{ role: 'head', establishmentId: other.id }],
      name: 'Autre chef',
    }),
  };
}

/**
 * Lets the campaign's deadline pass and has the national administration close it through the API;
 * returns the reply and the academy remainder right that receives the credits arriving afterwards
 * (undefined if the campaign did not close).
 */
export async function closeCampaignAfterDeadline(
  app: FastifyInstance,
  db: Db,
  world: OrdersWorld,
): Promise<{ closed: { statusCode: number; body: string }; remainderRightId: number | undefined }> {
  await db
    .updateTable('campaigns')
    .set({ ordering_deadline: '2020-01-01' })
    .where('id', '=', world.campaign.id)
    .execute();
  const closed = await app.inject({
    method: 'POST',
    url: `/api/campaigns/${world.campaign.id}/close`,
    headers: authHeaders(world.admin),
  });
  const remainder = await db
    .selectFrom('drawing_rights')
    .select('id')
    .where('campaign_id', '=', world.campaign.id)
    .where('academy_id', '=', world.academy.id)
    .where('pool_name', '=', ACADEMY_REMAINDER_POOL)
    .executeTakeFirst();
  return { closed, remainderRightId: remainder?.id };
}
