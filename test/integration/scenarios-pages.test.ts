// Usage scenarios through the pages: a teacher writes one (steps linking resources of the catalogue,
// found by number or by the form's search), it is searchable by words, level and discipline, shows on
// the product page of each resource it links, and another teacher copies and adapts it with credit.
// Only the author edits hers; each role against each route; HTML typed in any field stays text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type TestUser } from '../support/factories/index.js';
import { pageClient } from '../support/orders-client.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let author: TestUser;
let colleague: TestUser;
let head: TestUser;
let publisher: TestUser;
let resources: { id: number; title: string }[];
let scenarioId: number;
const { page, submit } = pageClient(() => server.app);

const hostile = '<script>alert("x")</script><b>gras</b>';
const escaped = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

const filled = (overrides: Record<string, string> = {}) => ({
  title: 'Énergie et transformations au collège',
  objectives: `Comprendre les chaînes d’énergie ${hostile}`,
  level: 'scolomfr-voc-022-num-020',
  discipline: 'scolomfr-voc-015-num-061',
  duration: '110',
  'etape-1-ressource': String(resources[0]!.id),
  'etape-1-consigne': `Observer l’animation ${hostile}`,
  'etape-2-ressource': String(resources[1]!.id),
  'etape-2-consigne': 'Faire les exercices en binôme',
  action: 'enregistrer',
  ...overrides,
});

beforeAll(async () => {
  server = await startTestServer();
  const db = server.database.db;
  author = await createUser(db, { role: 'teacher', name: `Autrice ${hostile}` });
  colleague = await createUser(db, { role: 'teacher', name: 'Collègue Adaptatrice' });
  head = await createUser(db, { role: 'head' });
  publisher = await createUser(db, { role: 'publisher' });
  resources = await db
    .selectFrom('resources')
    .select(['id', 'title'])
    .where('withdrawn_at', 'is', null)
    .orderBy('id')
    .limit(3)
    .execute();
});
afterAll(async () => {
  await server?.close();
});

describe('writing a scenario', () => {
  it('only people who teach open the form; signed out goes to sign in', async () => {
    expect((await page(author, '/scenarios/nouveau')).status).toBe(200);
    expect((await page(head, '/scenarios/nouveau')).status).toBe(403);
    expect((await page(publisher, '/scenarios/nouveau')).status).toBe(403);
    const anonymous = await page(undefined, '/scenarios/nouveau');
    expect(anonymous.status).toBe(303);
    expect((await submit(head, '/scenarios', filled())).status).toBe(403);
  });

  it('the form’s search finds resources and "Ajouter" puts one in the first empty step', async () => {
    const words = resources[2]!.title.split(/\s+/).slice(0, 2).join(' ');
    const found = await submit(author, '/scenarios', { ...filled(), action: 'chercher', recherche: words });
    expect(found.status).toBe(200);
    expect(found.html).toContain(`value="${resources[2]!.id}"`);
    const added = await submit(author, '/scenarios', { ...filled(), ajouter: String(resources[2]!.id) });
    expect(added.status).toBe(200);
    expect(added.html).toMatch(new RegExp(`name="etape-3-ressource" value="${resources[2]!.id}"`));
    expect(await server.database.db.selectFrom('scenarios').select('id').execute()).toHaveLength(0);
  });

  it('refuses bad fields with French messages next to them, and an unknown resource', async () => {
    const bad = await submit(
      author,
      '/scenarios',
      filled({ title: '', duration: 'deux heures', level: 'x' }),
    );
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('Donnez un titre au scénario.');
    expect(bad.html).toContain('Choisissez un niveau de la liste.');
    const unknown = await submit(author, '/scenarios', filled({ 'etape-2-ressource': '999999999' }));
    expect(unknown.status).toBe(400);
    expect(unknown.html).toContain('la ressource n° 999999999 n’existe pas');
    const noStep = await submit(
      author,
      '/scenarios',
      filled({
        'etape-1-ressource': '',
        'etape-1-consigne': '',
        'etape-2-ressource': '',
        'etape-2-consigne': '',
      }),
    );
    expect(noStep.status).toBe(400);
    expect(noStep.html).toContain('au moins une étape');
    expect(await server.database.db.selectFrom('scenarios').select('id').execute()).toHaveLength(0);
  });

  it('saves it with its steps in order; the page shows HTML typed as text', async () => {
    const reply = await submit(author, '/scenarios', filled());
    expect(reply.status).toBe(303);
    scenarioId = Number(/\/scenarios\/(\d+)\?ok=enregistre/.exec(reply.location ?? '')![1]);
    const view = await page(undefined, `/scenarios/${scenarioId}`);
    expect(view.status).toBe(200);
    expect(view.html).toContain(escaped(hostile));
    expect(view.html).not.toContain('<script>alert');
    expect(view.html.indexOf(`/ressources/${resources[0]!.id}"`)).toBeLessThan(
      view.html.indexOf(`/ressources/${resources[1]!.id}"`),
    );
    expect(view.html).toContain('1 h 50');
  });
});

