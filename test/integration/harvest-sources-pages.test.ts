// The national administration's harvest pages without a browser: who may open and post them (every
// role and a signed-out visitor), registering a source (what is stored, the first run time), each bad
// input answered with the form again (French message next to its field, what was typed kept, nothing
// written), "Moissonner maintenant" (marks the source, runs nothing in the request), and the run log
// after a harvest by the scheduler against a local OAI-PMH server (counts, rejections and reasons).
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/modules/accounts/actor.js';
import { runDueHarvests } from '../../src/modules/harvest/harvest-scheduler.js';
import { rowCount } from '../support/database.js';
import { createUser, type TestUser } from '../support/factories/index.js';
import { pageClient } from '../support/orders-client.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let oai: http.Server;
let base: string;
let producer: { code: string; name: string };
let national: TestUser;
const others: Partial<Record<Role, TestUser>> = {};
const db = () => server.database.db;
const { page, submit } = pageClient(() => server.app);

const fixture = fs
  .readFileSync(new URL('../fixtures/scolomfr/volcans.xml', import.meta.url), 'utf8')
  .replace(/^<\?xml[^>]*\?>\s*/, '');
const notice = (identifier: string, broken = false) => {
  const xml = fixture
    .replace('978-2-01-000001-7', identifier)
    .replace('<value>yes</value>', '<value>no</value>');
  return broken ? xml.replace('<language>fre</language>', '<language>fre</language><bogus>x</bogus>') : xml;
};
const envelope = (verb: string, body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-12-05T12:00:00Z</responseDate><request verb="${verb}">${base}</request><${verb}>${body}</${verb}></OAI-PMH>`;
const record = (id: string, metadata: string) =>
  `<record><header><identifier>${id}</identifier><datestamp>2026-11-20</datestamp></header><metadata>${metadata}</metadata></record>`;

/** A valid registration, as the form posts it. */
function form(change: Record<string, string> = {}): Record<string, string> {
  return {
    kind: 'oai-pmh',
    name: '',
    baseUrl: `${base}/oai`,
    prefix: 'scolomfr',
    set: '',
    producer: producer.code,
    licence: 'cc-by',
    cost: 'no',
    redirectHosts: '',
    scheduleKind: 'none',
    scheduleHours: '',
    scheduleTime: '',
    ...change,
  };
}

const otherRoles: Role[] = [
  'teacher',
  'digital-referent',
  'librarian',
  'head',
  'academy-staff',
  'publisher',
  'expert',
  'inspector',
];

beforeAll(async () => {
  oai = http.createServer((request, response) => {
    const params = new URL(request.url!, 'http://localhost').searchParams;
    response.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
    if (params.get('verb') === 'Identify') {
      return response.end(
        envelope(
          'Identify',
          `<repositoryName>Test</repositoryName><baseURL>${base}/oai</baseURL><protocolVersion>2.0</protocolVersion><adminEmail>oai@exemple.fr</adminEmail><earliestDatestamp>2020-01-01</earliestDatestamp><deletedRecord>persistent</deletedRecord><granularity>YYYY-MM-DD</granularity>`,
        ),
      );
    }
    response.end(
      envelope(
        'ListRecords',
        record('oai:pages:good', notice('pages-good')) +
          record('oai:pages:broken', notice('pages-broken', true)),
      ),
    );
  });
  await new Promise<void>((resolve) => oai.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(oai.address() as AddressInfo).port}`;
  server = await startTestServer();
  producer = await db()
    .selectFrom('producers')
    .select(['code', 'name'])
    .orderBy('id')
    .executeTakeFirstOrThrow();
  national = await createUser(db(), { role: 'national-admin' });
  for (const role of otherRoles) others[role] = await createUser(db(), { role });
});

afterAll(async () => {
  await server?.close();
  await new Promise((resolve) => oai?.close(resolve));
});

