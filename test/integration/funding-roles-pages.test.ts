// Issue 10 on the funding pages, role by role: the academy dashboards for its staff and its
// inspection (read-only), the CSV export of every dashboard table with the dashboard's own
// authorization, opening a campaign through a confirmation page, "Toutes" / "Aucune" academies
// without JavaScript, and refused forms said next to their fields.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
let otherStaff: TestUser;
let inspector: TestUser;
let otherInspector: TestUser;
let head: TestUser;
let teacher: TestUser;
let academyId: number;
let campaignId: number;
let schoolUai: string;

beforeAll(async () => {
  server = await startTestServer({ referenceData: true });
  const db = server.database.db;
  ({ academyId, admin, staff } = await createFundingTeam(db));
  const nantes = await academyIdOf(db, 'nantes');
  otherStaff = await createUser(db, { grants: [{ role: 'academy-staff', academyId: nantes }] });
  inspector = await createUser(db, { grants: [{ role: 'inspector', academyId }] });
  otherInspector = await createUser(db, { grants: [{ role: 'inspector', academyId: nantes }] });
  const school = await createEstablishment(db, {
    departmentCode: '35',
    type: 'ecole',
    pupils: 200,
    name: 'École « Les Lices » ; Rennes',
  });
  schoolUai = school.uai;
  head = await createUser(db, { role: 'head', establishmentId: school.id });
  teacher = await createUser(db, { role: 'teacher', establishmentId: school.id });
  campaignId = await publishFor(db, admin.actor, staff.actor, academyId, [school.id]);
});
afterAll(async () => {
  await server?.close();
});

async function get(user: TestUser | undefined, url: string) {
  return server.app.inject({ url, headers: user ? { cookie: user.headers.cookie } : {} });
}

