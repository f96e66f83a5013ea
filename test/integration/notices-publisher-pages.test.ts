// The publishers' notice pages without a browser: the form stores a notice (levels, offers in euros),
// a refused form comes back with every value and each error at its field, HTML typed in is shown as
// text, the preview stores nothing, editing makes version 2 with the same identifier, withdrawing is
// confirmed first, a zip upload imports each notice on its own (and leaves no temporary file), and
// only the notice's own publisher gets in.
import fs from 'node:fs';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { decideNotice } from '../../src/modules/notices/notice-review.service.js';
import { createUser, type TestUser } from '../support/factories/index.js';
import { pageClient, sessionCookie } from '../support/orders-client.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let producers: { id: number; code: string; name: string }[];
let publisher: TestUser;
let rival: TestUser;
let teacher: TestUser;
let expert: TestUser;
let twoHouses: TestUser;
const db = () => server.database.db;
const { page, submit } = pageClient(() => server.app);

const CONCEPT = 'http://data.education.fr/voc/scolomfr/concept/';
const CM1 = `${CONCEPT}scolomfr-voc-022-num-014`;
const CYCLE_4 = `${CONCEPT}scolomfr-voc-022-num-621`;
const MATHS = `${CONCEPT}scolomfr-voc-015-num-054`;
const TEXTBOOK = `${CONCEPT}scolomfr-voc-010-num-014`;
const ONLINE = `${CONCEPT}scolomfr-voc-046-num-001`;

const fixture = fs.readFileSync(new URL('../fixtures/scolomfr/volcans.xml', import.meta.url), 'utf8');

beforeAll(async () => {
  server = await startTestServer();
  producers = await db()
    .selectFrom('producers')
    .select(['id', 'code', 'name'])
    .orderBy('id')
    .limit(3)
    .execute();
  publisher = await createUser(db(), {
    grants: [{ role: 'publisher', producerId: producers[0]!.id }],
    name: 'Éditrice des notices',
  });
  rival = await createUser(db(), { grants: [{ role: 'publisher', producerId: producers[1]!.id }] });
  teacher = await createUser(db(), { role: 'teacher' });
  expert = await createUser(db(), { role: 'expert' });
  twoHouses = await createUser(db(), {
    grants: [
      { role: 'publisher', producerId: producers[1]!.id },
      { role: 'publisher', producerId: producers[2]!.id },
    ],
  });
});
afterAll(async () => {
  await server?.close();
});

/** A complete form as a browser posts it: ticked boxes repeat their name. */
function formBody(fields: Record<string, string | string[]>, csrf: string): string {
  const body = new URLSearchParams({ _csrf: csrf });
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
  }
  return body.toString();
}

async function post(user: TestUser, url: string, fields: Record<string, string | string[]>) {
  const response = await server.app.inject({
    method: 'POST',
    url,
    headers: { ...sessionCookie(user), 'content-type': 'application/x-www-form-urlencoded' },
    payload: formBody(fields, user.csrf),
  });
  return { status: response.statusCode, html: response.body, location: response.headers.location };
}

function goodNotice(identifier: string, title = 'Géométrie pas à pas'): Record<string, string | string[]> {
  return {
    action: 'submit',
    identifier,
    title,
    description: 'Des exercices de géométrie.\n\nAvec corrigés.',
    keywords: 'géométrie, triangles ,, angles',
    languages: 'fr',
    levels: [CM1, CYCLE_4],
    disciplines: MATHS,
    types: TEXTBOOK,
    formats: ONLINE,
    devices: ['computer', 'tablet'],
    cost: 'yes',
    licence: 'proprietary',
    updatedOn: '2026-09-01',
    technicalRequirements: 'Un navigateur récent.',
    demoUrl: 'https://demo.example.fr/geometrie',
    'offre-1-label': 'Licence établissement',
    'offre-1-price': '49,90',
    'offre-1-tariff': 'normal',
    'offre-1-licenceKind': 'establishment',
    'offre-1-seats': '',
    'offre-1-durationMonths': '12',
    'offre-1-delivery': 'access-url',
    'offre-1-alsoCovers': '',
    // A blank row (its selects still post their values): ignored.
    'offre-2-label': '',
    'offre-2-price': '',
    'offre-2-tariff': 'normal',
    'offre-2-licenceKind': 'establishment',
    'offre-2-delivery': 'access-url',
    'offre-3-label': 'Licence monoposte',
    'offre-3-price': '1 200',
    'offre-3-tariff': 'adopter',
    'offre-3-licenceKind': 'multi-seat',
    'offre-3-seats': '30',
    'offre-3-durationMonths': '',
    'offre-3-delivery': 'licence-key',
  };
}

