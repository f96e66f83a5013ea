// The experts' notice pages without a browser: the queue and its filters, the review (checklist, what
// changed in version 2, probable duplicates, history), deciding (accept puts the resource in the
// catalogue and in search; a refusal needs a reason, the form coming back with what was typed; a
// notice already decided says so), assigning, publishers' HTML shown as text, the public statistics
// (table, chart, CSV), and who may see what.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitNotice } from '../../src/modules/notices/notice-review.service.js';
import { createUser, type TestUser } from '../support/factories/index.js';
import { pageClient } from '../support/orders-client.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
const db = () => server.database.db;
const { page, submit } = pageClient(() => server.app);

const CONCEPT = 'http://data.education.fr/voc/scolomfr/concept/';
const LEVEL_4E = 'scolomfr-voc-022-num-021';
const LEVEL_CP = 'scolomfr-voc-022-num-010';
const SVT = 'scolomfr-voc-015-num-069';
const FRENCH = 'scolomfr-voc-015-num-035';
const ANIMATION = 'scolomfr-voc-010-num-001';
const TEXTBOOK = 'scolomfr-voc-010-num-014';

let producerA: { id: number; name: string };
let producerB: { id: number; name: string };
let publisherA: TestUser;
let publisherB: TestUser;
let expert: TestUser;
let colleague: TestUser;
let national: TestUser;
let teacher: TestUser;
let staff: TestUser;

function fields(identifier: string, change: Record<string, unknown> = {}) {
  return {
    identifier,
    title: `Atlas des volcans ${identifier}`,
    description: 'Cartes et animations sur les volcans actifs.\nPour la classe de 4e.',
    keywords: ['volcan', 'séisme'],
    levels: [`${CONCEPT}${LEVEL_4E}`],
    disciplines: [SVT],
    types: [`${CONCEPT}${ANIMATION}`],
    formats: ['scolomfr-voc-046-num-001'],
    devices: ['tablet', 'computer'],
    cost: 'no',
    licence: 'cc-by',
    updatedOn: '2026-09-01',
    technicalRequirements: 'Navigateur récent',
    demoUrl: 'https://exemple.fr/demo',
    ...change,
  };
}

async function notice(publisher: TestUser, producerId: number, identifier: string, change = {}) {
  const result = await submitNotice(db(), publisher.actor, producerId, fields(identifier, change), 'json');
  expect(result.errors).toEqual([]);
  return result.notice!;
}

async function waitedDays(id: number, days: number) {
  await db()
    .updateTable('notices')
    .set({ submitted_at: new Date(Date.now() - days * 86_400_000) })
    .where('id', '=', id)
    .execute();
}

/** The notice ids of the queue's rows, in order. */
const rowIds = (html: string) =>
  [...html.matchAll(/<tr id="notice-(\d+)"/g)].map((match) => Number(match[1]));

beforeAll(async () => {
  server = await startTestServer();
  const producers = await db()
    .selectFrom('producers')
    .select(['id', 'name'])
    .orderBy('id')
    .limit(2)
    .execute();
  [producerA, producerB] = [producers[0]!, producers[1]!];
  publisherA = await createUser(db(), { role: 'publisher', producerId: producerA.id });
  publisherB = await createUser(db(), { role: 'publisher', producerId: producerB.id });
  expert = await createUser(db(), { role: 'expert', name: 'Experte Une' });
  colleague = await createUser(db(), { role: 'expert', name: 'Expert Deux' });
  national = await createUser(db(), { role: 'national-admin' });
  teacher = await createUser(db(), { role: 'teacher' });
  staff = await createUser(db(), { role: 'academy-staff' });
});
afterAll(async () => {
  await server?.close();
});

