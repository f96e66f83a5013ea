// The notices API as its clients use it: a publisher posts JSON and ScoLOMfr files (raw XML, a zip, a
// multipart form), an expert lists with filters, assigns and decides, the publisher withdraws; the
// statistics answer JSON and CSV to anyone. Authorization is checked per role on every route, and bad
// input gets a 4xx with a French message, never a 500.
/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument -- replies are untyped JSON: the assertions are the type checks. */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import {
  authHeaders,
  balanceOf,
  createOrdersWorld,
  createUser,
  type TestUser,
} from '../support/factories/index.js';
import { apiClient } from '../support/orders-client.js';
import { startTestServer, type TestServer } from '../support/server.js';

const xml = fs.readFileSync(new URL('../fixtures/scolomfr/volcans.xml', import.meta.url), 'utf8');
const notice = (identifier: string) => xml.replace('978-2-01-000001-7', identifier);

let server: TestServer;
let publisher: TestUser;
let rival: TestUser;
let expert: TestUser;
let national: TestUser;
let teacher: TestUser;
let producerId: number;
const api = apiClient(() => server.app);

const json = (identifier: string, change: Record<string, unknown> = {}) => ({
  identifier,
  title: `Planètes ${identifier}`,
  description: 'Le système solaire en animations.',
  levels: ['scolomfr-voc-022-num-018'],
  disciplines: ['scolomfr-voc-015-num-066'],
  types: ['scolomfr-voc-010-num-001'],
  cost: 'no',
  updatedOn: '2026-01-15',
  ...change,
});

function zipOf(entries: Record<string, string>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, content] of Object.entries(entries)) zip.addBuffer(Buffer.from(content), name);
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

async function upload(
  user: TestUser | undefined,
  body: Buffer | string,
  contentType: string,
  extra: Record<string, string> = {},
) {
  const response = await server.app.inject({
    method: 'POST',
    url: '/api/notices/import',
    headers: authHeaders(user, { 'content-type': contentType, ...extra }),
    payload: body,
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped JSON
  return { status: response.statusCode, body: response.json<any>() };
}

beforeAll(async () => {
  server = await startTestServer();
  const producers = await server.database.db
    .selectFrom('producers')
    .select('id')
    .orderBy('id')
    .limit(2)
    .execute();
  producerId = producers[0]!.id;
  publisher = await createUser(server.database.db, { role: 'publisher', producerId });
  rival = await createUser(server.database.db, { role: 'publisher', producerId: producers[1]!.id });
  expert = await createUser(server.database.db, { role: 'expert' });
  national = await createUser(server.database.db, { role: 'national-admin' });
  teacher = await createUser(server.database.db, { role: 'teacher' });
});
afterAll(async () => {
  await server?.close();
});

describe('submitting', () => {
  it('POST /api/notices stores a JSON notice (201) and rejects a bad one with located errors (422)', async () => {
    const created = await api(publisher, 'POST', '/api/notices', json('api-1'));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ file: 'api', status: 'accepted', notice: expect.any(Number) });
    const bad = await api(publisher, 'POST', '/api/notices', json('api-2', { levels: ['pas-un-niveau'] }));
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0]).toMatchObject({ path: '/levels/0', rule: 'vocabulary.value' });
    const schema = await api(
      publisher,
      'POST',
      '/api/notices',
      json('api-3', { offers: [{ label: 'x', priceCents: -1, licenceKind: 'class' }] }),
    );
    expect(schema.status).toBe(400);
    expect(schema.body.error.message).toMatch(/négatif/);
  });

  it('imports a raw XML body, a zip and a multipart form; each notice has its own result', async () => {
    const single = await upload(publisher, notice('api-x1'), 'application/xml', {
      'x-file-name': 'volcans.xml',
    });
    expect(single.status).toBe(200);
    expect(single.body.results).toEqual([
      expect.objectContaining({ file: 'volcans.xml', status: 'warning', errors: [] }),
    ]);

    const archive = await zipOf({
      'a.xml': notice('api-z1'),
      'b.xml': '<lom>pas fermé',
    });
    const zipped = await upload(publisher, archive, 'application/zip', { 'x-file-name': 'lot.zip' });
    expect(zipped.status).toBe(200);
    const byFile = Object.fromEntries(
      zipped.body.results.map((result: { file: string; status: string; errors: { rule: string }[] }) => [
        result.file,
        result,
      ]),
    );
    expect(byFile['lot.zip:a.xml'].status).toBe('warning');
    expect(byFile['lot.zip:b.xml'].status).toBe('rejected');
    expect(zipped.body.summary).toMatchObject({ notices: 2, warning: 1, rejected: 1 });

    const boundary = '----ccr-test';
    const form = [
      `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="un.xml"\r\nContent-Type: application/xml\r\n\r\n${notice('api-m1')}\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="deux.xml"\r\nContent-Type: application/xml\r\n\r\n${notice('api-m2')}\r\n`,
      `--${boundary}--\r\n`,
    ].join('');
    const multipart = await upload(publisher, form, `multipart/form-data; boundary=${boundary}`);
    expect(multipart.status).toBe(200);
    expect(multipart.body.results.map((result: { file: string }) => result.file)).toEqual([
      'un.xml',
      'deux.xml',
    ]);
  });

  it('refuses an upload that is not a notice, and an empty form, in French', async () => {
    const pdf = await upload(publisher, Buffer.from('%PDF-1.4 pas du XML'), 'application/xml');
    expect(pdf.status).toBe(200);
    expect(pdf.body.results[0].status).toBe('rejected');
    const empty = await upload(
      publisher,
      `------b\r\nContent-Disposition: form-data; name="x"\r\n\r\ny\r\n------b--\r\n`,
      'multipart/form-data; boundary=----b',
    );
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toMatch(/Joignez/);
  });

  it('only publishers submit or import', async () => {
    for (const user of [expert, teacher, national]) {
      expect((await api(user, 'POST', '/api/notices', json('api-no'))).status).toBe(403);
      expect((await upload(user, notice('api-no'), 'application/xml')).status).toBe(403);
    }
    expect((await api(undefined, 'POST', '/api/notices', json('api-no'))).status).toBe(401);
  });
});

