// NUL characters and unpaired surrogates are refused at the edge with a 400 (French error page or
// {error:{code:'VALIDATION_FAILED'}}), wherever they come: path, query, JSON at any depth (keys too),
// urlencoded and multipart forms, CSV uploads. Before the guard, the database answered them with 500s.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_INPUT_MESSAGE } from '../../src/shared/hostile-input.js';
import { rowCount } from '../support/database.js';
import { createFundingTeam, type TestUser } from '../support/factories/index.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let admin: TestUser;
let staff: TestUser;
let academyId: number;

beforeAll(async () => {
  server = await startTestServer({ referenceData: true });
  ({ academyId, admin, staff } = await createFundingTeam(server.database.db));
});
afterAll(async () => {
  await server?.close();
});

const campaignCount = () => rowCount(server.database.db, 'campaigns');

function expectApiRefusal(response: { statusCode: number; json: () => unknown }): void {
  expect(response.statusCode).toBe(400);
  expect(response.json()).toMatchObject({
    error: { code: 'VALIDATION_FAILED', message: HOSTILE_INPUT_MESSAGE },
  });
}

function expectPageRefusal(response: { statusCode: number; body: string; headers: Record<string, unknown> }) {
  expect(response.statusCode).toBe(400);
  expect(String(response.headers['content-type'])).toContain('text/html');
  expect(response.body).toContain('caractère interdit');
}

const campaignBody = (extra: Record<string, unknown> = {}) => ({
  name: 'Plan hostile',
  envelopeEuros: '1 000',
  academyIds: [academyId],
  orderingDeadline: '2099-07-10',
  remainderPolicy: 'return-to-academy',
  ...extra,
});

describe('path parameters and query strings', () => {
  it('GET /api/resources/1%00 is a 400, not a 500', async () => {
    expectApiRefusal(await server.app.inject({ url: '/api/resources/1%00' }));
  });

  it('GET /ressources/%00 is the French error page with 400', async () => {
    expectPageRefusal(await server.app.inject({ url: '/ressources/%00' }));
  });

  it('a NUL in a query string is refused, on the API and on pages', async () => {
    expectApiRefusal(await server.app.inject({ url: '/api/resources?q=abc%00' }));
    expectPageRefusal(await server.app.inject({ url: '/recherche?q=%00' }));
  });

  it('plain text and valid surrogate pairs go through', async () => {
    const response = await server.app.inject({ url: `/api/resources?q=${encodeURIComponent('maths 📐')}` });
    expect(response.statusCode).toBe(200);
  });
});

describe('JSON bodies', () => {
  const post = (payload: string) =>
    server.app.inject({
      method: 'POST',
      url: '/api/campaigns',
      headers: { ...admin.headers, 'content-type': 'application/json' },
      payload,
    });

  it('"\\u0000" in a JSON string is a 400 and nothing is written', async () => {
    const before = await campaignCount();
    expectApiRefusal(await post(JSON.stringify(campaignBody({ name: 'Plan\u0000 hostile' }))));
    expect(await campaignCount()).toBe(before);
  });

  it('an unpaired surrogate, at any depth, is a 400', async () => {
    expectApiRefusal(await post(JSON.stringify(campaignBody({ name: 'Plan \ud800 seul' }))));
    expectApiRefusal(await post(JSON.stringify(campaignBody({ name: 'Plan \udc00 seul' }))));
    expectApiRefusal(
      await post(JSON.stringify(campaignBody({ rules: { bands: [{ types: ['college\u0000'] }] } }))),
    );
  });

  it('a hostile key is a 400', async () => {
    expectApiRefusal(await post(JSON.stringify({ ...campaignBody(), 'na\u0000me': 'x' })));
  });

  it('the same body without the NUL is accepted', async () => {
    expect((await post(JSON.stringify(campaignBody()))).statusCode).toBe(201);
  });
});

describe('page forms', () => {
  it('an urlencoded field with a NUL is the French error page, nothing written', async () => {
    const before = await campaignCount();
    const body = new URLSearchParams([
      ['_csrf', admin.csrf],
      ['name', 'Plan\u0000'],
      ['envelope', '1000'],
      ['deadline', '2099-07-10'],
      ['academyIds', String(academyId)],
    ]);
    expectPageRefusal(
      await server.app.inject({
        method: 'POST',
        url: '/financement/campagnes',
        headers: { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: body.toString(),
      }),
    );
    expect(await campaignCount()).toBe(before);
  });

  const boundary = '----ccr';
  const multipart = (fields: [string, string][], csv: Buffer) =>
    Buffer.concat([
      ...fields.map(([name, value]) =>
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
      ),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="etabs.csv"\r\nContent-Type: text/csv\r\n\r\n`,
      ),
      csv,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
  const header = 'UAI;Nom;Type;Secteur;Élèves;Département;Réseau';
  const upload = (payload: Buffer) =>
    server.app.inject({
      method: 'POST',
      url: `/financement/academies/${academyId}/etablissements`,
      headers: { cookie: staff.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });

  it('a multipart field with a NUL is refused once the fields are parsed', async () => {
    expectPageRefusal(
      await upload(
        multipart(
          [
            ['_csrf', staff.csrf],
            ['note', 'a\u0000b'],
          ],
          Buffer.from(`${header}\r\n`),
        ),
      ),
    );
  });

  it('a CSV whose decoded text holds a NUL is refused with a French message', async () => {
    const response = await upload(
      multipart([['_csrf', staff.csrf]], Buffer.from(`${header}\r\n0350077X;École\u0000;école;public;1;35;`)),
    );
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('caractère nul');
  });
});

describe('CSV uploads on the API', () => {
  it('a NUL byte in the file is a 400, and a UTF-16 file (full of NULs) too', async () => {
    const send = (bytes: Buffer) =>
      server.app.inject({
        method: 'POST',
        url: `/api/academies/${academyId}/establishments/import`,
        headers: { ...staff.headers, 'content-type': 'text/csv' },
        payload: bytes,
      });
    const nul = await send(Buffer.from('uai;nom\n0350077X;École\u0000\n'));
    expect(nul.statusCode).toBe(400);
    expect(nul.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect(nul.json<{ error: { message: string } }>().error.message).toContain('caractère nul');
    const utf16 = await send(Buffer.from('\ufeffuai;nom\n0350077X;École\n', 'utf16le'));
    expect(utf16.statusCode).toBe(400);
  });
});

describe('malformed multipart bodies (fuzz finding F1)', () => {
  it('a truncated multipart upload is a 400, on the API and the page, not a 500', async () => {
    const payload = `--fuzz\r\ncontent-disposition: form-data; name="_csrf"\r\n\r\n${staff.csrf}\r\n--fuzz\r\ncontent-disposition: form-data; name="file"; filename="a"\r\n\r\nuai;nom`;
    const headers = { ...staff.headers, 'content-type': 'multipart/form-data; boundary=fuzz' };
    const api = await server.app.inject({
      method: 'POST',
      url: `/api/academies/${academyId}/establishments/import`,
      headers,
      payload,
    });
    expect(api.statusCode).toBe(400);
    expect(api.json()).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    const page = await server.app.inject({
      method: 'POST',
      url: `/financement/academies/${academyId}/etablissements`,
      headers,
      payload,
    });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('La requête est mal formée.');
  });
});