describe('finding scenarios', () => {
  it('by words, level (a cycle finds its classes) and discipline', async () => {
    const byWords = await page(undefined, '/scenarios?q=energie');
    expect(byWords.html).toContain(`/scenarios/${scenarioId}"`);
    const byCycle = await page(undefined, '/scenarios?niveau=scolomfr-voc-022-num-621');
    expect(byCycle.html).toContain(`/scenarios/${scenarioId}"`);
    const otherDiscipline = await page(undefined, '/scenarios?discipline=scolomfr-voc-015-num-035');
    expect(otherDiscipline.html).not.toContain(`/scenarios/${scenarioId}"`);
    const noMatch = await page(undefined, '/scenarios?q=volcanologie%25_');
    expect(noMatch.html).not.toContain(`/scenarios/${scenarioId}"`);
  });

  it('an unknown level is a 400 with a French message', async () => {
    const reply = await page(undefined, '/scenarios?niveau=%3Cscript%3E');
    expect(reply.status).toBe(400);
    expect(reply.html).toContain('Niveau inconnu.');
  });

  it('shows on the product page of each resource it links, not on others', async () => {
    for (const resource of resources.slice(0, 2)) {
      const product = await page(undefined, `/ressources/${resource.id}`);
      expect(product.html).toContain('Scénarios d’usage');
      expect(product.html).toContain(`/scenarios/${scenarioId}"`);
    }
    const other = await page(undefined, `/ressources/${resources[2]!.id}`);
    expect(other.html).not.toContain(`/scenarios/${scenarioId}"`);
  });
});

describe('editing and adapting', () => {
  it('only the author edits hers', async () => {
    expect((await page(author, `/scenarios/${scenarioId}/modifier`)).status).toBe(200);
    expect((await page(colleague, `/scenarios/${scenarioId}/modifier`)).status).toBe(403);
    const forged = await submit(colleague, `/scenarios/${scenarioId}`, filled({ title: 'Pris' }));
    expect(forged.status).toBe(403);
    const edited = await submit(author, `/scenarios/${scenarioId}`, filled({ duration: '55' }));
    expect(edited.status).toBe(303);
    expect((await page(undefined, `/scenarios/${scenarioId}`)).html).toContain('55 min');
  });

  it('a colleague copies it: the copy is hers, credits the original, and she adapts it', async () => {
    expect((await submit(head, `/scenarios/${scenarioId}/copier`, {})).status).toBe(403);
    const copied = await submit(colleague, `/scenarios/${scenarioId}/copier`, {});
    expect(copied.status).toBe(303);
    const copyId = Number(/\/scenarios\/(\d+)\/modifier/.exec(copied.location ?? '')![1]);
    expect(copyId).not.toBe(scenarioId);
    const form = await page(colleague, `/scenarios/${copyId}/modifier`);
    expect(form.status).toBe(200);
    expect(form.html).toContain('Adapté de « ');
    const saved = await submit(colleague, `/scenarios/${copyId}`, filled({ title: 'Énergie, version 4e' }));
    expect(saved.status).toBe(303);
    const view = await page(undefined, `/scenarios/${copyId}`);
    expect(view.html).toContain('adapté de « <a href="/scenarios/' + scenarioId + '">');
    expect(view.html).toContain(`par ${escaped(`Autrice ${hostile}`)}`);
    // The original is unchanged.
    expect((await page(undefined, `/scenarios/${scenarioId}`)).html).toContain('Énergie et transformations');
  });

  it('an unknown or malformed scenario is a 404', async () => {
    expect((await page(undefined, '/scenarios/99999999')).status).toBe(404);
    expect((await page(undefined, '/scenarios/abc')).status).toBe(404);
  });
});