describe('who may see what', () => {
  it('sends a signed-out visitor to sign in, refuses other roles, lets the national level read only', async () => {
    const id = await notice(publisherA, producerA.id, 'roles-1');
    const out = await page(undefined, '/expertise/notices');
    expect(out.status).toBe(303);
    expect(out.location).toBe('/connexion?retour=%2Fexpertise%2Fnotices');
    expect((await page(undefined, `/expertise/notices/${id}`)).status).toBe(303);
    for (const user of [teacher, publisherA, staff]) {
      expect((await page(user, '/expertise/notices')).status).toBe(403);
      expect((await page(user, `/expertise/notices/${id}`)).status).toBe(403);
      expect((await submit(user, `/expertise/notices/${id}/decision`, { decision: 'accept' })).status).toBe(
        403,
      );
      expect((await submit(user, `/expertise/notices/${id}/assignment`, { expert: 'moi' })).status).toBe(403);
    }
    const read = await page(national, '/expertise/notices');
    expect(read.status).toBe(200);
    expect(read.html).not.toContain('M’attribuer');
    const review = await page(national, `/expertise/notices/${id}`);
    expect(review.status).toBe(200);
    expect(review.html).toContain('Critères formels');
    expect(review.html).not.toContain('name="decision"');
    expect(review.html).not.toContain('name="expert"');
    expect((await submit(national, `/expertise/notices/${id}/decision`, { decision: 'accept' })).status).toBe(
      403,
    );
    expect((await page(expert, '/expertise/notices/999999999')).status).toBe(404);
    expect((await page(expert, '/expertise/notices/abc')).status).toBe(404);
    const stats = await page(undefined, '/statistiques/notices');
    expect(stats.status).toBe(200);
  });

  it('refuses a decision without the CSRF field', async () => {
    const id = await notice(publisherA, producerA.id, 'csrf-1');
    const reply = await submit(expert, `/expertise/notices/${id}/decision`, { decision: 'accept' }, 'wrong');
    expect(reply.status).toBe(403);
    expect((await page(expert, `/expertise/notices/${id}`)).html).toContain('en attente de validation');
  });
});

describe('the queue', () => {
  let old: number;
  let recent: number;
  let other: number;

  beforeAll(async () => {
    old = await notice(publisherA, producerA.id, 'file-old');
    await waitedDays(old, 12);
    recent = await notice(publisherA, producerA.id, 'file-recent', {
      levels: [LEVEL_CP],
      disciplines: [FRENCH],
      types: [TEXTBOOK],
    });
    other = await notice(publisherB, producerB.id, 'file-other');
    await waitedDays(other, 3);
  });

  it('lists the pending notices oldest-waiting first, with publisher, type, levels, wait and version', async () => {
    const view = await page(expert, '/expertise/notices');
    expect(view.status).toBe(200);
    const ids = rowIds(view.html);
    expect(ids.indexOf(old)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(old)).toBeLessThan(ids.indexOf(other));
    expect(ids.indexOf(other)).toBeLessThan(ids.indexOf(recent));
    const row = view.html.slice(view.html.indexOf(`<tr id="notice-${old}"`)).split('</tr>')[0]!;
    expect(row).toContain(`href="/expertise/notices/${old}"`);
    expect(row).toContain('Atlas des volcans file-old');
    expect(row).toContain(producerA.name);
    expect(row).toContain('animation');
    expect(row).toContain('4e');
    expect(row).toContain('12 jours');
    expect(row).toContain('<td>1</td>');
    expect(row).toContain('personne');
    expect(row).toContain('M’attribuer');
    expect(view.html).toContain('name="_csrf"');
  });

  it('filters by publisher, type, level, discipline and days waited', async () => {
    const byPublisher = rowIds((await page(expert, `/expertise/notices?editeur=${producerB.id}`)).html);
    expect(byPublisher).toContain(other);
    expect(byPublisher).not.toContain(old);
    const byType = rowIds((await page(expert, `/expertise/notices?type=${TEXTBOOK}`)).html);
    expect(byType).toEqual([recent]);
    const byLevel = rowIds((await page(expert, `/expertise/notices?niveau=${LEVEL_CP}`)).html);
    expect(byLevel).toEqual([recent]);
    const byDiscipline = rowIds((await page(expert, `/expertise/notices?discipline=${FRENCH}`)).html);
    expect(byDiscipline).toEqual([recent]);
    const waiting = rowIds((await page(expert, '/expertise/notices?attente=7')).html);
    expect(waiting).toContain(old);
    expect(waiting).not.toContain(other);
    expect(waiting).not.toContain(recent);
    // The filter is shown again as chosen.
    const view = await page(expert, `/expertise/notices?editeur=${producerB.id}&attente=2`);
    expect(view.html).toContain(`<option value="${producerB.id}" selected>`);
    expect(view.html).toMatch(/id="filtre-attente" name="attente" value="2"/);
  });

  it('says what is wrong with a bad filter, next to its field', async () => {
    const view = await page(expert, '/expertise/notices?attente=abc&type=inconnu');
    expect(view.status).toBe(400);
    expect(view.html).toContain('Attente : un nombre entier de jours entre 0 et 3650 est attendu.');
    expect(view.html).toContain('id="filtre-attente-error"');
    expect(view.html).toContain('Type : choisissez un type de la liste.');
  });

  it('assigns a notice to me from the queue, back on the same filter, then filters by assignment', async () => {
    const reply = await submit(expert, `/expertise/notices/${old}/assignment`, {
      expert: 'moi',
      retour: 'file',
      editeur: String(producerA.id),
      attente: '5',
    });
    expect(reply.status).toBe(303);
    expect(reply.location).toBe(
      `/expertise/notices?editeur=${producerA.id}&attente=5&ok=attribuee#notice-${old}`,
    );
    const back = await page(expert, reply.location!);
    expect(back.html).toContain('Attribution enregistrée.');
    const mine = rowIds((await page(expert, '/expertise/notices?attribution=moi')).html);
    expect(mine).toEqual([old]);
    const nobody = rowIds((await page(expert, '/expertise/notices?attribution=personne')).html);
    expect(nobody).toContain(recent);
    expect(nobody).not.toContain(old);
    // Another expert sees who has it.
    const seen = (await page(colleague, '/expertise/notices')).html;
    const row = seen.slice(seen.indexOf(`<tr id="notice-${old}"`)).split('</tr>')[0]!;
    expect(row).toContain('Experte Une');
  });

  it('pages through a long queue', async () => {
    for (let i = 0; i < 21; i++) await notice(publisherB, producerB.id, `page-${i}`);
    const first = await page(expert, `/expertise/notices?editeur=${producerB.id}`);
    expect(rowIds(first.html)).toHaveLength(20);
    expect(first.html).toContain(`href="/expertise/notices?editeur=${producerB.id}&amp;page=2"`);
    const second = await page(expert, `/expertise/notices?editeur=${producerB.id}&page=2`);
    expect(rowIds(second.html).length).toBeGreaterThanOrEqual(2);
  });
});