describe('reviewing', () => {
  it('lists with filters, assigns, decides; the publisher sees the reasons; withdraws', async () => {
    const { body: created } = await api(
      publisher,
      'POST',
      '/api/notices',
      json('api-rev', { title: 'Quasarium planétaire' }),
    );
    const id = created.notice as number;

    const pending = await api(
      expert,
      'GET',
      `/api/notices?status=submitted&level=${encodeURIComponent('http://data.education.fr/voc/scolomfr/concept/scolomfr-voc-022-num-018')}`,
    );
    expect(pending.status).toBe(200);
    expect(pending.body.notices.map((row: { id: number }) => row.id)).toContain(id);
    expect((await api(expert, 'GET', '/api/notices?status=accepted&publisher=nobody-at-all')).status).toBe(
      400,
    );

    expect((await api(expert, 'POST', `/api/notices/${id}/assignment`, { expert: expert.id })).status).toBe(
      204,
    );
    const mine = await api(expert, 'GET', '/api/notices?assigned=me');
    expect(mine.body.notices.map((row: { id: number }) => row.id)).toEqual([id]);
    expect((await api(expert, 'POST', `/api/notices/${id}/assignment`, { expert: teacher.id })).status).toBe(
      400,
    );

    const noReason = await api(expert, 'POST', `/api/notices/${id}/decision`, { decision: 'refuse' });
    expect(noReason.status).toBe(400);
    const changes = await api(expert, 'POST', `/api/notices/${id}/decision`, {
      decision: 'request-changes',
      reasons: [{ criterion: 'demo', message: 'Un lien vers une démonstration est attendu.' }],
    });
    expect(changes.status).toBe(200);
    expect(changes.body).toMatchObject({ status: 'changes_requested', resourceId: null });
    const again = await api(expert, 'POST', `/api/notices/${id}/decision`, { decision: 'accept' });
    expect(again.status).toBe(409);

    const seen = await api(publisher, 'GET', `/api/notices/${id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.decisions[0].reasons[0].message).toBe('Un lien vers une démonstration est attendu.');

    // Resubmitted with a demo: version 2, the change shown; accepted; searchable.
    await api(
      publisher,
      'POST',
      '/api/notices',
      json('api-rev', { title: 'Quasarium planétaire', demoUrl: 'https://exemple.fr/demo' }),
    );
    const review = await api(expert, 'GET', `/api/notices/${id}`);
    expect(review.body.version).toBe(2);
    expect(review.body.changes.map((change: { field: string }) => change.field)).toEqual(['demoUrl']);
    const accepted = await api(expert, 'POST', `/api/notices/${id}/decision`, { decision: 'accept' });
    expect(accepted.body.status).toBe('accepted');
    let found = 0;
    for (let attempt = 0; attempt < 50 && found === 0; attempt++) {
      found = (await api(undefined, 'GET', '/api/resources?q=quasarium')).body.total;
      if (found === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(found).toBe(1);

    // Other producers and other roles cannot read, decide or withdraw it.
    expect((await api(rival, 'GET', `/api/notices/${id}`)).status).toBe(404);
    expect((await api(teacher, 'GET', '/api/notices')).status).toBe(403);
    expect((await api(publisher, 'POST', `/api/notices/${id}/decision`, { decision: 'accept' })).status).toBe(
      403,
    );
    expect((await api(rival, 'POST', `/api/notices/${id}/withdrawal`)).status).toBe(404);
    expect((await api(national, 'GET', `/api/notices/${id}`)).status).toBe(200);

    const withdrawn = await api(publisher, 'POST', `/api/notices/${id}/withdrawal`);
    expect(withdrawn.body).toEqual({ id, status: 'withdrawn', statusLabel: 'retirée' });
    for (let attempt = 0; attempt < 50 && found === 1; attempt++) {
      found = (await api(undefined, 'GET', '/api/resources?q=quasarium')).body.total;
      if (found === 1) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(found).toBe(0);
    expect((await api(publisher, 'POST', `/api/notices/${id}/withdrawal`)).status).toBe(409);
    // Its page stays, for the orders that name it, and says it was withdrawn; nothing to order.
    const resource = await api(undefined, 'GET', '/api/resources/api-rev');
    expect(resource.body.withdrawnAt).toEqual(expect.any(String));
    const page = await server.app.inject({ method: 'GET', url: '/ressources/api-rev' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Ressource retirée du catalogue');
    expect(page.body).not.toContain('id="offres"');
  });

  it('a publisher lists only its own notices', async () => {
    const own = await api(rival, 'GET', '/api/notices');
    expect(own.status).toBe(200);
    expect(own.body.notices.every((row: { producerId: number }) => row.producerId !== producerId)).toBe(true);
    expect((await api(rival, 'GET', `/api/notices?publisher=${producerId}`)).status).toBe(400);
  });
});

describe('withdrawal and orders', () => {
  it('keeps an order placed before the withdrawal, and takes no new one', async () => {
    const world = await createOrdersWorld(server.database.db);
    const price = { label: 'Licence établissement 1 an', priceCents: 4_200, licenceKind: 'establishment' };
    const { body: created } = await api(
      publisher,
      'POST',
      '/api/notices',
      json('api-ordered', { cost: 'yes', licence: 'proprietary', offers: [price] }),
    );
    expect(
      (await api(expert, 'POST', `/api/notices/${created.notice}/decision`, { decision: 'accept' })).status,
    ).toBe(200);
    const offer = (await api(undefined, 'GET', '/api/resources/api-ordered')).body.offers[0].id as number;
    const order = (body: Record<string, unknown>) =>
      api(world.head, 'POST', '/api/orders', body, { 'idempotency-key': `withdrawn-${Math.random()}` });
    const line = { establishment: world.establishment.uai, lines: [{ offer, seats: 1, quantity: 1 }] };
    const placed = await order(line);
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const before = await balanceOf(server.database.db, world.drawingRightId);

    expect((await api(publisher, 'POST', `/api/notices/${created.notice}/withdrawal`)).status).toBe(200);
    const kept = await api(world.head, 'GET', `/api/orders/${placed.body.id}`);
    expect(kept.status).toBe(200);
    expect(kept.body.totalCents).toBe(placed.body.totalCents);
    expect(kept.body.lines).toHaveLength(1);
    expect(await balanceOf(server.database.db, world.drawingRightId)).toBe(before);
    const refused = await order(line);
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
  });
});

describe('statistics', () => {
  it('answers JSON and CSV without sign-in', async () => {
    const rows = await api(undefined, 'GET', '/api/stats/notices?by=producer');
    expect(rows.status).toBe(200);
    const total = rows.body.rows.reduce((sum: number, row: { total: number }) => sum + row.total, 0);
    expect(total).toBeGreaterThan(5);
    const csv = await server.app.inject({ method: 'GET', url: '/api/stats/notices?by=level&format=csv' });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body.split('\r\n')[0]).toContain('Validées');
    expect((await api(undefined, 'GET', '/api/stats/notices?by=academy')).status).toBe(400);
  });
});
