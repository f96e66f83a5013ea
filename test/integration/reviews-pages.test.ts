// The reviews' pages without a browser: the resource page's sections (average, badges, HTML shown as
// text), the review form (write, errors next to their fields with what was typed, edit), helpful and
// report forms, the moderation queue per role and scope (hide with a reason: hidden everywhere, the
// author notified, the decision audited; keep), and the links from Mon espace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReview } from '../../src/modules/reviews/reviews.service.js';
import { createAcademy, createEstablishment, createUser, type TestUser } from '../support/factories/index.js';
import { pageClient } from '../support/orders-client.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
const db = () => server.database.db;
const { page, submit } = pageClient(() => server.app);
let resources: { id: number; identifier: string; title: string }[];
let next = 0;
const freshResource = () => resources[next++]!;

let academyId: number;
let teacher: TestUser;
let colleague: TestUser;
let staff: TestUser;
let otherStaff: TestUser;
let national: TestUser;
let publisher: TestUser;

const SCRIPT = '<script>alert("avis")</script> <b>gras</b> et un texte assez long';

beforeAll(async () => {
  server = await startTestServer();
  resources = await db()
    .selectFrom('resources')
    .select(['id', 'identifier', 'title'])
    .where('withdrawn_at', 'is', null)
    .orderBy('id')
    .offset(300)
    .limit(40)
    .execute();
  const academy = await createAcademy(db());
  academyId = academy.id;
  const establishment = await createEstablishment(db(), { academy });
  teacher = await createUser(db(), {
    role: 'teacher',
    establishmentId: establishment.id,
    name: 'Camille Martin',
  });
  colleague = await createUser(db(), { role: 'librarian', establishmentId: establishment.id });
  staff = await createUser(db(), { role: 'academy-staff', academyId });
  otherStaff = await createUser(db(), { role: 'academy-staff' });
  national = await createUser(db(), { role: 'national-admin' });
  publisher = await createUser(db(), { role: 'publisher' });
});
afterAll(async () => {
  await server?.close();
});

const form = (change: Record<string, string> = {}) => ({
  rating: '4',
  body: 'Une bonne ressource pour travailler en îlots avec mes élèves.',
  level: 'scolomfr-voc-022-num-018',
  discipline: '',
  ...change,
});