async function registered(change: Record<string, string> = {}): Promise<number> {
  const reply = await submit(national, '/admin/moissonnage/nouvelle', form(change));
  expect(reply.status, reply.html.slice(0, 2000)).toBe(303);
  const match = /^\/admin\/moissonnage\/(\d+)\?ok=registered$/.exec(reply.location ?? '');
  expect(match).not.toBeNull();
  return Number(match![1]);
}

describe('who may open the harvest pages', () => {
  it('sends a signed-out visitor to sign in, and refuses a form posted without a session', async () => {
    const id = await registered({ name: 'Source des rôles' });
    for (const url of ['/admin/moissonnage', '/admin/moissonnage/nouvelle', `/admin/moissonnage/${id}`]) {
      const reply = await page(undefined, url);
      expect(reply.status).toBe(303);
      expect(reply.location).toBe(`/connexion?retour=${encodeURIComponent(url)}`);
    }
    const posted = await server.app.inject({
      method: 'POST',
      url: `/admin/moissonnage/${id}/moissonner`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    });
    expect(posted.statusCode).toBe(401);
    expect(
      (
        await db()
          .selectFrom('harvest_sources')
          .select('run_requested_at')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).run_requested_at,
    ).toBeNull();
  });

  it('answers every other role 403 and lets nothing be written', async () => {
    const id = await registered({ name: 'Source interdite' });
    const sources = await rowCount(db(), 'harvest_sources');
    for (const role of otherRoles) {
      const user = others[role]!;
      for (const url of ['/admin/moissonnage', '/admin/moissonnage/nouvelle', `/admin/moissonnage/${id}`]) {
        const reply = await page(user, url);
        expect(reply.status, `${role} ${url}`).toBe(403);
        expect(reply.html).toContain('Vous n’avez pas accès à cette ressource.');
      }
      expect(
        (await submit(user, '/admin/moissonnage/nouvelle', form({ name: `Par ${role}` }))).status,
        role,
      ).toBe(403);
      expect((await submit(user, `/admin/moissonnage/${id}/moissonner`, {})).status, role).toBe(403);
    }
    expect(await rowCount(db(), 'harvest_sources')).toBe(sources);
    expect(
      (
        await db()
          .selectFrom('harvest_sources')
          .select('run_requested_at')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).run_requested_at,
    ).toBeNull();
  });

  it('links the national administration, and only it, to the sources from Mon espace', async () => {
    expect((await page(national, '/mon-espace')).html).toContain('href="/admin/moissonnage"');
    for (const role of otherRoles) {
      expect((await page(others[role], '/mon-espace')).html, role).not.toContain('/admin/moissonnage');
    }
  });
});