async function noticeRow(identifier: string) {
  return db()
    .selectFrom('notices')
    .select(['id', 'status', 'current_version', 'producer_id', 'title'])
    .where('identifier', '=', identifier)
    .executeTakeFirst();
}

async function currentFields(id: number) {
  const row = await db()
    .selectFrom('notice_versions')
    .select(['fields', 'version', 'source_format'])
    .where('notice_id', '=', id)
    .orderBy('version', 'desc')
    .executeTakeFirstOrThrow();
  return row;
}

describe('the notice form', () => {
  it('shows the pickers: levels as a cycle → class tree, the vocabularies, three offer rows, the CSRF field', async () => {
    const view = await page(publisher, '/editeur/notices/nouvelle');
    expect(view.status).toBe(200);
    expect(view.html).toContain(`name="_csrf" value="${publisher.csrf}"`);
    // Cycle 3 is a fieldset of its own, the whole cycle first, then CM1.
    const cycle3 = /<fieldset[^>]*id="notice-levels-scolomfr-voc-022-num-620"[\s\S]*?<\/fieldset>/.exec(
      view.html,
    )![0];
    expect(cycle3).toContain('cycle 3, tous niveaux');
    expect(cycle3).toContain(`value="${CM1}"`);
    expect(cycle3).toContain('>6e<');
    for (const id of [
      'notice-disciplines',
      'notice-types',
      'notice-formats',
      'notice-devices',
      'notice-cost',
    ]) {
      expect(view.html).toContain(`id="${id}"`);
    }
    expect(view.html).toContain('id="offre-3-price"');
    expect(view.html).not.toContain('id="offre-4-price"');
    // One producer: implied, no select.
    expect(view.html).not.toContain('name="producer"');
    expect(view.html).toContain(producers[0]!.name);
  });

  it('stores a submitted notice (URIs, cents, blank rows left out) and shows it pending with a confirmation', async () => {
    const reply = await post(publisher, '/editeur/notices/nouvelle', goodNotice('form-1'));
    expect(reply.status).toBe(303);
    const row = (await noticeRow('form-1'))!;
    expect(reply.location).toBe(`/editeur/notices/${row.id}?ok=soumise`);
    expect(row).toMatchObject({ status: 'submitted', current_version: 1, producer_id: producers[0]!.id });
    const version = await currentFields(row.id);
    expect(version.source_format).toBe('form');
    expect(version.fields).toMatchObject({
      identifier: 'form-1',
      keywords: ['géométrie', 'triangles', 'angles'],
      levels: [CM1, CYCLE_4],
      disciplines: [MATHS],
      devices: ['computer', 'tablet'],
      cost: 'yes',
      updatedOn: '2026-09-01',
      offers: [
        { label: 'Licence établissement', priceCents: 4990, durationMonths: 12, seats: null },
        {
          label: 'Licence monoposte',
          priceCents: 120000,
          tariff: 'adopter',
          licenceKind: 'multi-seat',
          seats: 30,
          durationMonths: null,
          delivery: 'licence-key',
        },
      ],
    });
    const view = await page(publisher, reply.location!);
    expect(view.status).toBe(200);
    expect(view.html).toContain('La notice est soumise');
    expect(view.html).toContain('en attente de validation');
    expect(view.html).toContain('Géométrie pas à pas');
    expect(view.html).toContain('49,90');
    // The list shows it, pending, with the links to write and import.
    const list = await page(publisher, '/editeur/notices?statut=en-attente');
    expect(list.status).toBe(200);
    expect(list.html).toContain(`href="/editeur/notices/${row.id}"`);
    expect(list.html).toContain('href="/editeur/notices/nouvelle"');
    expect(list.html).toContain('href="/editeur/notices/import"');
    const refused = await page(publisher, '/editeur/notices?statut=refusees');
    expect(refused.html).not.toContain(`href="/editeur/notices/${row.id}"`);
    expect((await page(publisher, '/editeur/notices?statut=nimporte')).status).toBe(400);
  });

  it('refuses with every value kept and each error next to its field, with a summary linking to them', async () => {
    const fields = {
      ...goodNotice('form-refused'),
      title: '',
      description: 'Une description à garder',
      'offre-1-price': '12,345',
      'offre-3-seats': 'trente',
    };
    const reply = await post(publisher, '/editeur/notices/nouvelle', fields);
    expect(reply.status).toBe(400);
    expect(await noticeRow('form-refused')).toBeUndefined();
    expect(reply.html).toContain('id="erreurs-notice"');
    expect(reply.html).toContain('href="#offre-1-price"');
    expect(reply.html).toContain('href="#offre-2-seats"'); // the blank row left out: the third became the second
    expect(reply.html).toContain('plus de deux décimales');
    expect(reply.html).toContain('id="offre-1-price-error"');
    expect(reply.html).toMatch(/id="offre-1-price"[^>]*value="12,345"|value="12,345"[^>]*id="offre-1-price"/);
    expect(reply.html).toContain('Une description à garder');
    expect(reply.html).toMatch(new RegExp(`value="${CM1}"[^>]*checked|checked[^>]*value="${CM1}"`));
    // Once the page's own errors are fixed, the use case's: an empty title, an unknown discipline.
    const second = await post(publisher, '/editeur/notices/nouvelle', {
      ...goodNotice('form-refused'),
      title: '   ',
      disciplines: [MATHS, 'astrologie'],
    });
    expect(second.status).toBe(400);
    expect(second.html).toContain('href="#notice-title"');
    expect(second.html).toContain('href="#notice-disciplines"');
    expect(second.html).toContain('« astrologie » n’est pas un discipline connu');
    expect(second.html).toContain('aria-invalid="true"');
    expect(await noticeRow('form-refused')).toBeUndefined();
  });

  it('shows HTML typed in as text, on the refused form and on the notice', async () => {
    const script = '<script>alert("x")</script>';
    const image = '<img src=x onerror=alert(1)>';
    const refused = await post(publisher, '/editeur/notices/nouvelle', {
      ...goodNotice('form-html'),
      description: image,
      'offre-1-price': 'abc',
    });
    expect(refused.status).toBe(400);
    expect(refused.html).not.toContain(image);
    expect(refused.html).toContain('&lt;img src=x onerror=alert(1)>');
    const reply = await post(publisher, '/editeur/notices/nouvelle', {
      ...goodNotice('form-html', script),
      description: image,
      keywords: `${script}, ok`,
    });
    expect(reply.status).toBe(303);
    for (const url of [reply.location!, '/editeur/notices']) {
      const view = await page(publisher, url);
      expect(view.html).not.toContain(script);
      expect(view.html).not.toContain(image);
      expect(view.html).toContain('&lt;script>alert(&quot;x&quot;)&lt;/script>');
    }
  });

  it('previews the product page without storing anything, keeping what was typed', async () => {
    const reply = await post(publisher, '/editeur/notices/nouvelle', {
      ...goodNotice('form-preview', 'Aperçu des fractions'),
      action: 'preview',
    });
    expect(reply.status).toBe(200);
    expect(await noticeRow('form-preview')).toBeUndefined();
    expect(reply.html).toContain('Aperçu de la page de la ressource');
    const preview = /<section[^>]*id="apercu"[\s\S]*?<\/section>\s*<form/.exec(reply.html)![0];
    expect(preview).toContain('Aperçu des fractions');
    expect(preview).toContain('CM1');
    expect(preview).toContain('mathématiques');
    expect(preview).toMatch(/49,90\s€/);
    expect(preview).toMatch(/1\s200,00\s€/);
    expect(preview).toContain('Ce que les experts vérifieront');
    expect(reply.html).toContain('value="Aperçu des fractions"');
    expect(reply.html).not.toContain('id="erreurs-notice"');
  });
});

