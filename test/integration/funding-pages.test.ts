// Funding pages over HTTP: each role gets its page or a French refusal, forms work without script
// (urlencoded and multipart), errors are shown next to the form and change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeCampaign } from '../../src/modules/funding/campaign-closing.js';
import { makeUai } from '../../src/modules/funding/uai.js';
import { rowCount } from '../support/database.js';
import {
  academyIdOf,
  createEstablishment,
  createFundingTeam,
  createUser,
  draftSplitCampaign,
  publishFor,
  type TestUser,
} from '../support/factories/index.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let admin: TestUser;
let staff: TestUser;
let academyId: number;

beforeAll(async () => {
  server = await startTestServer({ referenceData: true });
  ({ academyId, admin, staff } = await createFundingTeam(server.database.db));
});
afterAll(async () => {
  await server?.close();
});

function form(
  user: TestUser,
  fields: [string, string][],
): { headers: Record<string, string>; payload: string } {
  const body = new URLSearchParams([['_csrf', user.headers['x-csrf-token']], ...fields]);
  return {
    headers: { cookie: user.headers.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: body.toString(),
  };
}

async function post(user: TestUser, url: string, fields: [string, string][]) {
  return server.app.inject({ method: 'POST', url, ...form(user, fields) });
}

/** Text of a page with every kind of space made plain (amounts use narrow no-break spaces). */
function plain(html: string): string {
  return html.replace(/[\u00a0\u202f]/g, ' ');
}

const campaignFields = (name: string): [string, string][] => [
  ['name', name],
  ['envelope', '10 000'],
  ['deadline', '2099-07-10'],
  ['policy', 'return-to-academy'],
  ['private', 'yes'],
  ['academy', String(academyId)],
];

/** Band cells of the form: [type, row, jusqu’à, montant]; the other rows are posted empty. */
function bandFields(rows: [string, number, string, string][]): [string, string][] {
  const fields: [string, string][] = [];
  for (const type of ['college', 'lgt', 'lp', 'lpo', 'erea']) {
    for (let row = 0; row < 5; row++) {
      const typed = rows.find(([t, r]) => t === type && r === row);
      fields.push(
        [`band-${type}-${row}-upto`, typed?.[2] ?? ''],
        [`band-${type}-${row}-amount`, typed?.[3] ?? ''],
      );
    }
  }
  return fields;
}

interface CampaignDetail {
  rules: unknown;
  academies: { code: string; shareCents: number; split: unknown }[];
}

async function campaignDetail(id: number): Promise<CampaignDetail> {
  return (
    await server.app.inject({ url: `/api/campaigns/${id}`, headers: admin.headers })
  ).json<CampaignDetail>();
}

const codesOf = (detail: CampaignDetail) => detail.academies.map((a) => a.code).sort();

const campaignCount = () => rowCount(server.database.db, 'campaigns');

/** The error paragraph of a field and whether the input points to it. */
function fieldError(html: string, id: string): string | undefined {
  const input = new RegExp(`<input[^>]*id="${id}"[^>]*>`).exec(html)?.[0] ?? '';
  if (!input.includes(`${id}-error`) || !input.includes('aria-invalid="true"')) return undefined;
  return new RegExp(`<p class="fr-error-text" id="${id}-error">([^<]*)</p>`).exec(plain(html))?.[1];
}

describe('funding pages', () => {
  it('campaign creation, split preview and commit through forms', async () => {
    await createEstablishment(server.database.db, { departmentCode: '35', type: 'college', pupils: 500 });
    // A signed-out visitor is sent to sign in and brought back (issue 10); a form post stays a 401.
    const anonymous = await server.app.inject({ url: '/financement/campagnes' });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/connexion?retour=%2Ffinancement%2Fcampagnes');
    expect((await server.app.inject({ method: 'POST', url: '/financement/campagnes' })).statusCode).toBe(401);
    const teacher = await createUser(server.database.db, { grants: [{ role: 'teacher' }] });
    expect(
      (
        await server.app.inject({
          url: '/financement/campagnes',
          headers: { cookie: teacher.headers.cookie },
        })
      ).statusCode,
    ).toBe(403);
    const page = await server.app.inject({
      url: '/financement/campagnes',
      headers: { cookie: admin.headers.cookie },
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
    const detail = await server.app.inject({ url: campaignUrl, headers: { cookie: staff.headers.cookie } });
    expect(detail.body).toContain('Dotations d’établissement de l’académie Rennes');
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
      cookie: staff.headers.cookie,
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

    // Without the session's CSRF field the upload is refused before anything is written.
    const forged = await server.app.inject({
      method: 'POST',
      url,
      headers,
      payload: Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="etabs.csv"\r\nContent-Type: text/csv\r\n\r\n`,
        ),
        csv([`${makeUai('35', 78)};École Cancale;école;public;80;35;`]),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    });
    expect(forged.statusCode).toBe(403);
    const written = await server.database.db
      .selectFrom('establishments')
      .select('id')
      .where('uai', '=', makeUai('35', 78))
      .execute();
    expect(written).toEqual([]);
  });

  it('shows the academy remainder after closing and reallocates it through a form', async () => {
    const db = server.database.db;
    const school = await createEstablishment(db, { departmentCode: '22', type: 'ecole', pupils: 200 });
    const closed = await publishFor(db, admin.actor, staff.actor, academyId, [school.id], {
      orderingDeadline: '2020-07-10',
    });
    await closeCampaign(db, admin.actor, closed);
    const open = await publishFor(db, admin.actor, staff.actor, academyId, [school.id]);
    const url = `/financement/campagnes/${closed}/academies/${academyId}`;
    const page = await server.app.inject({ url, headers: { cookie: staff.headers.cookie } });
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
    // The academy dashboard of the closed campaign shows where its remainder went.
    const dashboard = await server.app.inject({
      url: `${url}/tableau-de-bord`,
      headers: { cookie: staff.headers.cookie },
    });
    expect(dashboard.statusCode).toBe(200);
    const text = dashboard.body.replace(/[\u00a0\u202f]/g, ' ');
    expect(text).toContain('Reliquat de l’académie');
    expect(text).toMatch(/Reçu \(droits rendus à la clôture, crédits tardifs, report\)<\/td><td>500,00 €/);
    expect(text).toMatch(/Réaffecté ou reporté<\/td><td>100,00 €/);
    expect(text).toMatch(/Disponible<\/td><td>400,00 €/);
    expect(text).toContain(`href="${url}#reliquat"`);
  });

  it('sets the pupil bands of each secondary type through the form; the rules and the plan use them', async () => {
    const db = server.database.db;
    const college = await createEstablishment(db, { departmentCode: '35', type: 'college', pupils: 650 });
    const lycee = await createEstablishment(db, { departmentCode: '35', type: 'lgt', pupils: 300 });
    const lp = await createEstablishment(db, { departmentCode: '35', type: 'lp', pupils: 300 });
    const created = await post(admin, '/financement/campagnes', [
      ...campaignFields('Plan avec tranches'),
      ['primary', '600'],
      ['secondaryMin', '1 000'],
      ['secondaryMax', '3 000'],
      ...bandFields([
        ['college', 0, '500', '1 000'],
        ['college', 1, '700', '2000'],
        ['college', 2, '', '2 500'],
        ['lgt', 0, '', '3000'],
      ]),
    ]);
    expect(created.statusCode).toBe(303);
    const campaignUrl = (created.headers.location as string).split('?')[0]!;
    const campaignId = Number(campaignUrl.split('/').pop());
    expect((await campaignDetail(campaignId)).rules).toEqual({
      primaryAmountCents: 60_000,
      secondaryMinCents: 100_000,
      secondaryMaxCents: 300_000,
      bands: [
        { types: ['college'], upToPupils: 500, amountCents: 100_000 },
        { types: ['college'], upToPupils: 700, amountCents: 200_000 },
        { types: ['college'], upToPupils: null, amountCents: 250_000 },
        { types: ['lgt'], upToPupils: null, amountCents: 300_000 },
      ],
      includePrivateContract: true,
      coFundingAllowed: false,
    });
    const page = plain(
      (await server.app.inject({ url: campaignUrl, headers: { cookie: admin.headers.cookie } })).body,
    );
    expect(page).toContain(
      'Collège : jusqu’à 500 élèves, 1 000,00 € ; jusqu’à 700 élèves, 2 000,00 € ; au-delà, 2 500,00 €',
    );
    expect(page).toContain('Lycée professionnel : aucune tranche, le minimum');

    const selected = await server.app.inject({
      method: 'PUT',
      url: `/api/campaigns/${campaignId}/academies/${academyId}/beneficiaries`,
      headers: staff.headers,
      payload: { establishmentIds: [college.id, lycee.id, lp.id] },
    });
    expect(selected.statusCode).toBe(204);
    const plan = await server.app.inject({
      url: `/api/campaigns/${campaignId}/academies/${academyId}/plan`,
      headers: staff.headers,
    });
    const ruleOf = (id: number) =>
      plan
        .json<{ allocations: { establishment: { id: number }; ruleCents: number; ruleReason: string }[] }>()
        .allocations.find((a) => a.establishment.id === id);
    expect(ruleOf(college.id)).toMatchObject({
      ruleCents: 200_000,
      ruleReason: 'Tranche jusqu’à 700 élèves',
    });
    expect(ruleOf(lycee.id)).toMatchObject({ ruleCents: 300_000 });
    expect(ruleOf(lp.id)).toMatchObject({
      ruleCents: 100_000,
      ruleReason: 'Aucune tranche : montant minimum',
    });
  });

  it('shows each band error next to its field, keeps what was typed and creates nothing', async () => {
    const before = await campaignCount();
    const refused = await post(admin, '/financement/campagnes', [
      ...campaignFields('Plan refusé'),
      ...bandFields([
        ['college', 0, '400', '1 200'],
        ['college', 1, '300', '1500'],
        ['college', 2, '', '3 000'],
        ['lgt', 0, 'beaucoup', '1500'],
        ['lp', 0, '800', ''],
        ['lpo', 0, '800', '2000'],
        ['lpo', 1, '', '1500'],
        ['erea', 0, '', '1500'],
        ['erea', 1, '200', '2000'],
      ]),
    ]);
    expect(refused.statusCode).toBe(400);
    const html = refused.body;
    expect(fieldError(html, 'band-college-0-amount')).toBe('Le montant doit être un multiple de 500 €.');
    expect(fieldError(html, 'band-college-1-upto')).toBe(
      'Les tranches vont en croissant : indiquez plus de 400 élèves.',
    );
    expect(fieldError(html, 'band-college-2-amount')).toBe(
      'Le montant doit être compris entre le minimum (1 000 €) et le maximum (2 500 €).',
    );
    expect(fieldError(html, 'band-lgt-0-upto')).toBe(
      'Indiquez un nombre entier d’élèves (par exemple 400), ou rien pour « et au-delà ».',
    );
    expect(fieldError(html, 'band-lp-0-amount')).toBe('Indiquez le montant de cette tranche.');
    expect(fieldError(html, 'band-lpo-1-amount')).toBe(
      'Le montant ne peut pas être inférieur à celui de la tranche précédente (2 000 €).',
    );
    expect(fieldError(html, 'band-erea-0-upto')).toBe(
      'Seule la dernière tranche peut être sans limite (« et au-delà »).',
    );
    // Fields without a fault carry no error.
    expect(fieldError(html, 'band-college-0-upto')).toBeUndefined();
    expect(fieldError(html, 'name')).toBeUndefined();
    // The summary at the top links to each field, and everything typed is kept.
    expect(plain(html)).toContain('Le formulaire contient 7 erreurs : corrigez les champs signalés.');
    expect(html).toContain(
      '<a href="#band-college-0-amount">Collège, tranche 1, montant : Le montant doit être un multiple de 500 €.</a>',
    );
    expect(html).toMatch(/id="band-college-0-amount" name="band-college-0-amount" value="1 200"/);
    expect(html).toMatch(/id="band-lgt-0-upto" name="band-lgt-0-upto" value="beaucoup"/);
    expect(html).toContain('value="Plan refusé"');
    expect(await campaignCount()).toBe(before);

    // Limits off the 500 € steps are refused next to their own field.
    const limits = await post(admin, '/financement/campagnes', [
      ...campaignFields('Plan refusé'),
      ['secondaryMin', '1 200'],
      ...bandFields([['college', 0, '', '1500']]),
    ]);
    expect(limits.statusCode).toBe(400);
    expect(fieldError(limits.body, 'secondaryMin')).toBe(
      'Le minimum par EPLE doit être un multiple de 500 €.',
    );
    // The API applies the same rules.
    const apiRefused = await server.app.inject({
      method: 'POST',
      url: '/api/campaigns',
      headers: admin.headers,
      payload: {
        name: 'Plan API',
        envelopeEuros: '10000',
        academyIds: [academyId],
        orderingDeadline: '2099-07-10',
        remainderPolicy: 'return-to-academy',
        rules: {
          bands: [
            { types: ['college'], upToPupils: 800, amountCents: 150_000 },
            { types: ['college'], upToPupils: 400, amountCents: 200_000 },
          ],
        },
      },
    });
    expect(apiRefused.statusCode).toBe(400);
    expect(apiRefused.json<{ error: { message: string } }>().error.message).toBe(
      'Tranche 2 : les tranches vont en croissant : indiquez plus de 800 élèves.',
    );
    expect(await campaignCount()).toBe(before);
  });

  it('changes the participating academies of a draft campaign, never once it is open', async () => {
    const db = server.database.db;
    const nantes = await academyIdOf(db, 'nantes');
    await createEstablishment(db, { departmentCode: '44', type: 'college', pupils: 500 });
    const campaignId = await draftSplitCampaign(db, admin.actor, [academyId]);
    const url = `/financement/campagnes/${campaignId}`;
    const page = await server.app.inject({ url, headers: { cookie: admin.headers.cookie } });
    expect(page.body).toContain('Enregistrer les académies participantes');
    expect(page.body).toMatch(
      new RegExp(`id="academies-${academyId}" name="academy" value="${academyId}" checked`),
    );

    // Without the form's CSRF token, or for academy staff: refused, nothing changes.
    const forged = await server.app.inject({
      method: 'POST',
      url: `${url}/academies`,
      headers: { cookie: admin.headers.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `academy=${nantes}`,
    });
    expect(forged.statusCode).toBe(403);
    expect((await post(staff, `${url}/academies`, [['academy', String(nantes)]])).statusCode).toBe(403);

    const none = await post(admin, `${url}/academies`, []);
    expect(none.statusCode).toBe(400);
    expect(none.body).toMatch(
      /<div class="fr-messages-group" id="academies-messages"[^>]*><p class="fr-message fr-message--error">Choisissez au moins une académie.<\/p>/,
    );

    const same = await post(admin, `${url}/academies`, [['academy', String(academyId)]]);
    expect(same.headers.location).toBe(`${url}?ok=academies-same#academies-participantes`);

    const added = await post(admin, `${url}/academies`, [
      ['academy', String(academyId)],
      ['academy', String(nantes)],
    ]);
    expect(added.statusCode).toBe(303);
    expect(added.headers.location).toBe(`${url}?ok=academies#academies-participantes`);
    const detail = await campaignDetail(campaignId);
    expect(codesOf(detail)).toEqual(['nantes', 'rennes']);
    // The committed split no longer matches the list: every share is back to 0, to split again.
    expect(detail.academies.map((a) => [a.shareCents, a.split])).toEqual([
      [0, null],
      [0, null],
    ]);
    const after = plain(
      (await server.app.inject({ url: `${url}?ok=academies`, headers: { cookie: admin.headers.cookie } }))
        .body,
    );
    expect(after).toContain('La répartition de l’enveloppe est à valider de nouveau.');
    expect(after).toContain('Pas encore réparti');

    // Through the API too: Nantes leaves.
    const put = await server.app.inject({
      method: 'PUT',
      url: `/api/campaigns/${campaignId}/academies`,
      headers: admin.headers,
      payload: { academyIds: [nantes] },
    });
    expect(put.statusCode).toBe(200);
    expect(codesOf(put.json<CampaignDetail>())).toEqual(['nantes']);

    // Once open (an academy published), the list is frozen: no form, and a clear refusal.
    const school = await createEstablishment(db, { departmentCode: '35', type: 'ecole', pupils: 200 });
    const open = await publishFor(db, admin.actor, staff.actor, academyId, [school.id]);
    const openPage = plain(
      (
        await server.app.inject({
          url: `/financement/campagnes/${open}`,
          headers: { cookie: admin.headers.cookie },
        })
      ).body,
    );
    expect(openPage).not.toContain('Enregistrer les académies participantes');
    expect(openPage).toContain('La campagne est ouverte : les académies participantes ne se modifient plus.');
    const refused = await post(admin, `/financement/campagnes/${open}/academies`, [
      ['academy', String(academyId)],
      ['academy', String(nantes)],
    ]);
    expect(refused.statusCode).toBe(409);
    expect(plain(refused.body)).toContain(
      'La campagne est ouverte : les académies participantes ne se modifient plus.',
    );
    const apiRefused = await server.app.inject({
      method: 'PUT',
      url: `/api/campaigns/${open}/academies`,
      headers: admin.headers,
      payload: { academyIds: [academyId, nantes] },
    });
    expect(apiRefused.statusCode).toBe(409);
    expect(codesOf(await campaignDetail(open))).toEqual(['rennes']);
  });
});
