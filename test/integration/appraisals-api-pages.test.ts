// Institutional appraisals: inspectors and experts publish signed appraisals (API and form), the RIP
// label with its date and who awarded it, shown apart from teachers' reviews; the publisher of the
// resource's producer answers once (another producer's publisher cannot); every other role is refused;
// HTML typed anywhere is shown as text; the public list is paginated.
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- API replies are untyped JSON here: the assertions are the type checks. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles, type Role } from '../../src/modules/accounts/actor.js';
import { todayInFrance } from '../../src/shared/clock.js';
import { authHeaders, createUser, createUserPerRole, type TestUser } from '../support/factories/index.js';
import { pageClient } from '../support/orders-client.js';
import type { Reply } from '../support/orders-client.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
const db = () => server.database.db;
const { page, submit } = pageClient(() => server.app);
let resources: { id: number; identifier: string; producer_id: number }[];
let next = 0;
const freshResource = () => resources[next++]!;

async function call(
  user: TestUser | undefined,
  method: 'GET' | 'POST',
  url: string,
  payload?: object,
): Promise<Reply> {
  const response = await server.app.inject({
    method,
    url,
    headers: authHeaders(user),
    ...(payload ? { payload } : {}),
  });
  return { status: response.statusCode, body: response.json<Reply['body']>() };
}

const appraisal = (change: object = {}) => ({
  strengths: 'Des animations précises, conformes au programme de cycle 4.',
  limits: 'Peu d’exercices différenciés.',
  recommendedUses: 'En introduction de séquence, projeté en classe entière.',
  levels: ['scolomfr-voc-022-num-621'],
  rip: false,
  ...change,
});

beforeAll(async () => {
  server = await startTestServer({ referenceData: true });
  resources = await db()
    .selectFrom('resources')
    .select(['id', 'identifier', 'producer_id'])
    .where('withdrawn_at', 'is', null)
    .orderBy('id')
    .offset(600)
    .limit(30)
    .execute();
});
afterAll(async () => {
  await server?.close();
});

describe('publishing appraisals', () => {
  it('lets inspectors and experts publish, refuses every other role', async () => {
    const resource = freshResource();
    const users = await createUserPerRole(db(), { producerId: resource.producer_id });
    const expected: Record<Role, number> = {
      teacher: 403,
      'digital-referent': 403,
      librarian: 403,
      head: 403,
      'academy-staff': 403,
      'national-admin': 403,
      publisher: 403,
      expert: 201,
      inspector: 201,
    };
    for (const role of roles) {
      const url = `/api/resources/${resource.identifier}/appraisals`;
      expect((await call(users[role], 'POST', url, appraisal())).status, role).toBe(expected[role]);
      const formPath = `/expertise/ressources/${resource.identifier}/avis-institutionnel`;
      expect((await page(users[role], formPath)).status, `form ${role}`).toBe(
        expected[role] === 201 ? 200 : 403,
      );
    }
    expect(
      (await call(undefined, 'POST', `/api/resources/${resource.identifier}/appraisals`, appraisal())).status,
    ).toBe(401);
    const second = await call(
      users.expert,
      'POST',
      `/api/resources/${resource.identifier}/appraisals`,
      appraisal(),
    );
    expect(second.status).toBe(409);
    expect(second.body.error.message).toBe(
      'Vous avez déjà publié un avis institutionnel sur cette ressource.',
    );
  });

  it('awards the RIP label with a date and its signatory, listed apart, paginated', async () => {
    const resource = freshResource();
    const academy = await db()
      .selectFrom('academies')
      .select(['id', 'name'])
      .where('code', '=', 'rennes')
      .executeTakeFirstOrThrow();
    const inspector = await createUser(db(), {
      role: 'inspector',
      academyId: academy.id,
      name: 'Paul Fontaine',
    });
    const expert = await createUser(db(), { role: 'expert', name: 'Nadia Garnier' });
    const published = await call(
      inspector,
      'POST',
      `/api/resources/${resource.identifier}/appraisals`,
      appraisal({ rip: true }),
    );
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({
      signature: 'Paul Fontaine, inspection pédagogique, académie de Rennes',
      role: 'inspector',
      levels: [{ value: 'scolomfr-voc-022-num-621', label: 'cycle 4 (2016)' }],
      ripLabel: {
        awardedOn: todayInFrance(),
        awardedBy: 'Paul Fontaine, inspection pédagogique, académie de Rennes',
      },
      reply: null,
    });
    await call(expert, 'POST', `/api/resources/${resource.identifier}/appraisals`, appraisal());
    const list = await call(undefined, 'GET', `/api/resources/${resource.identifier}/appraisals?pageSize=1`);
    expect(list.body).toMatchObject({
      total: 2,
      page: 1,
      pageSize: 1,
      ripLabel: { awardedOn: todayInFrance() },
    });
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0].signature).toBe('Nadia Garnier, expert');
    // The reviews' list does not hold appraisals.
    expect((await call(undefined, 'GET', `/api/resources/${resource.identifier}/reviews`)).body.total).toBe(
      0,
    );

    const html = (await page(undefined, `/ressources/${resource.identifier}`)).html;
    expect(html).toContain('id="label-rip"');
    expect(html).toContain('Label RIP : reconnu d’intérêt pédagogique');
    expect(html).toContain('par Paul Fontaine, inspection pédagogique, académie de Rennes');
    expect(html.indexOf('id="avis-institutionnels"')).toBeLessThan(html.indexOf('id="avis"'));
    const audit = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', String(published.body.id))
      .where('subject_type', '=', 'appraisal')
      .execute();
    expect(audit.map((entry) => entry.action)).toEqual(['appraisal.publish-with-rip']);
  });

  it('publishes with the form; says what is missing; refuses a withdrawn resource', async () => {
    const resource = freshResource();
    const expert = await createUser(db(), { role: 'expert' });
    const path = `/expertise/ressources/${resource.identifier}/avis-institutionnel`;
    const missing = await submit(expert, path, { strengths: 'Solide', limits: '', recommendedUses: '' });
    expect(missing.status).toBe(400);
    expect(missing.html).toContain('Limites : obligatoire.');
    expect(missing.html).toContain('Usages recommandés : obligatoire.');
    expect(missing.html).toContain('>Solide</textarea>');
    const body = new URLSearchParams({
      _csrf: expert.csrf,
      strengths: '<script>alert(1)</script>Très complet',
      limits: 'Aucune <img src=x onerror=alert(1)>',
      recommendedUses: 'Travail en autonomie',
      rip: 'oui',
    });
    body.append('levels', 'scolomfr-voc-022-num-020');
    body.append('levels', 'scolomfr-voc-022-num-021');
    const sent = await server.app.inject({
      method: 'POST',
      url: path,
      headers: { cookie: expert.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    });
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toMatch(
      new RegExp(`^/ressources/${resource.identifier}\\?avis=avis-institutionnel#avis-institutionnel-\\d+$`),
    );
    const html = (await page(undefined, `/ressources/${resource.identifier}`)).html;
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script>alert(1)&lt;/script>Très complet');
    expect(html).toContain('5e, 4e');
    expect(html).toContain('Label RIP attribué le');
    expect((await page(expert, path)).html).toContain('Vous avez déjà publié un avis institutionnel');

    const withdrawn = freshResource();
    await db()
      .updateTable('resources')
      .set({ withdrawn_at: new Date() })
      .where('id', '=', withdrawn.id)
      .execute();
    const refused = await call(
      expert,
      'POST',
      `/api/resources/${withdrawn.identifier}/appraisals`,
      appraisal(),
    );
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('retirée du catalogue');
  });
});