describe('a notice’s page, its new version and its withdrawal', () => {
  it('shows the decisions’ reasons by criterion, then edits into version 2 with the same identifier', async () => {
    await post(publisher, '/editeur/notices/nouvelle', goodNotice('form-edit', 'Première version'));
    const row = (await noticeRow('form-edit'))!;
    await decideNotice(db(), expert.actor, row.id, {
      decision: 'request-changes',
      reasons: [{ criterion: 'demo', message: 'La démonstration ne répond pas.' }],
    });
    const view = await page(publisher, `/editeur/notices/${row.id}`);
    expect(view.html).toContain('modifications demandées');
    expect(view.html).toContain('Démonstration ou spécimen disponible');
    expect(view.html).toContain('La démonstration ne répond pas.');
    expect(view.html).toContain(`href="/editeur/notices/${row.id}/modifier"`);
    const list = await page(publisher, '/editeur/notices?statut=a-modifier');
    expect(list.html).toContain('La démonstration ne répond pas.');

    const form = await page(publisher, `/editeur/notices/${row.id}/modifier`);
    expect(form.status).toBe(200);
    expect(form.html).toContain('value="Première version"');
    expect(form.html).toMatch(/value="form-edit"[^>]*readonly|readonly[^>]*value="form-edit"/i);
    expect(form.html).toContain('value="49,90"');
    const reply = await post(publisher, `/editeur/notices/${row.id}/modifier`, {
      ...goodNotice('un-autre-identifiant', 'Seconde version'),
    });
    expect(reply.status).toBe(303);
    expect(reply.location).toBe(`/editeur/notices/${row.id}?ok=soumise`);
    expect(await noticeRow('un-autre-identifiant')).toBeUndefined();
    const after = (await noticeRow('form-edit'))!;
    expect(after).toMatchObject({ current_version: 2, status: 'submitted', title: 'Seconde version' });
    const again = await page(publisher, reply.location!);
    expect(again.html).toContain('Version 2');
    expect(again.html).toMatch(/<td>1<\/td>/);
    expect(again.html).toMatch(/<td>2<\/td>/);
  });

  it('withdraws after a confirmation page that says what it changes', async () => {
    await post(publisher, '/editeur/notices/nouvelle', goodNotice('form-withdraw'));
    const row = (await noticeRow('form-withdraw'))!;
    const confirm = await page(publisher, `/editeur/notices/${row.id}/retirer`);
    expect(confirm.status).toBe(200);
    expect(confirm.html).toContain('quitte la recherche du catalogue');
    expect(confirm.html).toContain('restent valables');
    expect(confirm.html).toContain(`action="/editeur/notices/${row.id}/retirer"`);
    const reply = await submit(publisher, `/editeur/notices/${row.id}/retirer`, {});
    expect(reply.status).toBe(303);
    expect(reply.location).toBe(`/editeur/notices/${row.id}?ok=retiree`);
    expect((await noticeRow('form-withdraw'))!.status).toBe('withdrawn');
    const view = await page(publisher, reply.location!);
    expect(view.html).toContain('La notice est retirée');
    expect(view.html).not.toContain(`href="/editeur/notices/${row.id}/retirer"`);
    // Withdrawing twice: said on the confirmation page.
    const twice = await submit(publisher, `/editeur/notices/${row.id}/retirer`, {});
    expect(twice.status).toBe(409);
    // Without the CSRF token nothing happens.
    expect((await submit(publisher, `/editeur/notices/${row.id}/retirer`, {}, 'faux')).status).toBe(403);
  });
});