describe('the review', () => {
  it('shows the fields with labels, the checklist with pass and fail, the warnings', async () => {
    const id = await notice(publisherA, producerA.id, 'revue-1', {
      demoUrl: undefined,
      updatedOn: '2009-05-01',
      // Of the right vocabulary but unknown to the SKOS files: stored, with a warning.
      levels: [`${CONCEPT}${LEVEL_4E}`, `${CONCEPT}scolomfr-voc-022-num-99999`],
    });
    const view = await page(expert, `/expertise/notices/${id}`);
    expect(view.status).toBe(200);
    expect(view.html).toContain('<h1>Atlas des volcans revue-1</h1>');
    expect(view.html).toContain('sciences de la vie et de la Terre');
    expect(view.html).toContain('Pour la classe de 4e.');
    expect(view.html).not.toContain(`${CONCEPT}${SVT}`);
    const warnings = view.html.slice(view.html.indexOf('id="notice-avertissements"'));
    expect(warnings).toContain(
      `Le concept ${CONCEPT}scolomfr-voc-022-num-99999 est inconnu du vocabulaire scolomfr-voc-022`,
    );
    const checklist = view.html.slice(view.html.indexOf('id="notice-criteres"'));
    expect(checklist).toContain('Date de mise à jour récente');
    expect(checklist).toMatch(/id="critere-demo">.*?non rempli.*?Aucune adresse de démonstration/s);
    expect(checklist).toMatch(/id="critere-update-date">.*?non rempli.*?avant 2015/s);
    expect(checklist).toMatch(/id="critere-technical">.*?>rempli</s);
    // The decision form: a reason field per criterion, the failed ones first.
    expect(view.html).toContain('name="decision" value="accept"');
    expect(view.html.indexOf('id="raison-update-date"')).toBeLessThan(
      view.html.indexOf('id="raison-product-kind"'),
    );
    expect(view.html).toContain('id="raison-other"');
    expect(view.html).not.toContain('Ce qui a changé');
  });

  it('shows what changed in version 2, field by field', async () => {
    const id = await notice(publisherA, producerA.id, 'revue-v2');
    await notice(publisherA, producerA.id, 'revue-v2', {
      title: 'Atlas des volcans et des séismes',
      levels: [`${CONCEPT}${LEVEL_4E}`, `${CONCEPT}scolomfr-voc-022-num-023`],
      devices: ['tablet'],
    });
    const view = await page(expert, `/expertise/notices/${id}`);
    expect(view.html).toContain('Ce qui a changé depuis la version 1');
    const changes = view.html.slice(view.html.indexOf('id="notice-changements"'));
    expect(changes).toMatch(
      /id="changement-title">.*?Atlas des volcans revue-v2.*?Atlas des volcans et des séismes/s,
    );
    expect(changes).toMatch(/id="changement-levels">.*?Ajouté : 3e/s);
    expect(changes).toMatch(/id="changement-devices">.*?Retiré : ordinateur/s);
    expect(changes).not.toContain('id="changement-description"');
    expect(view.html).toContain('name="version" value="2"');
  });

  it('flags probable duplicates in the queue and links them on the review', async () => {
    const mine = await notice(publisherA, producerA.id, 'doublon-a', { title: 'Le corps humain en 3D' });
    const theirs = await notice(publisherB, producerB.id, 'doublon-b', { title: 'Le Corps humain en 3D' });
    const queue = (await page(expert, `/expertise/notices?editeur=${producerA.id}`)).html;
    expect(rowIds(queue)).toContain(mine);
    const row = queue.slice(queue.indexOf(`<tr id="notice-${mine}"`)).split('</tr>')[0]!;
    expect(row).toContain('doublon possible');
    const view = await page(expert, `/expertise/notices/${mine}`);
    const duplicates = view.html.slice(view.html.indexOf('id="notice-doublons"'));
    expect(duplicates).toContain(`href="/expertise/notices/${theirs}"`);
    expect(duplicates).toContain('même titre et un niveau en commun');
    expect(duplicates).toContain(producerB.name);
  });

  it('shows a publisher’s HTML as text everywhere', async () => {
    const hostile = '<img src=x onerror=alert(1)>Volcans <b>gras</b>';
    const id = await notice(publisherA, producerA.id, 'hostile-1', {
      title: hostile,
      description: '<script>alert(2)</script>',
      keywords: ['<i>mot</i>'],
    });
    await waitedDays(id, 400);
    for (const url of [`/expertise/notices/${id}`, '/expertise/notices?attente=399']) {
      const view = await page(expert, url);
      expect(view.html).toContain('&lt;img src=x onerror=alert(1)>Volcans &lt;b>gras&lt;/b>');
      expect(view.html).not.toContain('<img src=x');
      expect(view.html).not.toContain('<b>gras');
    }
    const review = (await page(expert, `/expertise/notices/${id}`)).html;
    expect(review).not.toContain('<script>alert(2)');
    expect(review).not.toContain('<i>mot');
  });
});

