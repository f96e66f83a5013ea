// Browser journey (issue 14): a teacher rates and reviews a resource with the form, saying she used it
// in class (the badge shows); an inspector publishes an appraisal awarding the RIP label (shown apart,
// prominently); a colleague reports the review; the academy's staff hides it from the moderation
// queue with a reason, and it leaves the resource page. Every page: zero axe-core violations, no
// console error, a screenshot.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createAcademy, createEstablishment, createUser, type TestUser } from '../support/factories/index.js';
import { startTestServer, type TestServer } from '../support/server.js';
import {
  checkPage,
  launchBrowser,
  plainSpaces,
  signedInContext,
  watchErrors,
  DESKTOP,
} from './support/browser.js';

let server: TestServer;
let browser: Browser;
let teacher: TestUser;
let colleague: TestUser;
let inspector: TestUser;
let staff: TestUser;
let resource: { identifier: string; title: string };

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  const db = server.database.db;
  const academy = await createAcademy(db);
  const establishment = await createEstablishment(db, { academy });
  teacher = await createUser(db, { role: 'teacher', establishmentId: establishment.id, name: 'Léa Bernard' });
  colleague = await createUser(db, { role: 'librarian', establishmentId: establishment.id });
  inspector = await createUser(db, { role: 'inspector', academyId: academy.id, name: 'Marc Inspecteur' });
  staff = await createUser(db, { role: 'academy-staff', academyId: academy.id });
  resource = await db
    .selectFrom('resources')
    .select(['identifier', 'title'])
    .where('withdrawn_at', 'is', null)
    .orderBy('id')
    .offset(50)
    .executeTakeFirstOrThrow();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function as(user: TestUser): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
  const context = await signedInContext(browser, server.url, user.token, { viewport: DESKTOP });
  const page = await context.newPage();
  return { page, errors: watchErrors(page), close: () => context.close() };
}