describe('the resource page and the review form', () => {
  it('writes a review with the form, shows it with its badge and average, edits it with a date', async () => {
    const resource = freshResource();
    const path = `/ressources/${resource.identifier}`;
    const before = await page(undefined, path);
    expect(before.html).toContain('Aucun enseignant n’a encore donné son avis');
    expect(before.html).toContain('Connectez-vous pour donner votre avis');
    expect((await page(teacher, path)).html).toContain('Donner mon avis');

    const formPage = await page(teacher, `${path}/mon-avis`);
    expect(formPage.status).toBe(200);
    expect(formPage.html).toContain('name="_csrf"');
    const sent = await submit(teacher, `${path}/mon-avis`, form({ usedInClass: 'oui' }));
    expect(sent.status).toBe(303);
    expect(sent.location).toBe(`${path}?avis=publie#avis`);
    const after = await page(undefined, path);
    expect(after.html).toContain('Une bonne ressource pour travailler en îlots');
    expect(after.html).toContain('Camille M.');
    expect(after.html).toContain('utilisée en classe');
    expect(after.html).toContain('4 sur 5');
    expect(after.html).toContain('(1 avis d’enseignant)');
    expect(after.html).not.toContain('Camille Martin');

    const own = await page(teacher, `${path}?avis=publie`);
    expect(own.html).toContain('Votre avis est publié. Merci !');
    expect(own.html).toContain('Modifier mon avis');
    const edit = await page(teacher, `${path}/mon-avis`);
    expect(edit.html).toContain('Enregistrer la modification');
    expect(edit.html).toMatch(/value="4"[^>]*checked|checked[^>]*value="4"/);
    expect((await submit(teacher, `${path}/mon-avis`, form({ rating: '2' }))).location).toBe(
      `${path}?avis=modifie#avis`,
    );
    expect((await page(undefined, path)).html).toContain(', modifié le ');
  });

  it('says what is wrong next to each field, with what was typed, and refuses a withdrawn resource', async () => {
    const resource = freshResource();
    const path = `/ressources/${resource.identifier}/mon-avis`;
    const refused = await submit(teacher, path, form({ rating: '9', body: 'Trop court' }));
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('Note : de 1 à 5 étoiles.');
    expect(refused.html).toContain('Votre avis est trop court : écrivez au moins 20 caractères.');
    expect(refused.html).toContain('href="#avis-texte"');
    expect(refused.html).toContain('>Trop court</textarea>');
    const noRating = await submit(teacher, path, form({ rating: '' }));
    expect(noRating.status).toBe(400);
    expect(noRating.html).toContain('Note : un nombre entier de 1 à 5 est attendu.');

    const withdrawn = freshResource();
    await db()
      .updateTable('resources')
      .set({ withdrawn_at: new Date() })
      .where('id', '=', withdrawn.id)
      .execute();
    const closed = await submit(teacher, `/ressources/${withdrawn.identifier}/mon-avis`, form());
    expect(closed.status).toBe(409);
    expect(closed.html).toContain(
      'Cette ressource a été retirée du catalogue : elle ne peut plus recevoir d’avis.',
    );
    expect(closed.html).not.toContain('Publier mon avis');
  });

  it('shows HTML and script typed in a review as text', async () => {
    const resource = freshResource();
    await submit(teacher, `/ressources/${resource.identifier}/mon-avis`, form({ body: SCRIPT }));
    const html = (await page(undefined, `/ressources/${resource.identifier}`)).html;
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<b>gras</b>');
    expect(html).toContain('&lt;script>alert(&quot;avis&quot;)&lt;/script>');
  });

  it('refuses the form to roles that do not review, and asks a visitor to sign in', async () => {
    const path = `/ressources/${freshResource().identifier}/mon-avis`;
    for (const user of [staff, national, publisher]) {
      expect((await page(user, path)).status).toBe(403);
      expect((await submit(user, path, form())).status).toBe(403);
    }
    const out = await page(undefined, path);
    expect(out.status).toBe(303);
    expect(out.location).toContain('/connexion?retour=');
    expect((await page(teacher, '/ressources/inconnue/mon-avis')).status).toBe(404);
  });

  it('marks helpful and reports from the page, once, never one’s own, never for someone else', async () => {
    const resource = freshResource();
    const written = await writeReview(db(), teacher.actor, resource.identifier, {
      rating: 5,
      body: 'Très utile pour réviser le brevet avec les 3e.',
    });
    const path = `/ressources/${resource.identifier}`;
    const seen = await page(colleague, path);
    expect(seen.html).toContain(`action="/avis/${written.id}/utile"`);
    expect((await page(teacher, path)).html).not.toContain(`action="/avis/${written.id}/utile"`);
    const helpful = await submit(colleague, `/avis/${written.id}/utile`, {});
    expect(helpful.location).toBe(`${path}?avis=utile#avis-${written.id}`);
    expect((await page(colleague, path)).html).toContain('Vous avez trouvé cet avis utile.');
    expect((await submit(colleague, `/avis/${written.id}/utile`, {})).status).toBe(409);
    expect((await submit(teacher, `/avis/${written.id}/utile`, {})).status).toBe(403);
    // A forged CSRF token (another user's form) is refused: nobody votes for someone else.
    expect((await submit(publisher, `/avis/${written.id}/utile`, {}, colleague.csrf)).status).toBe(403);

    const reportPage = await page(colleague, `/avis/${written.id}/signaler`);
    expect(reportPage.status).toBe(200);
    expect((await page(teacher, `/avis/${written.id}/signaler`)).status).toBe(403);
    const empty = await submit(colleague, `/avis/${written.id}/signaler`, { reason: '' });
    expect(empty.status).toBe(400);
    expect(empty.html).toContain('Motif du signalement : au moins 5 caractères.');
    const reported = await submit(colleague, `/avis/${written.id}/signaler`, {
      reason: 'Hors sujet <i>ici</i>',
    });
    expect(reported.location).toBe(`${path}?avis=signale#avis-${written.id}`);
    expect(
      (await submit(colleague, `/avis/${written.id}/signaler`, { reason: 'Encore' + ' une fois' })).status,
    ).toBe(409);
  });
});