describe('registering a source', () => {
  it('shows the form with the producers, the CSRF field and the schedule choices', async () => {
    const reply = await page(national, '/admin/moissonnage/nouvelle');
    expect(reply.status).toBe(200);
    expect(reply.html).toContain(`name="_csrf" value="${national.csrf}"`);
    expect(reply.html).toContain(`<option value="${producer.code}">${producer.name}</option>`);
    expect(reply.html).toContain('<label class="fr-label" for="source-baseUrl">');
    expect(reply.html).toContain('Chaque jour à une heure donnée');
  });

  it('stores what was typed and plans the first run from the schedule', async () => {
    const id = await registered({
      name: 'Entrepôt quotidien',
      set: 'svt',
      prefix: 'lom',
      licence: 'etalab-2.0',
      cost: 'yes',
      review: 'yes',
      redirectHosts: 'cdn.exemple.fr, Miroir.Exemple.fr',
      scheduleKind: 'daily',
      scheduleTime: '02:30',
    });
    const row = await db()
      .selectFrom('harvest_sources')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      name: 'Entrepôt quotidien',
      base_url: `${base}/oai`,
      prefix: 'lom',
      set_spec: 'svt',
      schedule: 'daily 02:30',
      default_licence: 'etalab-2.0',
      default_cost: 'yes',
      needs_review: true,
      allowed_redirect_hosts: ['cdn.exemple.fr', 'miroir.exemple.fr'],
      run_requested_at: null,
    });
    // The next 02:30 in Paris: within a day, at 00:30 or 01:30 UTC.
    const next = row.next_run_at!;
    expect(next.getTime()).toBeGreaterThan(Date.now());
    expect(next.getTime()).toBeLessThanOrEqual(Date.now() + 25 * 3_600_000);
    expect([0, 1]).toContain(next.getUTCHours());
    expect(next.getUTCMinutes()).toBe(30);

    const list = await page(national, '/admin/moissonnage');
    expect(list.status).toBe(200);
    const rowHtml = list.html.slice(list.html.indexOf(`id="source-${id}"`));
    expect(rowHtml).toContain(`<a href="/admin/moissonnage/${id}">Entrepôt quotidien</a>`);
    expect(rowHtml).toContain('Chaque jour à 2 h 30');
    expect(rowHtml).toContain('Jamais');
    const detail = await page(national, `/admin/moissonnage/${id}?ok=registered`);
    expect(detail.html).toContain('La source est enregistrée.');
    expect(detail.html).toContain('cdn.exemple.fr, miroir.exemple.fr');
    expect(detail.html).toContain('Cette source n’a pas encore été moissonnée.');
  });

  it('registers a sitemap of schema.org pages: its own field, no format nor set, the kind stored', async () => {
    const blank = await page(national, '/admin/moissonnage/nouvelle?type=sitemap');
    expect(blank.html).toContain('Adresse du sitemap');
    expect(blank.html).not.toContain('name="prefix"');
    expect(blank.html).toContain('<input type="hidden" name="kind" value="sitemap"/>');
    const id = await registered({
      kind: 'sitemap',
      name: 'Ressources libres',
      baseUrl: `${base}/sitemap.xml`,
      // Whatever an OAI-PMH field would say is not the sitemap's.
      prefix: 'lom',
      set: 'svt',
    });
    const row = await db()
      .selectFrom('harvest_sources')
      .select(['kind', 'base_url', 'set_spec'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ kind: 'sitemap', base_url: `${base}/sitemap.xml`, set_spec: null });
    const detail = await page(national, `/admin/moissonnage/${id}`);
    expect(detail.html).toContain('sitemap schema.org');
    const refused = await submit(
      national,
      '/admin/moissonnage/nouvelle',
      form({ kind: 'sitemap', name: 'Sans adresse', baseUrl: '' }),
    );
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('Indiquez l’adresse de base de la source.');
  });

  it('names a source after its address by default, and asks for a name when it is taken', async () => {
    const id = await registered({ baseUrl: `${base}/par-defaut/oai` });
    const row = await db()
      .selectFrom('harvest_sources')
      .select('name')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.name).toBe(`${new URL(base).host}/par-defaut/oai`);
    const sources = await rowCount(db(), 'harvest_sources');
    const again = await submit(
      national,
      '/admin/moissonnage/nouvelle',
      form({ baseUrl: `${base}/par-defaut/oai`, set: 'autre' }),
    );
    expect(again.status).toBe(409);
    expect(again.html).toMatch(
      /id="source-name-error">Une source s’appelle déjà « [^»]+ »\. Donnez un nom à cette source\./,
    );
    const named = await submit(national, '/admin/moissonnage/nouvelle', form({ name: 'Entrepôt quotidien' }));
    expect(named.status).toBe(409);
    expect(named.html).toContain(
      'Une source s’appelle déjà « Entrepôt quotidien » : choisissez un autre nom.',
    );
    expect(await rowCount(db(), 'harvest_sources')).toBe(sources);
  });

  const refusals: [string, Record<string, string>, string, string][] = [
    ['no address', { baseUrl: '' }, 'source-baseUrl', 'Indiquez l’adresse de base de la source.'],
    [
      'not an address',
      { baseUrl: 'pas une adresse' },
      'source-baseUrl',
      'Cette adresse n’est pas une adresse web (https://…).',
    ],
    [
      'an FTP address',
      { baseUrl: 'ftp://oai.exemple.fr/oai' },
      'source-baseUrl',
      'L’adresse d’une source commence par https:// ou http://.',
    ],
    [
      'credentials in the address',
      { baseUrl: 'https://moi:secret@oai.exemple.fr/oai' },
      'source-baseUrl',
      'L’adresse ne doit pas contenir d’identifiant ni de mot de passe.',
    ],
    [
      'an unknown producer',
      { producer: 'inconnu-zz' },
      'source-producer',
      'Le producteur « inconnu-zz » n’existe pas : choisissez-en un de la liste.',
    ],
    [
      'no producer',
      { producer: '' },
      'source-producer',
      'Choisissez le producteur des ressources de cette source.',
    ],
    [
      'an unknown prefix',
      { prefix: 'marc21' },
      'source-prefix',
      'Choisissez un format : scolomfr, lom ou oai_dc.',
    ],
    ['an unknown licence', { licence: 'gpl' }, 'source-licence', 'Choisissez une licence de la liste.'],
    [
      'zero hours',
      { scheduleKind: 'every', scheduleHours: '0' },
      'source-scheduleHours',
      'Indiquez un nombre d’heures entier de 1 à 168.',
    ],
    [
      'hours as words',
      { scheduleKind: 'every', scheduleHours: 'six' },
      'source-scheduleHours',
      'Indiquez un nombre d’heures entier de 1 à 168.',
    ],
    [
      'a time that does not exist',
      { scheduleKind: 'daily', scheduleTime: '25:00' },
      'source-scheduleTime',
      'Indiquez l’heure au format HH:MM, de 00:00 à 23:59 (exemple : 02:30).',
    ],
    [
      'an unknown frequency',
      { scheduleKind: 'cron' },
      'source-scheduleKind',
      'Choisissez une fréquence de la liste.',
    ],
    [
      'a bad redirect host',
      { redirectHosts: 'cdn.exemple.fr https://x/y' },
      'source-redirectHosts',
      '« https://x/y » n’est pas un nom d’hôte (exemple : oai.exemple.fr).',
    ],
    [
      'a set with a space',
      { set: 'deux mots' },
      'source-set',
      'Un nom d’ensemble (set) ne contient pas d’espace.',
    ],
  ];
  for (const [what, change, field, message] of refusals) {
    it(`answers ${what} with the form again, the message at its field, nothing written`, async () => {
      const sources = await rowCount(db(), 'harvest_sources');
      const facets = await rowCount(db(), 'facet_values');
      const typed = form({ name: `Refus ${what}`, set: 'gardé', ...change });
      const reply = await submit(national, '/admin/moissonnage/nouvelle', typed);
      expect(reply.status).toBe(400);
      expect(reply.html).toContain('id="source-form-errors"');
      expect(reply.html).toContain(`id="${field}-error">${message.replace(/&/g, '&amp;')}</p>`);
      expect(reply.html).toContain(`href="#${field}"`);
      expect(reply.html).toContain('aria-invalid="true"');
      // What was typed comes back.
      expect(reply.html).toContain(`value="Refus ${what}"`);
      if (field !== 'source-baseUrl') expect(reply.html).toContain(`value="${base}/oai"`);
      expect(await rowCount(db(), 'harvest_sources')).toBe(sources);
      expect(await rowCount(db(), 'facet_values')).toBe(facets);
    });
  }

  it('refuses a form without the CSRF token', async () => {
    const sources = await rowCount(db(), 'harvest_sources');
    const reply = await submit(
      national,
      '/admin/moissonnage/nouvelle',
      form({ name: 'Sans jeton' }),
      'faux-jeton',
    );
    expect(reply.status).toBe(403);
    expect(await rowCount(db(), 'harvest_sources')).toBe(sources);
  });
});