describe('reviews, appraisals and moderation', () => {
  test('a teacher reviews, an inspector awards the RIP label, moderation hides a reported review', async () => {
    const resourcePath = `${server.url}/ressources/${resource.identifier}`;

    // The teacher reviews with the form (first without a rating: the error is said at the field).
    const lea = await as(teacher);
    await lea.page.goto(resourcePath);
    await checkPage(lea.page, 'reviews-01-resource');
    await Promise.all([
      lea.page.waitForURL(/\/mon-avis$/),
      lea.page.getByRole('link', { name: 'Donner mon avis' }).click(),
    ]);
    await checkPage(lea.page, 'reviews-02-form');
    await lea.page
      .getByLabel('Votre avis')
      .fill('Très claire pour introduire la notion.\nMes élèves de 5e ont adoré.');
    await lea.page.locator('#avis-niveau').selectOption('scolomfr-voc-022-num-020');
    await lea.page.locator('label[for="avis-utilisee"]').click();
    await Promise.all([
      lea.page.waitForURL(/\/mon-avis$/),
      lea.page.getByRole('button', { name: 'Publier mon avis' }).click(),
    ]);
    expect(plainSpaces(await lea.page.locator('#avis-note-messages').innerText())).toBe(
      'Note : un nombre entier de 1 à 5 est attendu.',
    );
    await checkPage(lea.page, 'reviews-03-form-error');
    await lea.page.locator('label[for="avis-note-4"]').click();
    await Promise.all([
      lea.page.waitForURL((url) => url.searchParams.get('avis') === 'publie'),
      lea.page.getByRole('button', { name: 'Publier mon avis' }).click(),
    ]);
    const reviewItem = lea.page.locator('.ccr-review').first();
    const text = plainSpaces((await reviewItem.textContent()) ?? '');
    expect(text).toContain('Léa B. (vous)');
    expect(text).toContain('utilisée en classe');
    expect(text).toContain('5e');
    expect(text).toContain('4 sur 5');
    // The review keeps its line break, as she wrote it.
    expect(await reviewItem.locator('.ccr-user-text').first().innerText()).toBe(
      'Très claire pour introduire la notion.\nMes élèves de 5e ont adoré.',
    );
    await checkPage(lea.page, 'reviews-04-published');
    const reviewId = (await reviewItem.getAttribute('id'))!.replace('avis-', '');
    await lea.close();

    // The inspector publishes an appraisal with the RIP label.
    const marc = await as(inspector);
    await marc.page.goto(resourcePath);
    await Promise.all([
      marc.page.waitForURL(/\/avis-institutionnel$/),
      marc.page.getByRole('link', { name: 'Rédiger un avis institutionnel' }).click(),
    ]);
    await checkPage(marc.page, 'reviews-05-appraisal-form');
    await marc.page.getByLabel('Points forts').fill('Progression rigoureuse et conforme au programme.');
    await marc.page.getByLabel('Limites').fill('Peu de différenciation.');
    await marc.page.getByLabel('Usages recommandés').fill('En introduction de séquence.');
    await marc.page.locator('label[for="expertise-rip"]').click();
    await Promise.all([
      marc.page.waitForURL((url) => url.searchParams.get('avis') === 'avis-institutionnel'),
      marc.page.getByRole('button', { name: 'Publier l’avis institutionnel' }).click(),
    ]);
    expect(await marc.page.locator('#label-rip').textContent()).toContain('Label RIP');
    const appraisals = plainSpaces(
      (await marc.page.locator('section[aria-labelledby="avis-institutionnels"]').textContent()) ?? '',
    );
    expect(appraisals).toContain('Avis de Marc Inspecteur, inspection pédagogique');
    expect(appraisals).toContain('Label RIP attribué le');
    await checkPage(marc.page, 'reviews-06-rip');
    await marc.close();

    // A colleague reports the review.
    const col = await as(colleague);
    await col.page.goto(resourcePath);
    await Promise.all([
      col.page.waitForURL(/\/signaler$/),
      col.page
        .locator(`#avis-${reviewId}`)
        .getByRole('link', { name: /Signaler/ })
        .click(),
    ]);
    await checkPage(col.page, 'reviews-07-report');
    await col.page.getByLabel('Pourquoi le signalez-vous ?').fill('Ce n’est pas la bonne ressource.');
    await Promise.all([
      col.page.waitForURL((url) => url.searchParams.get('avis') === 'signale'),
      col.page.getByRole('button', { name: 'Signaler l’avis' }).click(),
    ]);
    await col.close();

    // The academy's staff hides it with a reason.
    const mod = await as(staff);
    await mod.page.goto(`${server.url}/mon-espace`);
    await Promise.all([
      mod.page.waitForURL(/\/moderation\/avis$/),
      mod.page.getByRole('link', { name: 'Modération des avis' }).click(),
    ]);
    const item = mod.page.locator(`#moderation-${reviewId}`);
    expect(plainSpaces((await item.textContent()) ?? '')).toContain('Ce n’est pas la bonne ressource.');
    await checkPage(mod.page, 'reviews-08-queue');
    await item.getByLabel('Motif, si vous masquez l’avis').fill('Avis sur une autre ressource.');
    await Promise.all([
      mod.page.waitForURL((url) => url.searchParams.get('ok') === 'masque'),
      item.getByRole('button', { name: /Masquer l’avis/ }).click(),
    ]);
    expect(await mod.page.getByRole('status').first().innerText()).toContain('L’avis est masqué');
    await checkPage(mod.page, 'reviews-09-hidden');
    await mod.page.goto(resourcePath);
    expect(await mod.page.locator(`#avis-${reviewId}`).count()).toBe(0);
    await mod.close();

    // The refused form answered 400 on purpose; nothing else may fail.
    const all = [...lea.errors, ...marc.errors, ...col.errors, ...mod.errors];
    expect(all.filter((error) => !/status of 400 .*\/mon-avis/.test(error))).toEqual([]);
  });
});