describe('moderation', () => {
  it('opens the queue to academy staff and the national administration only', async () => {
    for (const user of [teacher, colleague, publisher])
      expect((await page(user, '/moderation/avis')).status).toBe(403);
    expect((await page(undefined, '/moderation/avis')).status).toBe(303);
    expect((await page(staff, '/moderation/avis')).status).toBe(200);
    expect((await page(national, '/moderation/avis')).status).toBe(200);
  });

  it('hides a reported review with a reason: gone from the page, the author notified, audited', async () => {
    const resource = freshResource();
    const written = await writeReview(db(), teacher.actor, resource.identifier, {
      rating: 1,
      body: 'Nul, une vraie ARNAQUE, à fuir absolument.',
    });
    await submit(colleague, `/avis/${written.id}/signaler`, { reason: 'Propos <em>injurieux</em>' });
    const queue = await page(staff, '/moderation/avis');
    expect(queue.html).toContain(`id="moderation-${written.id}"`);
    expect(queue.html).toContain('repéré : contient un mot de la liste de surveillance');
    expect(queue.html).toContain('Propos &lt;em>injurieux&lt;/em>');
    // Another academy's staff does not see it, nor may act on it.
    expect((await page(otherStaff, '/moderation/avis')).html).not.toContain(`id="moderation-${written.id}"`);
    expect(
      (await submit(otherStaff, `/moderation/avis/${written.id}`, { decision: 'hide', reason: 'Injurieux' }))
        .status,
    ).toBe(404);

    const noReason = await submit(staff, `/moderation/avis/${written.id}`, { decision: 'hide', reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.html).toContain('Motif : dites en quelques mots pourquoi l’avis est masqué');
    const hidden = await submit(staff, `/moderation/avis/${written.id}`, {
      decision: 'hide',
      reason: 'Propos injurieux',
    });
    expect(hidden.location).toBe('/moderation/avis?ok=masque');
    expect((await page(staff, '/moderation/avis?ok=masque')).html).not.toContain(
      `id="moderation-${written.id}"`,
    );

    const publicPage = await page(undefined, `/ressources/${resource.identifier}`);
    expect(publicPage.html).not.toContain('une vraie ARNAQUE');
    const ownPage = await page(teacher, `/ressources/${resource.identifier}`);
    expect(ownPage.html).toContain('Votre avis a été masqué par la modération');
    expect(ownPage.html).toContain('Motif : Propos injurieux');
    const api = await server.app.inject({ url: `/api/resources/${resource.identifier}/reviews` });
    expect(api.json()).toMatchObject({ total: 0, items: [] });

    const notification = await db()
      .selectFrom('notifications')
      .selectAll()
      .where('user_id', '=', teacher.id)
      .where('kind', '=', 'review-hidden')
      .executeTakeFirstOrThrow();
    expect(notification.body).toContain('Propos injurieux');
    const audit = await db()
      .selectFrom('audit_log')
      .select(['action', 'actor_user_id'])
      .where('subject_type', '=', 'review')
      .where('subject_id', '=', String(written.id))
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { action: 'review.create', actor_user_id: teacher.id },
      { action: 'review.report', actor_user_id: colleague.id },
      { action: 'review.hide', actor_user_id: staff.id },
    ]);
    // Hidden: no more edits, helpful marks or reports.
    expect((await submit(teacher, `/ressources/${resource.identifier}/mon-avis`, form())).status).toBe(409);
    expect((await submit(colleague, `/avis/${written.id}/utile`, {})).status).toBe(404);
  });

  it('keeps a flagged review: it leaves the queue and stays published', async () => {
    const resource = freshResource();
    const written = await writeReview(db(), colleague.actor, resource.identifier, {
      rating: 4,
      body: 'Le site www.lesite.fr propose aussi un guide pour l’enseignant.',
    });
    expect((await page(national, '/moderation/avis')).html).toContain(`id="moderation-${written.id}"`);
    expect((await submit(national, `/moderation/avis/${written.id}`, { decision: 'keep' })).location).toBe(
      '/moderation/avis?ok=conserve',
    );
    expect((await page(national, '/moderation/avis')).html).not.toContain(`id="moderation-${written.id}"`);
    expect((await page(undefined, `/ressources/${resource.identifier}`)).html).toContain(
      'propose aussi un guide',
    );
  });
});

describe('Mon espace', () => {
  it('links each role to its pages', async () => {
    expect((await page(staff, '/mon-espace')).html).toContain('href="/moderation/avis"');
    expect((await page(national, '/mon-espace')).html).toContain('href="/moderation/avis"');
    expect((await page(teacher, '/mon-espace')).html).not.toContain('href="/moderation/avis"');
    const inspector = await createUser(db(), { role: 'inspector' });
    expect((await page(inspector, '/mon-espace')).html).toContain('href="/expertise/avis-institutionnels"');
    expect((await page(publisher, '/mon-espace')).html).toContain('href="/editeur/avis-institutionnels"');
    expect((await page(teacher, '/mon-espace')).html).not.toContain('avis-institutionnels');
  });
});
