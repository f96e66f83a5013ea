// Funding pages over HTTP: each role gets its page or a French refusal, forms work without script
// (urlencoded and multipart), errors are shown next to the form and change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeCampaign } from '../../src/modules/funding/campaign.service.js';
import { makeUai } from '../../src/modules/funding/uai.js';
import {
  academyIdOf,
  createEstablishment,
  createUser,
  publishFor,
  startFundingServer,
  type TestUser,
} from '../support/factories-funding.js';
import type { TestServer } from '../support/server.js';

let server: TestServer;
let admin: TestUser;
let staff: TestUser;
let academyId: number;

beforeAll(async () => {
  server = await startFundingServer();
  const db = server.database.db;
  academyId = await academyIdOf(db, 'rennes');
  admin = await createUser(db, 'national-admin');
  staff = await createUser(db, 'academy-staff', { academyId });
});
afterAll(async () => {
  await server?.close();
});

function form(
  user: TestUser,
  fields: [string, string][],
): { headers: Record<string, string>; payload: string } {
  const body = new URLSearchParams([['_csrf', user.headers['x-csrf-token']!], ...fields]);
  return {
    headers: { cookie: user.headers.cookie!, 'content-type': 'application/x-www-form-urlencoded' },
    payload: body.toString(),
  };
}

async function post(user: TestUser, url: string, fields: [string, string][]) {
  return server.app.inject({ method: 'POST', url, ...form(user, fields) });
}

describe('funding pages', () => {
  it('campaign creation, split preview and commit through forms', async () => {
    await createEstablishment(server.database.db, { departmentCode: '35', type: 'college', pupils: 500 });
    expect((await server.app.inject({ url: '/financement/campagnes' })).statusCode).toBe(401);
    const teacher = await createUser(server.database.db, 'teacher');
    expect(
      (
        await server.app.inject({
          url: '/financement/campagnes',
          headers: { cookie: teacher.headers.cookie! },
        })
      ).statusCode,
    ).toBe(403);
    const page = await server.app.inject({
      url: '/financement/campagnes',
      headers: { cookie: admin.headers.cookie! },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Nouvelle campagne');

    const bad = await post(admin, '/financement/campagnes', [
      ['name', 'Plan test'],
      ['envelope', '100,123'],
      ['deadline', '2099-07-10'],
      ['academy', String(academyId)],
    ]);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('plus de deux décimales');
    expect(bad.body).toContain('value="100,123"');

    const created = await post(admin, '/financement/campagnes', [
      ['name', 'Plan test'],
      ['envelope', '10 000'],
      ['deadline', '2099-07-10'],
      ['policy', 'return-to-academy'],
      ['private', 'yes'],
      ['academy', String(academyId)],
    ]);
    expect(created.statusCode).toBe(303);
    const location = created.headers.location as string;
    const campaignUrl = location.split('?')[0]!;
    const preview = await post(admin, `${campaignUrl}/repartition`, [
      ['establishments', '50'],
      ['pupils', '50'],
      ['action', 'preview'],
    ]);
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('Aperçu de la répartition');
    const commit = await post(admin, `${campaignUrl}/repartition`, [
      ['establishments', '50'],
      ['pupils', '50'],
      ['action', 'commit'],
    ]);
    expect(commit.statusCode).toBe(303);
    const detail = await server.app.inject({ url: campaignUrl, headers: { cookie: staff.headers.cookie! } });
    expect(detail.body).toContain('Dotations de l’académie Rennes');
  });

  it('imports a CSV by multipart upload, showing line errors first', async () => {
    const boundary = '----ccr';
    const multipart = (csv: Buffer) =>
      Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${staff.headers['x-csrf-token']}\r\n`,
        ),
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="etabs.csv"\r\nContent-Type: text/csv\r\n\r\n`,
        ),
        csv,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
    const csv = (lines: string[]) =>
      Buffer.from(['UAI;Nom;Type;Secteur;Élèves;Département;Réseau', ...lines].join('\r\n'), 'latin1');
    const url = `/financement/academies/${academyId}/etablissements`;
    const headers = {
      cookie: staff.headers.cookie!,
      'content-type': `multipart/form-data; boundary=${boundary}`,
    };
    const bad = await server.app.inject({
      method: 'POST',
      url,
      headers,
      payload: multipart(csv([`${makeUai('35', 77)};École Saint-Malo;école;public;-1;35;`])),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('nombre d’élèves négatif');
    const good = await server.app.inject({
      method: 'POST',
      url,
      headers,
      payload: multipart(csv([`${makeUai('35', 77)};École Saint-Malo;école;public;120;35;`])),
    });
    expect(good.statusCode).toBe(200);
    expect(good.body).toContain('1 établissement(s) créé(s)');
    expect(good.body).toContain('Windows-1252');
  });

  it('shows the academy remainder after closing and reallocates it through a form', async () => {
    const db = server.database.db;
    const school = await createEstablishment(db, { departmentCode: '22' });
    const closed = await publishFor(db, admin.actor, staff.actor, academyId, [school.id], {
      orderingDeadline: '2020-07-10',
    });
    await closeCampaign(db, admin.actor, closed);
    const open = await publishFor(db, admin.actor, staff.actor, academyId, [school.id]);
    const url = `/financement/campagnes/${closed}/academies/${academyId}`;
    const page = await server.app.inject({ url, headers: { cookie: staff.headers.cookie! } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Reliquat de l’académie');
    const missingReason = await post(staff, `${url}/reaffectation`, [
      ['targetCampaignId', String(open)],
      ['establishmentId', String(school.id)],
      ['amount', '100'],
      ['reason', ''],
    ]);
    expect(missingReason.statusCode).toBe(400);
    const done = await post(staff, `${url}/reaffectation`, [
      ['targetCampaignId', String(open)],
      ['establishmentId', String(school.id)],
      ['amount', '100'],
      ['reason', 'Projet de classe média'],
    ]);
    expect(done.statusCode).toBe(303);
    const right = await db
      .selectFrom('drawing_rights')
      .select('balance_cents')
      .where('campaign_id', '=', open)
      .where('establishment_id', '=', school.id)
      .executeTakeFirstOrThrow();
    expect(Number(right.balance_cents)).toBe(60_000);
  });
});