describe('a source and its runs', () => {
  it('says a harvest is running, and that a request made meanwhile follows it', async () => {
    const id = await registered({ name: 'Moisson en cours' });
    await db()
      .insertInto('harvest_runs')
      .values({
        source_id: id,
        from_datestamp: null,
        ended_at: null,
        last_datestamp: null,
        error: null,
        harvested: 42,
      })
      .execute();
    const running = await page(national, `/admin/moissonnage/${id}`);
    expect(running.html).toMatch(/Moissonnage en cours depuis \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    expect(running.html).toContain('42 enregistrements lus jusqu’ici.');
    expect(running.html).toContain('En cours');
    const list = await page(national, '/admin/moissonnage');
    const row = list.html.slice(list.html.indexOf(`id="source-${id}"`));
    expect(row.slice(0, row.indexOf('</tr>'))).toMatch(/En cours.*En cours/s);
    await submit(national, `/admin/moissonnage/${id}/moissonner`, {});
    expect((await page(national, `/admin/moissonnage/${id}`)).html).toContain(
      'Il commencera à la fin du moissonnage en cours.',
    );
  });

  it('answers 404 for a source that does not exist', async () => {
    expect((await page(national, '/admin/moissonnage/99999999')).status).toBe(404);
    expect((await page(national, '/admin/moissonnage/abc')).status).toBe(404);
    expect((await submit(national, '/admin/moissonnage/99999999/moissonner', {})).status).toBe(404);
  });

  it('"Moissonner maintenant" marks the source and runs nothing in the request; the log shows the run', async () => {
    const id = await registered({ name: 'Moisson à la demande' });
    const resources = await rowCount(db(), 'resources');
    const posted = await submit(national, `/admin/moissonnage/${id}/moissonner`, {});
    expect(posted.status).toBe(303);
    expect(posted.location).toBe(`/admin/moissonnage/${id}?ok=requested`);
    expect(await db().selectFrom('harvest_runs').select('id').where('source_id', '=', id).execute()).toEqual(
      [],
    );
    expect(await rowCount(db(), 'resources')).toBe(resources);
    const waiting = await page(national, posted.location!);
    expect(waiting.html).toContain('Le moissonnage est demandé : il se fait en arrière-plan');
    expect(waiting.html).toMatch(/Moissonnage demandé le \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    expect(waiting.html).toMatch(/<button class="fr-btn" type="submit" disabled>\s*Moissonner maintenant/);
    const list = await page(national, '/admin/moissonnage');
    expect(list.html.slice(list.html.indexOf(`id="source-${id}"`))).toContain('Demandé, commence sous peu');

    // The scheduler's tick (this node's background task in production).
    await db()
      .updateTable('harvest_sources')
      .set({ next_run_at: null, run_requested_at: null })
      .where('id', '!=', id)
      .execute();
    const tick = await runDueHarvests(db(), {
      kind: server.database.kind,
      client: { timeoutMs: 2_000, retries: 0 },
    });
    expect(tick.runs.map((run) => [run.source, run.status, run.created, run.rejected])).toEqual([
      ['Moisson à la demande', 'succeeded', 1, 1],
    ]);
    const after = await page(national, `/admin/moissonnage/${id}`);
    expect(after.html).not.toContain('Moissonnage demandé le');
    expect(after.html).toContain('Journal des moissonnages, du plus récent au plus ancien');
    expect(after.html).toContain('Réussi');
    expect(after.html).toContain('1 notice refusée : voir les motifs');
    expect(after.html).toContain('<code>oai:pages:broken</code>');
    expect(after.html).toMatch(/<code>oai:pages:broken<\/code> : [^<]*bogus/);
    expect(after.html).toContain('<td>2026-11-20</td>');
    const listed = await page(national, '/admin/moissonnage');
    expect(listed.html.slice(listed.html.indexOf(`id="source-${id}"`))).toContain(
      '1 nouvelle, 0 mise à jour, 0 retirée, 1 refusée',
    );
  });
});
