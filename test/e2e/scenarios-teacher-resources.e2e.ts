// Browser journey of the teachers' community, on a desktop: a teacher writes a scenario linking two
// resources (one by its number, one picked from the form's search), publishes a link resource of her
// own, and votes for a colleague's proposal; the digital referent reads the proposals ranked by votes
// with their costs and puts the first in the cart in one step. Every page: zero axe-core violations,
// zero console errors, a screenshot.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  authHeaders,
  createOrdersWorld,
  createUser,
  validOffers,
  type TestUser,
} from '../support/factories/index.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { checkPage, launchBrowser, newContext, DESKTOP, watchErrors } from './support/browser.js';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test('a teacher writes a scenario, publishes a resource and votes; the referent makes a cart', async () => {
  const db = server.database.db;
  const world = await createOrdersWorld(db, { allocationCents: 100_000 });
  const colleague = await createUser(db, {
    grants: [{ role: 'teacher', establishmentId: world.establishment.id }],
    name: 'Collègue Vote',
  });
  const offers = await validOffers(db, 2, { licenceKind: 'single-seat', maxPriceCents: 5_000 });
  const resources = await db
    .selectFrom('resources')
    .select(['id', 'title'])
    .where(
      'id',
      'in',
      offers.map((offer) => offer.resourceId),
    )
    .execute();
  const [first, second] = offers.map((offer) => resources.find((row) => row.id === offer.resourceId)!);
  // The colleague and the referent propose; the teacher will vote for the colleague's.
  for (const [user, offer] of [
    [colleague, offers[0]!],
    [world.referent, offers[1]!],
  ] as const) {
    const reply = await server.app.inject({
      method: 'POST',
      url: `/ressources/${offer.resourceId}/proposer`,
      headers: { ...authHeaders(user), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        _csrf: user.csrf,
        etablissement: world.establishment.uai,
        offer: String(offer.id),
        seats: '2',
      }).toString(),
    });
    expect(reply.statusCode).toBe(303);
  }

  const errors: string[] = [];
  const contexts: BrowserContext[] = [];
  const open = async (user: TestUser) => {
    const context = await newContext(browser, { viewport: DESKTOP });
    contexts.push(context);
    await context.addCookies([{ name: 'ccr_session', value: user.token, url: server.url }]);
    const page = await context.newPage();
    watchErrors(page, errors);
    return page;
  };
  const shot = (step: string) => `scenarios-teacher-resources-${step}`;

  // 1. A scenario: the first resource by its number, the second picked from the search.
  const teacher = await open(world.teacher);
  await teacher.goto(`${server.url}/scenarios/nouveau`);
  await checkPage(teacher, shot('01-scenario-form'));
  await teacher.getByLabel('Titre *').fill('Lire une carte en 5e');
  await teacher.getByLabel('Objectifs *').fill('Se repérer sur une carte et la décrire.');
  await teacher.getByLabel('Niveau *').selectOption('scolomfr-voc-022-num-020');
  await teacher.getByLabel('Discipline *').selectOption('scolomfr-voc-015-num-042');
  await teacher.getByLabel('Durée en minutes *').fill('55');
  await teacher.getByLabel('Numéro de la ressource de l’étape 1').fill(String(first!.id));
  await teacher.getByLabel('Consigne de l’étape 1').fill('Découvrir la carte au tableau.');
  await teacher.getByLabel('Trouver une ressource').fill(second!.title);
  await teacher.getByRole('button', { name: 'Chercher', exact: true }).click();
  await teacher
    .getByRole('button', { name: `Ajouter ${second!.title}` })
    .first()
    .click();
  await expect
    .poll(() => teacher.getByLabel('Numéro de la ressource de l’étape 2').inputValue())
    .toBe(String(second!.id));
  await teacher.getByLabel('Consigne de l’étape 2').fill('Exercices en binôme.');
  await Promise.all([
    teacher.waitForURL(/\/scenarios\/\d+\?ok=enregistre/),
    teacher.getByRole('button', { name: 'Enregistrer le scénario' }).click(),
  ]);
  await checkPage(teacher, shot('02-scenario'));
  expect(await teacher.getByRole('link', { name: first!.title }).count()).toBeGreaterThan(0);
  expect(await teacher.getByRole('link', { name: second!.title }).count()).toBeGreaterThan(0);

  // 2. Her own resource, as a link.
  await teacher.goto(`${server.url}/mes-ressources/nouvelle`);
  await checkPage(teacher, shot('03-resource-form'));
  await teacher.getByLabel('Titre *').fill('Fond de carte de l’Europe');
  await teacher.getByLabel('Description *').fill('Un fond de carte à compléter.');
  await teacher.locator('#notice-levels-scolomfr-voc-022-num-020').check({ force: true });
  await teacher.locator('#notice-disciplines-scolomfr-voc-015-num-042').check({ force: true });
  await teacher.getByLabel('Licence Creative Commons *').selectOption('cc-by');
  await teacher.locator('#kind-link').check({ force: true });
  await teacher.locator('#url').fill('https://exemple.fr/fond-de-carte');
  await Promise.all([
    teacher.waitForURL(/\/mes-ressources\?ok=envoyee/),
    teacher.getByRole('button', { name: 'Envoyer à la modération' }).click(),
  ]);
  await checkPage(teacher, shot('04-my-resources'));
  expect(await teacher.getByText('en attente de modération').count()).toBe(1);

  // 3. She votes for her colleague's proposal.
  const ranked = `${server.url}/etablissements/${world.establishment.uai}/propositions`;
  await teacher.goto(ranked);
  await checkPage(teacher, shot('05-teacher-ranked'));
  await Promise.all([
    teacher.waitForURL(/ok=vote/),
    teacher.getByRole('button', { name: `Voter pour ${first!.title}` }).click(),
  ]);

  // 4. The referent sees it first, with its cost, and puts it in the cart in one step.
  const referent = await open(world.referent);
  await referent.goto(ranked);
  await checkPage(referent, shot('06-referent-ranked'));
  const firstRow = referent.locator('tbody tr').first();
  expect(await firstRow.textContent()).toContain(first!.title);
  await referent.getByLabel(`Sélectionner ${first!.title}`).check({ force: true });
  await Promise.all([
    referent.waitForURL(/ok=selection/),
    referent.getByRole('button', { name: 'Mettre la sélection au panier' }).click(),
  ]);
  await checkPage(referent, shot('07-selection-in-cart'));
  expect(await referent.locator('tbody tr').first().textContent()).toContain('dans le panier');

  for (const context of contexts) await context.close();
  expect(errors).toEqual([]);
});