describe('deciding', () => {
  it('accepts: back to the queue with the link to the resource, which is in the catalogue and found', async () => {
    const id = await notice(publisherA, producerA.id, 'accepte-1', {
      title: 'Tectonoscope des plaques',
      keywords: ['tectonoscope'],
    });
    const reply = await submit(expert, `/expertise/notices/${id}/decision`, {
      decision: 'accept',
      version: '1',
    });
    expect(reply.status).toBe(303);
    const match = /^\/expertise\/notices\?ok=validee&ressource=(\d+)$/.exec(reply.location ?? '');
    expect(match).not.toBeNull();
    const resourceId = Number(match![1]);
    const back = await page(expert, reply.location!);
    expect(back.html).toContain('Notice validée : elle est dans le catalogue.');
    expect(back.html).toContain(`href="/ressources/${resourceId}"`);
    const product = await page(undefined, `/ressources/${resourceId}`);
    expect(product.status).toBe(200);
    expect(product.html).toContain('Tectonoscope des plaques');
    // Searchable as soon as the change log reaches the index.
    let found = false;
    for (let i = 0; i < 100 && !found; i++) {
      found = (await page(undefined, '/recherche?q=tectonoscope')).html.includes('Tectonoscope des plaques');
      if (!found) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(found).toBe(true);
    // The review says it was decided, and links the resource; no decision form any more.
    const view = await page(expert, `/expertise/notices/${id}`);
    expect(view.html).toContain('validée par Experte Une');
    expect(view.html).toContain(`href="/ressources/${resourceId}"`);
    expect(view.html).not.toContain('name="decision"');
    // Deciding again says why it cannot, in French.
    const again = await submit(expert, `/expertise/notices/${id}/decision`, {
      decision: 'refuse',
      'raison-other': 'Trop tard',
    });
    expect(again.status).toBe(409);
    expect(again.html).toContain(
      'Cette notice n’attend plus de décision : elle est « validée ». Votre décision n’a pas été enregistrée.',
    );
  });

  it('refuses a refusal without a reason, the choice and the typed values kept, errors by their fields', async () => {
    const id = await notice(publisherA, producerA.id, 'refus-1', { demoUrl: undefined });
    const empty = await submit(expert, `/expertise/notices/${id}/decision`, {
      decision: 'refuse',
      version: '1',
    });
    expect(empty.status).toBe(400);
    expect(empty.html).toContain('Le formulaire contient une erreur');
    expect(empty.html).toContain('Un refus ou une demande de modifications donne au moins une raison.');
    expect(empty.html).toMatch(/id="decision-refuse" name="decision" value="refuse" checked/);
    expect(empty.html).toContain('fr-fieldset fr-fieldset--error" id="raisons"');

    const noChoice = await submit(expert, `/expertise/notices/${id}/decision`, {
      'raison-demo': 'Pas de démonstration <ni> spécimen.',
      version: '1',
    });
    expect(noChoice.status).toBe(400);
    expect(noChoice.html).toContain(
      'Choisissez une décision : valider, refuser ou demander des modifications.',
    );
    expect(noChoice.html).toContain('Pas de démonstration &lt;ni> spécimen.</textarea>');

    const tooLong = await submit(expert, `/expertise/notices/${id}/decision`, {
      decision: 'refuse',
      'raison-demo': 'x'.repeat(2001),
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.html).toContain('id="raison-demo-error"');

    const refused = await submit(expert, `/expertise/notices/${id}/decision`, {
      decision: 'refuse',
      version: '1',
      'raison-demo': 'Aucune démonstration : ajoutez un spécimen.',
      'raison-other': '   ',
    });
    expect(refused.status).toBe(303);
    expect(refused.location).toBe('/expertise/notices?ok=refusee');
    expect((await page(expert, refused.location!)).html).toContain(
      'Notice refusée : l’éditeur reçoit vos raisons.',
    );
    const view = await page(expert, `/expertise/notices/${id}`);
    expect(view.html).toContain('refusée par Experte Une');
    expect(view.html).toContain(
      'Démonstration ou spécimen disponible : Aucune démonstration : ajoutez un spécimen.',
    );
    const stored = await db()
      .selectFrom('notice_decisions')
      .select('reasons')
      .where('notice_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored.reasons).toEqual([
      { criterion: 'demo', message: 'Aucune démonstration : ajoutez un spécimen.' },
    ]);
  });

  it('asks for changes, and refuses to decide on a version the expert has not seen', async () => {
    const id = await notice(publisherA, producerA.id, 'modif-1');
    await notice(publisherA, producerA.id, 'modif-1', { keywords: ['volcan'] });
    const stale = await submit(expert, `/expertise/notices/${id}/decision`, {
      decision: 'accept',
      version: '1',
    });
    expect(stale.status).toBe(409);
    expect(stale.html).toContain('L’éditeur a soumis la version 2 pendant votre examen');
    expect(stale.html).toMatch(/id="decision-accept" name="decision" value="accept" checked/);
    const changes = await submit(expert, `/expertise/notices/${id}/decision`, {
      decision: 'request-changes',
      version: '2',
      'raison-other': 'Précisez les prérequis techniques.',
    });
    expect(changes.status).toBe(303);
    expect(changes.location).toBe('/expertise/notices?ok=modifications');
  });
});

describe('assigning on the notice page', () => {
  it('assigns to another expert, to nobody, and refuses someone who is not an expert', async () => {
    const id = await notice(publisherA, producerA.id, 'attribution-1');
    const view = await page(expert, `/expertise/notices/${id}`);
    expect(view.html).toContain(`<option value="${colleague.id}">Expert Deux</option>`);
    const reply = await submit(expert, `/expertise/notices/${id}/assignment`, {
      expert: String(colleague.id),
    });
    expect(reply.status).toBe(303);
    expect(reply.location).toBe(`/expertise/notices/${id}?ok=attribuee#notice-attribution`);
    const after = await page(expert, reply.location!);
    expect(after.html).toContain('Attribution enregistrée.');
    expect(after.html).toContain('Attribuée à : Expert Deux.');
    expect((await page(colleague, `/expertise/notices/${id}`)).html).toContain('Attribuée à : vous.');

    const refused = await submit(expert, `/expertise/notices/${id}/assignment`, {
      expert: String(teacher.id),
    });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('Cette personne n’est pas experte valideuse.');
    expect(refused.html).toContain('id="attribution-expert-error"');
    expect((await submit(expert, `/expertise/notices/${id}/assignment`, { expert: 'x1' })).status).toBe(400);

    expect((await submit(expert, `/expertise/notices/${id}/assignment`, { expert: '' })).status).toBe(303);
    expect((await page(expert, `/expertise/notices/${id}`)).html).toContain('Attribuée à : personne.');
  });
});

describe('the public statistics', () => {
  it('shows the totals, the table by publisher and its chart, to anyone', async () => {
    const view = await page(undefined, '/statistiques/notices');
    expect(view.status).toBe(200);
    const counts = await db()
      .selectFrom('notices')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute();
    const count = (status: string) => Number(counts.find((row) => row.status === status)?.n ?? 0);
    const total = counts.reduce((sum, row) => sum + Number(row.n), 0);
    expect(count('accepted')).toBeGreaterThanOrEqual(1);
    expect(count('refused')).toBeGreaterThanOrEqual(1);
    const totals = view.html.slice(view.html.indexOf('id="totaux-liste"'));
    expect(totals).toContain(`<dt>Notices soumises</dt><dd>${total}</dd>`);
    expect(totals).toContain(`<dt>Validées</dt><dd>${count('accepted')}</dd>`);
    expect(totals).toContain(`<dt>Refusées</dt><dd>${count('refused')}</dd>`);
    expect(view.html).toContain('role="img"');
    expect(view.html).toMatch(/<svg[^>]*aria-labelledby="graphique-title graphique-desc"/);
    expect(view.html).toContain('<caption>Notices par éditeur : états et délais de décision</caption>');
    expect(view.html).toContain(`<td>${producerA.name}</td>`);
    expect(view.html).toContain('href="/statistiques/notices.csv?par=producteur"');
  });

  it('groups by type and by level, and refuses an unknown grouping', async () => {
    const byType = await page(undefined, '/statistiques/notices?par=type');
    expect(byType.html).toContain('<td>manuel d’enseignement</td>');
    expect(byType.html).toContain('<td>animation</td>');
    const byLevel = await page(undefined, '/statistiques/notices?par=niveau');
    expect(byLevel.html).toContain('<td>4e</td>');
    expect(byLevel.html).toContain('<td>CP</td>');
    const bad = await page(undefined, '/statistiques/notices?par=autre');
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('Regrouper : choisissez par éditeur, par type de ressource ou par niveau.');
    expect((await page(undefined, '/statistiques/notices.csv?par=autre')).status).toBe(400);
  });

  it('downloads the same table as CSV for French spreadsheets', async () => {
    const reply = await server.app.inject({ method: 'GET', url: '/statistiques/notices.csv?par=producteur' });
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(reply.headers['content-disposition']).toMatch(
      /^attachment; filename="statistiques-notices-par-producteur-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect(reply.body.charCodeAt(0)).toBe(0xfeff);
    const rows: string[][] = parse(reply.body.slice(1), { delimiter: ';' });
    expect(rows[0]).toEqual([
      'Éditeur',
      'En attente',
      'Validées',
      'Refusées',
      'Modifications demandées',
      'Retirées',
      'Total',
      'Délai médian de décision (heures)',
      'Délai de décision du 90e centile (heures)',
    ]);
    const mine = await db()
      .selectFrom('notices')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('producer_id', '=', producerA.id)
      .groupBy('status')
      .execute();
    const n = (status: string) => String(mine.find((row) => row.status === status)?.n ?? 0);
    const row = rows.find((cells) => cells[0] === producerA.name)!;
    expect(row.slice(1, 6)).toEqual([
      n('submitted'),
      n('accepted'),
      n('refused'),
      n('changes_requested'),
      n('withdrawn'),
    ]);
    expect(row[7]).toMatch(/^\d+(,\d+)?$/);
  });
});