async function post(user: TestUser, url: string, fields: [string, string][]) {
  return server.app.inject({
    method: 'POST',
    url,
    headers: { cookie: user.headers.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams([['_csrf', user.csrf], ...fields]).toString(),
  });
}

/** Text of a page with every kind of space made plain (amounts use narrow no-break spaces). */
const plain = (html: string) => html.replace(/[\u00a0\u202f]/g, ' ');

const academyDashboard = () => `/financement/campagnes/${campaignId}/academies/${academyId}/tableau-de-bord`;
const nationalDashboard = () => `/financement/campagnes/${campaignId}/tableau-de-bord`;

describe('dashboards by role', () => {
  it('opens the academy dashboard to its staff, its inspection and the national administration only', async () => {
    const expected: [string, TestUser | undefined, number][] = [
      ['national administration', admin, 200],
      ['academy staff', staff, 200],
      ['inspection of the academy', inspector, 200],
      ['staff of another academy', otherStaff, 403],
      ['inspection of another academy', otherInspector, 403],
      ['head', head, 403],
      ['teacher', teacher, 403],
      ['signed out', undefined, 303],
    ];
    for (const [who, user, status] of expected)
      expect((await get(user, academyDashboard())).statusCode, who).toBe(status);
  });

  it('shows the inspection the figures with no form and no action, the staff its plan link', async () => {
    const base = `/financement/campagnes/${campaignId}/academies/${academyId}`;
    const forInspection = plain((await get(inspector, academyDashboard())).body);
    expect(forInspection).toContain('Tableau de bord de l’académie Rennes');
    expect(forInspection).toContain('Dotation de l’académie : 100 000,00 €');
    expect(forInspection).toContain('Dotations d’établissement publiées : 500,00 €');
    expect(forInspection).not.toContain('<form');
    expect(forInspection).not.toContain(`href="${base}"`);
    const forStaff = (await get(staff, academyDashboard())).body;
    expect(forStaff).toContain(`href="${base}"`);
  });

  it('opens the national dashboard to the national administration only', async () => {
    for (const [who, user, status] of [
      ['national administration', admin, 200],
      ['academy staff', staff, 403],
      ['inspection', inspector, 403],
      ['head', head, 403],
      ['teacher', teacher, 403],
      ['signed out', undefined, 303],
    ] as const)
      expect((await get(user, nationalDashboard())).statusCode, who).toBe(status);
    const page = (await get(admin, nationalDashboard())).body;
    expect(page).toContain('<th scope="col">Dotation de l’académie</th>');
    expect(page).toContain('est sa part de l’enveloppe nationale');
  });

  it('gives the inspection its academy’s dashboard from Mon espace and the campaign page, read-only', async () => {
    const home = (await get(inspector, '/mon-espace')).body;
    expect(home).toContain(`href="${academyDashboard()}"`);
    const campaign = await get(inspector, `/financement/campagnes/${campaignId}`);
    expect(campaign.statusCode).toBe(200);
    expect(campaign.body).toContain(`href="${academyDashboard()}"`);
    expect(campaign.body).not.toContain('<form');
    expect(campaign.body).not.toContain(`href="/financement/campagnes/${campaignId}/academies/${academyId}"`);
    // Reading only: the inspection cannot change the academy's plan.
    const refused = await post(
      inspector,
      `/financement/campagnes/${campaignId}/academies/${academyId}/modulation`,
      [
        ['establishmentId', '1'],
        ['amount', '100'],
        ['reason', 'Essai de l’inspection'],
      ],
    );
    expect(refused.statusCode).toBe(403);
  });
});

describe('CSV exports of the dashboards', () => {
  it('sends each academy table as French CSV, with the dashboard’s authorization', async () => {
    const page = (await get(staff, academyDashboard())).body;
    for (const slug of ['par-type', 'dans-le-temps', 'par-etablissement'])
      expect(page).toContain(`href="${academyDashboard()}/${slug}.csv"`);
    const csv = await get(inspector, `${academyDashboard()}/par-etablissement.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe(
      `attachment; filename="campagne-${campaignId}-rennes-par-etablissement.csv"`,
    );
    expect(csv.headers['cache-control']).toContain('no-store');
    const body = csv.rawPayload.toString('utf8');
    expect(body.charCodeAt(0)).toBe(0xfeff);
    expect(body.slice(1).split('\r\n')).toEqual([
      'Établissement;Dotation de l’établissement (euros);Consommé (euros);Taux (%)',
      `"École « Les Lices » ; Rennes (${schoolUai})";500;0;0`,
      '',
    ]);
    const types = (await get(staff, `${academyDashboard()}/par-type.csv`)).body;
    expect(types).toContain('école;500;0;0');
    for (const [who, user, status] of [
      ['national administration', admin, 200],
      ['staff of another academy', otherStaff, 403],
      ['inspection of another academy', otherInspector, 403],
      ['head', head, 403],
      ['teacher', teacher, 403],
      ['signed out', undefined, 303],
    ] as const)
      expect((await get(user, `${academyDashboard()}/par-type.csv`)).statusCode, who).toBe(status);
    expect((await get(staff, `${academyDashboard()}/inconnu.csv`)).statusCode).toBe(404);
    expect((await get(staff, `${academyDashboard()}/par-type`)).statusCode).toBe(404);
  });

  it('sends each national table as CSV to the national administration only', async () => {
    const page = (await get(admin, nationalDashboard())).body;
    for (const slug of ['par-academie', 'dans-le-temps'])
      expect(page).toContain(`href="${nationalDashboard()}/${slug}.csv"`);
    const csv = await get(admin, `${nationalDashboard()}/par-academie.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body.split('\r\n').slice(0, 2)).toEqual([
      '\uFEFFAcadémie;Dotation de l’académie (euros);Dotations d’établissement (euros);Consommé (euros);Taux (%)',
      'Rennes;100000;500;0;0',
    ]);
    for (const user of [staff, inspector, head, teacher])
      expect((await get(user, `${nationalDashboard()}/par-academie.csv`)).statusCode).toBe(403);
  });
});

describe('opening a campaign', () => {
  it('states what opening changes, confirms on its own page, then opens; only once', async () => {
    const db = server.database.db;
    const draft = await draftSplitCampaign(db, admin.actor, [academyId], { name: 'Plan à ouvrir' });
    const url = `/financement/campagnes/${draft}`;
    const page = plain((await get(admin, url)).body);
    expect(page).toContain('Ouvrir la campagne');
    expect(page).toContain(
      'Les académies participantes et la répartition de l’enveloppe entre elles ne se modifient plus.',
    );
    expect(page).toContain(`href="${url}/ouverture"`);
    // Staff and inspection see no opening.
    expect((await get(staff, url)).body).not.toContain(`${url}/ouverture`);

    const confirm = await get(admin, `${url}/ouverture`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Ce que l’ouverture change');
    expect(confirm.body).toContain('Une campagne ouverte ne revient pas en préparation');
    expect(confirm.body).toContain(`<form method="post" action="${url}/ouverture">`);
    expect(confirm.body).toContain('Confirmer l’ouverture');
    for (const user of [staff, inspector, head]) {
      expect((await get(user, `${url}/ouverture`)).statusCode).toBe(403);
      expect((await post(user, `${url}/ouverture`, [])).statusCode).toBe(403);
    }
    // Without the CSRF field: refused, still a draft.
    const forged = await server.app.inject({
      method: 'POST',
      url: `${url}/ouverture`,
      headers: { cookie: admin.headers.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    });
    expect(forged.statusCode).toBe(403);
    const status = async () =>
      (await db.selectFrom('campaigns').select('status').where('id', '=', draft).executeTakeFirstOrThrow())
        .status;
    expect(await status()).toBe('draft');

    const opened = await post(admin, `${url}/ouverture`, []);
    expect(opened.statusCode).toBe(303);
    expect(opened.headers.location).toBe(`${url}?ok=opened`);
    expect(await status()).toBe('open');
    const audit = await db
      .selectFrom('audit_log')
      .select('actor_user_id')
      .where('action', '=', 'campaign.opened')
      .where('subject_id', '=', String(draft))
      .execute();
    expect(audit).toEqual([{ actor_user_id: admin.id }]);
    const after = plain((await get(admin, `${url}?ok=opened`)).body);
    expect(after).toContain('La campagne est ouverte : chaque académie publie ses dotations d’établissement');
    expect(after).not.toContain(`${url}/ouverture`);

    const again = await post(admin, `${url}/ouverture`, []);
    expect(again.statusCode).toBe(409);
    expect(plain(again.body)).toContain('La campagne est déjà ouverte');
  });

  it('refuses to open before the split is validated, and says so', async () => {
    const db = server.database.db;
    const nantes = await academyIdOf(db, 'nantes');
    await createEstablishment(db, { departmentCode: '44', type: 'college', pupils: 500 });
    const draft = await draftSplitCampaign(db, admin.actor, [academyId], { name: 'Plan sans répartition' });
    const url = `/financement/campagnes/${draft}`;
    // Adding an academy voids the split.
    expect(
      (
        await post(admin, `${url}/academies`, [
          ['academy', String(academyId)],
          ['academy', String(nantes)],
        ])
      ).statusCode,
    ).toBe(303);
    const page = plain((await get(admin, url)).body);
    expect(page).toContain('Validez d’abord la répartition de l’enveloppe');
    expect(page).not.toContain(`href="${url}/ouverture"`);
    const refused = await post(admin, `${url}/ouverture`, []);
    expect(refused.statusCode).toBe(400);
    expect(plain(refused.body)).toContain(
      'Validez d’abord la répartition de l’enveloppe entre les académies',
    );
    expect(refused.body).toContain('Confirmer l’ouverture');
  });
});

describe('Toutes / Aucune without JavaScript', () => {
  const ticked = (html: string) => (html.match(/name="academy" value="\d+" checked/g) ?? []).length;

  it('ticks every academy or none in the creation form, keeping what was typed, creating nothing', async () => {
    const before = await rowCount(server.database.db, 'campaigns');
    const page = (await get(admin, '/financement/campagnes')).body;
    expect(page).toMatch(/<button[^>]*name="choix-academies" value="all" formnovalidate/);
    expect(page).toMatch(/<script defer src="\/static\/app\/[^"]+\/check-all\.js"><\/script>/);
    const all = await post(admin, '/financement/campagnes', [
      ['name', 'Plan à moitié saisi'],
      ['envelope', ''],
      ['choix-academies', 'all'],
    ]);
    expect(all.statusCode).toBe(200);
    expect(ticked(all.body)).toBe(30);
    expect(all.body).toContain('value="Plan à moitié saisi"');
    expect(all.body).toContain('Les 30 académies sont cochées.');
    expect(all.body).not.toContain('fr-input--error');
    const none = await post(admin, '/financement/campagnes', [
      ['name', 'Plan à moitié saisi'],
      ['academy', String(academyId)],
      ['choix-academies', 'none'],
    ]);
    expect(none.statusCode).toBe(200);
    expect(ticked(none.body)).toBe(0);
    expect(none.body).toContain('Aucune académie n’est cochée.');
    expect(await rowCount(server.database.db, 'campaigns')).toBe(before);
    // The script the buttons use is served.
    const script = /src="(\/static\/app\/[^"]+\/check-all\.js)"/.exec(page)![1]!;
    expect((await server.app.inject({ url: script })).statusCode).toBe(200);
  });

  it('ticks every academy of a draft campaign without saving them', async () => {
    const draft = await draftSplitCampaign(server.database.db, admin.actor, [academyId], {
      name: 'Plan Toutes',
    });
    const url = `/financement/campagnes/${draft}`;
    const all = await post(admin, `${url}/academies`, [['choix-academies', 'all']]);
    expect(all.statusCode).toBe(200);
    expect(ticked(all.body)).toBe(30);
    const detail = await server.app.inject({ url: `/api/campaigns/${draft}`, headers: admin.headers });
    expect(detail.json<{ academies: unknown[] }>().academies).toHaveLength(1);
    // Staff may not use it either.
    expect((await post(staff, `${url}/academies`, [['choix-academies', 'all']])).statusCode).toBe(403);
  });
});

describe('errors next to their field', () => {
  it('says a refused modulation at its fields, with a summary at the top of the form', async () => {
    const db = server.database.db;
    const school = await createEstablishment(db, { departmentCode: '35', type: 'ecole', pupils: 150 });
    const draft = await draftSplitCampaign(db, admin.actor, [academyId], { name: 'Plan modulé' });
    const base = `/financement/campagnes/${draft}/academies/${academyId}`;
    expect(
      (await post(staff, `${base}/beneficiaires`, [['establishment', String(school.id)]])).statusCode,
    ).toBe(303);
    const refused = await post(staff, `${base}/modulation`, [
      ['establishmentId', String(school.id)],
      ['amount', '700'],
      ['reason', 'ok'],
    ]);
    expect(refused.statusCode).toBe(400);
    const html = plain(refused.body);
    expect(html).toMatch(
      /<input class="fr-input fr-input--error"[^>]*id="m-reason"[^>]*aria-describedby="m-reason-error" aria-invalid="true"/,
    );
    expect(html).toContain(
      '<p class="fr-error-text" id="m-reason-error">Indiquez le motif de la modulation (5 caractères au moins).</p>',
    );
    // The summary sits in the modulation form (its action brings the browser back to it), before the fields.
    const form = html.slice(html.indexOf(`action="${base}/modulation#moduler"`));
    expect(form.indexOf('Le formulaire contient une erreur')).toBeLessThan(form.indexOf('id="m-reason"'));
    expect(form).toContain('<a href="#m-reason">Motif : Indiquez le motif de la modulation');
    expect(html).toMatch(/id="m-amount" name="amount" value="700"/);
    expect(html).not.toMatch(/<div class="fr-alert fr-alert--error[^>]*>\s*<h2/);

    const badAmount = plain(
      (
        await post(staff, `${base}/modulation`, [
          ['establishmentId', String(school.id)],
          ['amount', 'beaucoup'],
          ['reason', 'Classe ULIS'],
        ])
      ).body,
    );
    expect(badAmount).toMatch(/<p class="fr-error-text" id="m-amount-error">[^<]+<\/p>/);
    expect(badAmount).toMatch(/id="m-reason" name="reason" value="Classe ULIS"/);
  });

  it('says refused split weights at their field', async () => {
    const draft = await draftSplitCampaign(server.database.db, admin.actor, [academyId], {
      name: 'Plan poids',
    });
    const refused = await post(admin, `/financement/campagnes/${draft}/repartition`, [
      ['establishments', '60'],
      ['pupils', '60'],
      ['action', 'preview'],
    ]);
    expect(refused.statusCode).toBe(400);
    const html = plain(refused.body);
    expect(html).toContain('<p class="fr-error-text" id="wE-error">Les poids doivent totaliser 100 %.</p>');
    expect(html).toContain(
      '<a href="#wE">Poids du nombre d’établissements : Les poids doivent totaliser 100 %.</a>',
    );
    expect(html).toMatch(/id="wP" name="pupils" value="60"/);
  });
});