describe('the publisher’s right of reply', () => {
  it('lets the producer’s publisher answer once, publicly; nobody else', async () => {
    const resource = freshResource();
    const inspector = await createUser(db(), { role: 'inspector', name: 'Inès Inspectrice' });
    const { body: published } = await call(
      inspector,
      'POST',
      `/api/resources/${resource.identifier}/appraisals`,
      appraisal(),
    );
    const own = await createUser(db(), { role: 'publisher', producerId: resource.producer_id });
    const otherProducer = await db()
      .selectFrom('producers')
      .select('id')
      .where('id', '!=', resource.producer_id)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const foreign = await createUser(db(), { role: 'publisher', producerId: otherProducer.id });
    const teacher = await createUser(db(), { role: 'teacher' });
    const url = `/api/appraisals/${published.id}/reply`;

    const refused = await call(foreign, 'POST', url, { body: 'Nous contestons.' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe(
      'Seul l’éditeur de la ressource peut répondre aux avis institutionnels qui la concernent.',
    );
    expect((await call(teacher, 'POST', url, { body: 'Moi aussi.' })).status).toBe(403);
    expect((await call(inspector, 'POST', url, { body: 'Moi aussi.' })).status).toBe(403);
    expect((await page(foreign, `/editeur/avis-institutionnels/${published.id}/reponse`)).status).toBe(403);
    expect((await call(own, 'POST', url, { body: '' })).status).toBe(400);

    // The list of the publisher's appraisals links the reply form.
    const list = await page(own, '/editeur/avis-institutionnels');
    expect(list.html).toContain(`href="/editeur/avis-institutionnels/${published.id}/reponse"`);
    expect((await page(foreign, '/editeur/avis-institutionnels')).html).not.toContain(
      `/${published.id}/reponse`,
    );
    expect((await page(teacher, '/editeur/avis-institutionnels')).status).toBe(403);

    const answered = await submit(own, `/editeur/avis-institutionnels/${published.id}/reponse`, {
      body: 'Merci. <b>Des exercices différenciés</b> arrivent en janvier.',
    });
    expect(answered.status).toBe(303);
    expect(answered.location).toBe(
      `/ressources/${resource.identifier}?avis=reponse#avis-institutionnel-${published.id}`,
    );
    const twice = await call(own, 'POST', url, { body: 'Une seconde réponse.' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toBe(
      'L’éditeur a déjà répondu à cet avis institutionnel : une seule réponse est possible.',
    );

    const listed = await call(undefined, 'GET', `/api/resources/${resource.identifier}/appraisals`);
    expect(listed.body.items[0].reply).toMatchObject({
      body: 'Merci. <b>Des exercices différenciés</b> arrivent en janvier.',
    });
    const html = (await page(undefined, `/ressources/${resource.identifier}`)).html;
    expect(html).toContain('Droit de réponse de l’éditeur');
    expect(html).toContain('Merci. &lt;b>Des exercices différenciés&lt;/b> arrivent en janvier.');
    const notice = await db()
      .selectFrom('notifications')
      .select('kind')
      .where('user_id', '=', inspector.id)
      .execute();
    expect(notice.map((row) => row.kind)).toEqual(['appraisal-reply']);
    expect((await page(inspector, '/expertise/avis-institutionnels')).html).toContain('publiée le');
  });
});