function multipart(
  fields: Record<string, string>,
  files: { name: string; content: Buffer; type?: string }[],
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----ccr${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  for (const file of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      file.content,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

async function zip(entries: { name: string; content: string }[]): Promise<Buffer> {
  const archive = new yazl.ZipFile();
  for (const entry of entries) archive.addBuffer(Buffer.from(entry.content), entry.name);
  archive.end();
  const chunks: Buffer[] = [];
  for await (const chunk of archive.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

const uploadDirs = () => fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('ccr-notices-upload-'));

async function upload(
  user: TestUser,
  fields: Record<string, string>,
  files: Parameters<typeof multipart>[1],
) {
  const body = multipart(fields, files);
  const response = await server.app.inject({
    method: 'POST',
    url: '/editeur/notices/import',
    headers: { ...sessionCookie(user), ...body.headers },
    payload: body.payload,
  });
  return { status: response.statusCode, html: response.body };
}

describe('importing ScoLOMfr files', () => {
  it('imports a zip with a good and a bad notice, each with its result and located errors', async () => {
    const before = new Set(uploadDirs());
    const archive = await zip([
      { name: 'lot/bonne.xml', content: fixture.replace('978-2-01-000001-7', 'zip-bonne') },
      {
        name: 'lot/mauvaise.xml',
        content: fixture.replace('978-2-01-000001-7', 'zip-mauvaise').replace('</title>', '</titre>'),
      },
    ]);
    const reply = await upload(publisher, { _csrf: publisher.csrf }, [
      { name: 'notices.zip', content: archive, type: 'application/zip' },
      { name: 'lisez-moi.txt', content: Buffer.from('bonjour') },
    ]);
    expect(reply.status).toBe(200);
    const good = (await noticeRow('zip-bonne'))!;
    expect(good).toMatchObject({ producer_id: producers[0]!.id, status: 'submitted' });
    expect(await noticeRow('zip-mauvaise')).toBeUndefined();
    expect(reply.html).toContain('notices.zip:lot/bonne.xml');
    expect(reply.html).toContain('notices.zip:lot/mauvaise.xml');
    expect(reply.html).toContain(`href="/editeur/notices/${good.id}"`);
    expect(reply.html).toContain('lisez-moi.txt');
    const bad = /notices\.zip:lot\/mauvaise\.xml[\s\S]*?<\/li>\s*(<li|<\/ol>)/.exec(reply.html)![0];
    expect(bad).toContain('refusée');
    expect(bad).toMatch(/ligne \d+/);
    expect(bad).toContain('(règle <code>');
    const bilan = /<dl[^>]*id="bilan"[\s\S]*?<\/dl>/.exec(reply.html)![0].replace(/<[^>]+>/g, ' ');
    expect(bilan.replace(/\s+/g, ' ')).toContain(
      'Notices lues 3 Acceptées 0 Acceptées avec avertissements 1 Refusées 2',
    );
    // Nothing left in the temporary folder.
    expect(uploadDirs().filter((name) => !before.has(name))).toEqual([]);
    // The import page itself, then an upload without files or without the CSRF token.
    expect((await page(publisher, '/editeur/notices/import')).html).toContain(
      'enctype="multipart/form-data"',
    );
    expect((await upload(publisher, { _csrf: publisher.csrf }, [])).status).toBe(400);
    const forged = await upload(publisher, { _csrf: 'faux' }, [
      { name: 'forge.xml', content: Buffer.from(fixture.replace('978-2-01-000001-7', 'zip-forge')) },
    ]);
    expect(forged.status).toBe(403);
    expect(await noticeRow('zip-forge')).toBeUndefined();
    expect(uploadDirs().filter((name) => !before.has(name))).toEqual([]);
  });

  it('refuses more than 20 files at once on the import page, and removes what was stored', async () => {
    const before = new Set(uploadDirs());
    const files = Array.from({ length: 21 }, (_, index) => ({
      name: `n${index}.xml`,
      content: Buffer.from(fixture.replace('978-2-01-000001-7', `trop-${index}`)),
    }));
    const reply = await upload(publisher, { _csrf: publisher.csrf }, files);
    expect(reply.status).toBe(413);
    expect(reply.html).toContain('20 fichiers au plus');
    expect(reply.html).toContain('enctype="multipart/form-data"');
    expect(await noticeRow('trop-0')).toBeUndefined();
    // The folder goes once the answer is sent.
    for (let wait = 0; wait < 20 && uploadDirs().some((name) => !before.has(name)); wait++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(uploadDirs().filter((name) => !before.has(name))).toEqual([]);
  });

  it('asks a publisher of several producers which one, and imports as that one', async () => {
    const file = {
      name: 'une.xml',
      content: Buffer.from(fixture.replace('978-2-01-000001-7', 'deux-maisons')),
    };
    const missing = await upload(twoHouses, { _csrf: twoHouses.csrf }, [file]);
    expect(missing.status).toBe(400);
    expect(missing.html).toContain('Choisissez la maison d’édition');
    const stranger = await upload(twoHouses, { _csrf: twoHouses.csrf, producer: String(producers[0]!.id) }, [
      file,
    ]);
    expect(stranger.status).toBe(400);
    const reply = await upload(twoHouses, { _csrf: twoHouses.csrf, producer: String(producers[2]!.id) }, [
      file,
    ]);
    expect(reply.status).toBe(200);
    expect((await noticeRow('deux-maisons'))!.producer_id).toBe(producers[2]!.id);
    // The form's select, and the list's producer filter.
    expect((await page(twoHouses, '/editeur/notices/nouvelle')).html).toContain('name="producer"');
    expect((await page(twoHouses, '/editeur/notices')).html).toContain('name="editeur"');
    const refused = await post(twoHouses, '/editeur/notices/nouvelle', goodNotice('deux-maisons-form'));
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('href="#notice-producer"');
    const stored = await post(twoHouses, '/editeur/notices/nouvelle', {
      ...goodNotice('deux-maisons-form'),
      producer: String(producers[1]!.id),
    });
    expect(stored.status).toBe(303);
    expect((await noticeRow('deux-maisons-form'))!.producer_id).toBe(producers[1]!.id);
  });
});

describe('who may use the publisher’s notice pages', () => {
  it('refuses other roles (403), hides another producer’s notice (404), sends visitors to sign in', async () => {
    await post(publisher, '/editeur/notices/nouvelle', goodNotice('form-private'));
    const { id } = (await noticeRow('form-private'))!;
    for (const user of [teacher, expert]) {
      for (const url of [
        '/editeur/notices',
        '/editeur/notices/nouvelle',
        '/editeur/notices/import',
        `/editeur/notices/${id}`,
      ]) {
        const reply = await page(user, url);
        expect(reply.status, `${url}`).toBe(403);
        expect(reply.html).toContain('Accès refusé');
      }
      expect((await post(user, '/editeur/notices/nouvelle', goodNotice('form-intrus'))).status).toBe(403);
    }
    for (const url of [
      `/editeur/notices/${id}`,
      `/editeur/notices/${id}/modifier`,
      `/editeur/notices/${id}/retirer`,
    ]) {
      expect((await page(rival, url)).status, url).toBe(404);
    }
    expect((await submit(rival, `/editeur/notices/${id}/retirer`, {})).status).toBe(404);
    expect((await post(rival, `/editeur/notices/${id}/modifier`, goodNotice('x'))).status).toBe(404);
    expect((await noticeRow('form-private'))!.status).toBe('submitted');
    expect((await page(rival, '/editeur/notices')).html).not.toContain(`href="/editeur/notices/${id}"`);
    expect(await noticeRow('form-intrus')).toBeUndefined();
    const visitor = await page(undefined, '/editeur/notices/nouvelle');
    expect(visitor.status).toBe(303);
    expect(visitor.location).toBe('/connexion?retour=%2Fediteur%2Fnotices%2Fnouvelle');
    expect((await page(publisher, '/editeur/notices/abc')).status).toBe(404);
  });
});
