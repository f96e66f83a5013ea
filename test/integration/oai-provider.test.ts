// The OAI-PMH provider at /oai: every verb by GET and POST, every error code, sets, from/until at both
// granularities, resumption tokens (forged, expired, and a harvest that pages on while resources are
// added, changed and withdrawn). Every reply is checked by libxml2 against the OAI-PMH 2.0 XSD
// (vendor/oai-pmh), and each record's metadata against its own schema (oai_dc, ScoLOMfr 3.1).
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { XmlDocument, XmlValidateError, XsdValidator, type XmlElement } from 'libxml2-wasm';
import { xmlRegisterFsInputProviders } from 'libxml2-wasm/lib/nodejs.mjs';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createAppContext } from '../../src/app-context.js';
import { oaiSettings } from '../../src/modules/oai/oai-provider.service.js';
import { clock } from '../../src/shared/clock.js';
import { isHostileText } from '../../src/shared/hostile-input.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

const PUBLIC_URL = 'https://catalogue.example.fr';
const HOST = 'catalogue.example.fr';
const OAI = 'http://www.openarchives.org/OAI/2.0/';
const NS = {
  o: OAI,
  oai_dc: 'http://www.openarchives.org/OAI/2.0/oai_dc/',
  dc: 'http://purl.org/dc/elements/1.1/',
  lom: 'http://ltsc.ieee.org/xsd/LOM',
  id: 'http://www.openarchives.org/OAI/2.0/oai-identifier',
};
const PAGE = { records: 100, identifiers: 150 };

const schemaFile = (path: string) => fileURLToPath(new URL(`../../vendor/${path}`, import.meta.url));
let validators: Record<'envelope' | 'oai_dc' | 'scolomfr' | 'identifier', XsdValidator>;

function loadValidator(file: string): XsdValidator {
  const schema = XmlDocument.fromString(
    // Read through libxml2 so relative schemaLocations resolve beside the file.
    readText(file),
    { url: file },
  );
  try {
    return XsdValidator.fromDoc(schema);
  } finally {
    schema.dispose();
  }
}

function readText(file: string): string {
  return readFileSync(file, 'utf8');
}

function validate(validator: XsdValidator, xml: string): string[] {
  const document = XmlDocument.fromString(xml);
  try {
    validator.validate(document);
    return [];
  } catch (error) {
    if (error instanceof XmlValidateError) return error.details.map((detail) => detail.message.trim());
    throw error;
  } finally {
    document.dispose();
  }
}

interface Reply {
  xml: string;
  errors: { code: string; message: string }[];
  /** Header identifiers, datestamps, deleted flags, setSpecs, in order. */
  headers: { identifier: string; datestamp: string; deleted: boolean; sets: string[] }[];
  token: { value: string; completeListSize?: string; cursor?: string; expirationDate?: string } | undefined;
  request: Record<string, string>;
  text(xpath: string): string[];
}

/** Parses a reply, checking the envelope and each record's metadata against their schemas. */
function read(xml: string): Reply {
  expect(validate(validators.envelope, xml)).toEqual([]);
  const document = XmlDocument.fromString(xml);
  try {
    const texts = (xpath: string, node: XmlDocument | XmlElement = document) =>
      node.find(xpath, NS).map((n) => n.content);
    for (const metadata of document.find('//o:metadata', NS)) {
      const child = (metadata as XmlElement).get('*') as XmlElement;
      const own = child.toString();
      const validator = child.namespaceUri === NS.lom ? validators.scolomfr : validators.oai_dc;
      expect(validate(validator, own), own).toEqual([]);
    }
    for (const description of document.find('//o:Identify/o:description/*', NS)) {
      expect(validate(validators.identifier, (description as XmlElement).toString())).toEqual([]);
    }
    const tokenNode = document.get('//o:resumptionToken', NS) as XmlElement | null;
    const attr = (node: XmlElement, name: string) => node.attr(name)?.value;
    const requestNode = document.get('/o:OAI-PMH/o:request', NS) as XmlElement;
    const request: Record<string, string> = {};
    for (const attribute of requestNode.attrs) request[attribute.name] = attribute.value;
    return {
      xml,
      errors: document.find('/o:OAI-PMH/o:error', NS).map((node) => ({
        code: attr(node as XmlElement, 'code') ?? '',
        message: node.content,
      })),
      headers: document.find('//o:header', NS).map((node) => ({
        identifier: texts('o:identifier', node as XmlElement)[0] ?? '',
        datestamp: texts('o:datestamp', node as XmlElement)[0] ?? '',
        deleted: attr(node as XmlElement, 'status') === 'deleted',
        sets: texts('o:setSpec', node as XmlElement),
      })),
      token: tokenNode
        ? {
            value: tokenNode.content,
            completeListSize: attr(tokenNode, 'completeListSize'),
            cursor: attr(tokenNode, 'cursor'),
            expirationDate: attr(tokenNode, 'expirationDate'),
          }
        : undefined,
      request,
      text: (xpath) => {
        const again = XmlDocument.fromString(xml);
        try {
          return again.find(xpath, NS).map((n) => n.content);
        } finally {
          again.dispose();
        }
      },
    };
  } finally {
    document.dispose();
  }
}

let database: TestDatabase;
let app: FastifyInstance;
let baseUrl: string;

async function oai(query: string, method: 'GET' | 'POST' = 'GET'): Promise<Reply> {
  const response =
    method === 'GET'
      ? await app.inject({ method, url: `/oai?${query}` })
      : await app.inject({
          method,
          url: '/oai',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: query,
        });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toBe('text/xml; charset=utf-8');
  return read(response.body);
}

const codes = (reply: Reply) => reply.errors.map((error) => error.code);

beforeAll(async () => {
  xmlRegisterFsInputProviders();
  validators = {
    envelope: loadValidator(schemaFile('oai-pmh/OAI-PMH.xsd')),
    oai_dc: loadValidator(schemaFile('oai-pmh/oai_dc.xsd')),
    identifier: loadValidator(schemaFile('oai-pmh/oai-identifier.xsd')),
    scolomfr: loadValidator(schemaFile('scolomfr/xsd-3.1/scolomfr.xsd')),
  };
  database = await createTestDatabase();
  const context = {
    ...createAppContext(database, { publicUrl: PUBLIC_URL, oaiAdminEmail: 'oai@catalogue.example.fr' }),
    oai: oaiSettings(PUBLIC_URL, 'oai@catalogue.example.fr', { pageSizes: PAGE }),
  };
  app = await buildApp(context, { logLevel: 'silent' });
  baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await app?.close();
  await database?.close();
  for (const validator of Object.values(validators ?? {})) validator.dispose();
});

afterEach(() => clock.reset());

async function resourceCount(where = sql`true`): Promise<number> {
  const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM resources WHERE ${where}`.execute(
    database.db,
  );
  return Number(rows[0]!.n);
}

/** A new resource copied from an existing one, under a new identifier. */
async function insertResource(identifier: string): Promise<number> {
  const { rows } = await sql<{ id: number }>`
    INSERT INTO resources (identifier, title, description, keywords, producer_id, authors, languages, levels,
      disciplines, themes, types, formats, devices, cost, licence, accessibility, demo_url, published_on,
      updated_on, origin, lowest_price_cents, licence_kinds, indexed_terms, facet_ids)
    SELECT ${identifier}, 'Nouvelle <ressource> & co', description, keywords, producer_id, authors, languages,
      levels, disciplines, themes, types, formats, devices, cost, licence, accessibility, demo_url,
      published_on, updated_on, origin, lowest_price_cents, licence_kinds, indexed_terms, facet_ids
    FROM resources ORDER BY id LIMIT 1
    RETURNING id`.execute(database.db);
  return rows[0]!.id;
}

async function identifierOf(id: number): Promise<string> {
  const row = await database.db
    .selectFrom('resources')
    .select('identifier')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return `oai:${HOST}:${row.identifier}`;
}

describe('the validators', () => {
  it('refuse what their schema refuses (they do bite)', () => {
    expect(validate(validators.envelope, `<OAI-PMH xmlns="${OAI}"><request/></OAI-PMH>`)).not.toEqual([]);
    expect(
      validate(validators.oai_dc, `<oai_dc:dc xmlns:oai_dc="${NS.oai_dc}"><title/></oai_dc:dc>`),
    ).not.toEqual([]);
    expect(validate(validators.scolomfr, `<lom xmlns="${NS.lom}"><couleur/></lom>`)).not.toEqual([]);
  });
});

describe('Identify and ListMetadataFormats', () => {
  for (const method of ['GET', 'POST'] as const) {
    it(`Identify by ${method}: baseURL, adminEmail, the true earliestDatestamp, persistent deletions`, async () => {
      const reply = await oai('verb=Identify', method);
      expect(reply.errors).toEqual([]);
      expect(reply.text('//o:baseURL')).toEqual([`${PUBLIC_URL}/oai`]);
      expect(reply.text('//o:adminEmail')).toEqual(['oai@catalogue.example.fr']);
      expect(reply.text('//o:deletedRecord')).toEqual(['persistent']);
      expect(reply.text('//o:granularity')).toEqual(['YYYY-MM-DDThh:mm:ssZ']);
      expect(reply.text('//id:repositoryIdentifier')).toEqual([HOST]);
      const { rows } = await sql<{ min: string }>`
        SELECT to_char(min(modified_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS min FROM resources`.execute(
        database.db,
      );
      expect(reply.text('//o:earliestDatestamp')).toEqual([rows[0]!.min]);
      expect(reply.request).toEqual({ verb: 'Identify' });
    });
  }

  it('ListMetadataFormats, for the repository and for one item; an unknown item is idDoesNotExist', async () => {
    const all = await oai('verb=ListMetadataFormats');
    expect(all.text('//o:metadataPrefix')).toEqual(['oai_dc', 'scolomfr']);
    const identifier = await identifierOf(1);
    const one = await oai(`verb=ListMetadataFormats&identifier=${encodeURIComponent(identifier)}`, 'POST');
    expect(one.text('//o:metadataPrefix')).toEqual(['oai_dc', 'scolomfr']);
    expect(one.request).toEqual({ verb: 'ListMetadataFormats', identifier });
    expect(codes(await oai('verb=ListMetadataFormats&identifier=oai:elsewhere:1'))).toEqual([
      'idDoesNotExist',
    ]);
  });
});

describe('GetRecord', () => {
  for (const method of ['GET', 'POST'] as const) {
    it(`gives oai_dc and scolomfr records by ${method}, each valid against its schema`, async () => {
      const row = await database.db
        .selectFrom('resources')
        .select(['id', 'identifier', 'title'])
        .where('withdrawn_at', 'is', null)
        .orderBy('id')
        .executeTakeFirstOrThrow();
      const identifier = `oai:${HOST}:${row.identifier}`;
      const dc = await oai(`verb=GetRecord&metadataPrefix=oai_dc&identifier=${identifier}`, method);
      expect(dc.errors).toEqual([]);
      expect(dc.text('//dc:title')).toEqual([row.title]);
      expect(dc.text('//dc:identifier')).toEqual([`${PUBLIC_URL}/ressources/${row.id}`]);
      expect(dc.text('//dc:publisher')).toHaveLength(1);
      expect(dc.text('//dc:rights')).toHaveLength(1);
      const lom = await oai(`verb=GetRecord&metadataPrefix=scolomfr&identifier=${identifier}`, method);
      expect(lom.text('//lom:lom/lom:general/lom:identifier/lom:entry')).toEqual([row.identifier]);
    });
  }

  it('escapes the text of a record', async () => {
    const id = await insertResource('oai-escape');
    const reply = await oai(`verb=GetRecord&metadataPrefix=oai_dc&identifier=${await identifierOf(id)}`);
    expect(reply.text('//dc:title')).toEqual(['Nouvelle <ressource> & co']);
    expect(reply.xml).toContain('Nouvelle &lt;ressource&gt; &amp; co');
  });

  it('says idDoesNotExist, cannotDisseminateFormat, badArgument', async () => {
    const identifier = await identifierOf(1);
    expect(
      codes(await oai('verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:catalogue.example.fr:nope')),
    ).toEqual(['idDoesNotExist']);
    const format = await oai(`verb=GetRecord&metadataPrefix=marc21&identifier=${identifier}`);
    expect(codes(format)).toEqual(['cannotDisseminateFormat']);
    expect(format.request).toEqual({ verb: 'GetRecord', metadataPrefix: 'marc21', identifier });
    const missing = await oai(`verb=GetRecord&identifier=${identifier}`);
    expect(codes(missing)).toEqual(['badArgument']);
    expect(missing.request).toEqual({});
    expect(codes(await oai('verb=GetRecord&metadataPrefix=oai_dc'))).toEqual(['badArgument']);
    expect(
      codes(await oai(`verb=GetRecord&metadataPrefix=oai_dc&identifier=${identifier}&from=2020-01-01`)),
    ).toEqual(['badArgument']);
    expect(
      codes(await oai(`verb=GetRecord&metadataPrefix=oai_dc&metadataPrefix=oai_dc&identifier=${identifier}`)),
    ).toEqual(['badArgument']);
  });

  it('gives a withdrawn resource as a deleted header without metadata', async () => {
    const id = await insertResource('oai-withdrawn');
    await sql`UPDATE resources SET withdrawn_at = now() WHERE id = ${id}`.execute(database.db);
    const reply = await oai(`verb=GetRecord&metadataPrefix=scolomfr&identifier=${await identifierOf(id)}`);
    expect(reply.headers).toMatchObject([{ deleted: true }]);
    expect(reply.text('//o:metadata')).toEqual([]);
  });
});

describe('verbs and arguments', () => {
  it('badVerb: missing, unknown, repeated verb; no argument echoed', async () => {
    for (const query of ['', 'verb=Frobnicate', 'verb=Identify&verb=Identify', 'verb=identify']) {
      for (const method of ['GET', 'POST'] as const) {
        const reply = await oai(query, method);
        expect(codes(reply), query).toEqual(['badVerb']);
        expect(reply.request).toEqual({});
      }
    }
  });

  it('badArgument: illegal, repeated, malformed, or not exclusive with resumptionToken', async () => {
    for (const query of [
      'verb=Identify&foo=bar',
      'verb=Identify&identifier=x',
      'verb=ListSets&set=cost',
      'verb=ListRecords',
      'verb=ListIdentifiers&metadataPrefix=oai_dc&from=2020-01-01&from=2020-01-02',
      'verb=ListRecords&metadataPrefix=oai_dc&from=2020-13-01',
      'verb=ListRecords&metadataPrefix=oai_dc&from=2020-02-30',
      'verb=ListRecords&metadataPrefix=oai_dc&until=yesterday',
      'verb=ListRecords&metadataPrefix=oai_dc&from=2020-01-01T00:00:00',
      'verb=ListRecords&metadataPrefix=oai_dc&from=2020-01-01T00:00:00.5Z',
      'verb=ListRecords&metadataPrefix=oai_dc&from=2020-01-01&until=2021-01-01T00:00:00Z',
      'verb=ListRecords&metadataPrefix=oai_dc&from=2021-01-01&until=2020-01-01',
      'verb=ListRecords&metadataPrefix=oai_dc&resumptionToken=abc',
      'verb=ListIdentifiers&resumptionToken=abc&set=cost:yes',
      'verb=ListRecords&metadataPrefix=oai_dc&set=a%20b',
      'verb=ListRecords&metadataPrefix=%01',
    ]) {
      const reply = await oai(query);
      expect(codes(reply).length, query).toBeGreaterThan(0);
      expect(new Set(codes(reply)), query).toEqual(new Set(['badArgument']));
      expect(reply.request).toEqual({});
    }
  });

  it('cannotDisseminateFormat, noRecordsMatch, badResumptionToken for ListSets', async () => {
    expect(codes(await oai('verb=ListRecords&metadataPrefix=lom'))).toEqual(['cannotDisseminateFormat']);
    expect(codes(await oai('verb=ListIdentifiers&metadataPrefix=oai_dc&from=2100-01-01'))).toEqual([
      'noRecordsMatch',
    ]);
    expect(codes(await oai('verb=ListIdentifiers&metadataPrefix=oai_dc&until=1990-01-01'))).toEqual([
      'noRecordsMatch',
    ]);
    expect(codes(await oai('verb=ListRecords&metadataPrefix=oai_dc&set=discipline:unknown'))).toEqual([
      'noRecordsMatch',
    ]);
    expect(codes(await oai('verb=ListSets&resumptionToken=x'))).toEqual(['badResumptionToken']);
  });
});

describe('sets', () => {
  it('ListSets names disciplines, levels, producers and costs', async () => {
    for (const method of ['GET', 'POST'] as const) {
      const reply = await oai('verb=ListSets', method);
      const specs = reply.text('//o:setSpec');
      expect(specs).toContain('discipline:scolomfr-voc-015-num-054');
      expect(specs).toContain('level:scolomfr-voc-022-num-014');
      expect(specs).toContain('cost:yes');
      expect(specs).toContain('cost:no');
      const producers = await database.db.selectFrom('producers').select(['code', 'name']).execute();
      for (const producer of producers) expect(specs).toContain(`producer:${producer.code}`);
      const index = specs.indexOf('discipline:scolomfr-voc-015-num-054');
      expect(reply.text('//o:setName')[index]).toBe('Discipline : mathématiques');
    }
  });

  it('lists the records of a set, and only them', async () => {
    const cases: [string, ReturnType<typeof sql>][] = [
      ['discipline:scolomfr-voc-015-num-054', sql`'scolomfr-voc-015-num-054' = ANY(disciplines)`],
      ['cost:no', sql`cost = 'no'`],
      // A cycle holds its classes.
      [
        'level:scolomfr-voc-022-num-620',
        sql`levels && ARRAY['scolomfr-voc-022-num-620','scolomfr-voc-022-num-014','scolomfr-voc-022-num-015','scolomfr-voc-022-num-018']`,
      ],
    ];
    const producer = await database.db
      .selectFrom('producers')
      .select(['id', 'code'])
      .orderBy('id')
      .executeTakeFirstOrThrow();
    cases.push([`producer:${producer.code}`, sql`producer_id = ${producer.id}`]);
    for (const [set, where] of cases) {
      const expected = await resourceCount(where);
      expect(expected, set).toBeGreaterThan(0);
      const headers = await harvestHeaders(`metadataPrefix=oai_dc&set=${set}`);
      expect(headers.length, set).toBe(expected);
      for (const header of headers) expect(header.sets.some((s) => s === set)).toBe(true);
    }
  });
});

describe('source sets', () => {
  it('a harvested source is a set of its own: listed with its name, holding its resources only', async () => {
    const producer = await database.db
      .selectFrom('producers')
      .select('id')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const source = await database.db
      .insertInto('harvest_sources')
      .values({
        name: 'Éduthèque & co',
        base_url: 'https://oai.example.org/oai',
        prefix: 'oai_dc',
        producer_id: producer.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = await insertResource('oai-harvested');
    await sql`UPDATE resources SET source_id = ${source.id} WHERE id = ${id}`.execute(database.db);
    const sets = await oai('verb=ListSets');
    const index = sets.text('//o:setSpec').indexOf(`source:${source.id}`);
    expect(sets.text('//o:setName')[index]).toBe('Source : Éduthèque & co');
    const headers = await harvestHeaders(`metadataPrefix=oai_dc&set=source:${source.id}`);
    expect(headers.map((h) => h.identifier)).toEqual([await identifierOf(id)]);
    expect(headers[0]!.sets).toContain(`source:${source.id}`);
    expect((await harvestHeaders('metadataPrefix=oai_dc&set=source')).length).toBe(
      await resourceCount(sql`source_id IS NOT NULL`),
    );
    expect(codes(await oai('verb=ListIdentifiers&metadataPrefix=oai_dc&set=source:999999'))).toEqual([
      'noRecordsMatch',
    ]);
  });
});

/** Every header of a ListIdentifiers list, following its tokens. */
async function harvestHeaders(arguments_: string): Promise<Reply['headers']> {
  const headers: Reply['headers'] = [];
  let reply = await oai(`verb=ListIdentifiers&${arguments_}`);
  if (codes(reply).includes('noRecordsMatch')) return [];
  for (;;) {
    expect(reply.errors).toEqual([]);
    headers.push(...reply.headers);
    if (!reply.token?.value) return headers;
    reply = await oai(
      `verb=ListIdentifiers&resumptionToken=${encodeURIComponent(reply.token.value)}`,
      'POST',
    );
  }
}

describe('from and until', () => {
  it('select by day and by second, inclusive at both ends', async () => {
    const ids = [
      await insertResource('oai-day-1'),
      await insertResource('oai-day-2'),
      await insertResource('oai-day-3'),
    ];
    const at = ['2001-03-04T10:00:00Z', '2001-03-04T10:00:05Z', '2001-03-05T00:00:00Z'];
    for (const [i, id] of ids.entries()) {
      await sql`UPDATE resources SET modified_at = ${at[i]}::timestamptz WHERE id = ${id}`.execute(
        database.db,
      );
    }
    const list = async (query: string) =>
      (await harvestHeaders(`metadataPrefix=oai_dc&${query}`)).map((h) => h.datestamp);
    expect(await list('from=2001-03-04&until=2001-03-04')).toEqual([at[0], at[1]]);
    expect(await list('from=2001-03-04&until=2001-03-05')).toEqual(at);
    expect(await list('from=2001-03-04T10:00:05Z&until=2001-03-05T00:00:00Z')).toEqual([at[1], at[2]]);
    expect(await list('from=2001-03-04T10:00:01Z&until=2001-03-04T10:00:04Z')).toEqual([]);
    expect(await list('until=2001-03-04T10:00:00Z')).toEqual(
      (await list('until=2001-03-04T10:00:00Z')).filter((d) => d <= at[0]!),
    );
    const earliest = await oai('verb=Identify');
    expect(earliest.text('//o:earliestDatestamp')).toEqual(['2001-03-04T10:00:00Z']);
    const reply = await oai(
      'verb=ListRecords&metadataPrefix=oai_dc&from=2001-03-04T10:00:05Z&until=2001-03-04T10:00:05Z',
    );
    expect(reply.request).toEqual({
      verb: 'ListRecords',
      metadataPrefix: 'oai_dc',
      from: '2001-03-04T10:00:05Z',
      until: '2001-03-04T10:00:05Z',
    });
    expect(reply.headers.map((h) => h.identifier)).toEqual([await identifierOf(ids[1]!)]);
  });
});

describe('resumption tokens', () => {
  it('page ListRecords with completeListSize, cursor and expirationDate; the last page has an empty token', async () => {
    const total = await resourceCount();
    let reply = await oai('verb=ListRecords&metadataPrefix=scolomfr');
    const seen = new Set<string>();
    let cursor = 0;
    for (;;) {
      expect(reply.errors).toEqual([]);
      expect(reply.token?.cursor).toBe(String(cursor));
      expect(reply.token?.completeListSize).toBe(String(total));
      for (const header of reply.headers) seen.add(header.identifier);
      cursor += reply.headers.length;
      if (!reply.token?.value) break;
      expect(reply.headers).toHaveLength(PAGE.records);
      expect(Date.parse(reply.token.expirationDate ?? '')).toBeGreaterThan(Date.now());
      reply = await oai(`verb=ListRecords&resumptionToken=${encodeURIComponent(reply.token.value)}`);
    }
    expect(seen.size).toBe(total);
    expect(cursor).toBe(total);
  });

  it('compresses pages with gzip, which every harvester reads, even when brotli is offered', async () => {
    const plain = await app.inject({ method: 'GET', url: '/oai?verb=ListRecords&metadataPrefix=oai_dc' });
    const response = await app.inject({
      method: 'GET',
      url: '/oai?verb=ListRecords&metadataPrefix=oai_dc',
      headers: { 'accept-encoding': 'br, gzip, deflate' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBe('gzip');
    const unzipped = gunzipSync(response.rawPayload).toString('utf8');
    expect(unzipped.length).toBeGreaterThan(4 * response.rawPayload.length);
    // The same page (its dates and token aside, which the clock changes).
    const page = read(unzipped);
    expect(page.errors).toEqual([]);
    expect(page.headers.length).toBeGreaterThan(0);
    expect(page.headers).toEqual(read(plain.body).headers);
  });

  it('refuses a forged, altered, expired or other verb token with badResumptionToken', async () => {
    const first = await oai('verb=ListIdentifiers&metadataPrefix=oai_dc');
    const token = first.token!.value;
    const [payload = '', signature = ''] = token.split('.');
    const state = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const altered = Buffer.from(JSON.stringify({ ...state, afterId: 0, cursor: 0 })).toString('base64url');
    for (const forged of [
      `${altered}.${signature}`,
      'garbage',
      `${payload}.${'A'.repeat(43)}`,
      `${token}x`,
    ]) {
      const reply = await oai(`verb=ListIdentifiers&resumptionToken=${encodeURIComponent(forged)}`);
      expect(codes(reply)).toEqual(['badResumptionToken']);
      expect(reply.request).toEqual({ verb: 'ListIdentifiers', resumptionToken: forged });
    }
    expect(codes(await oai(`verb=ListRecords&resumptionToken=${encodeURIComponent(token)}`))).toEqual([
      'badResumptionToken',
    ]);
    clock.set(new Date(Date.now() + 2 * 60 * 60 * 1000));
    const expired = await oai(`verb=ListIdentifiers&resumptionToken=${encodeURIComponent(token)}`);
    expect(codes(expired)).toEqual(['badResumptionToken']);
    expect(expired.errors[0]!.message).toMatch(/expired/);
  });

  it('a harvest skips and repeats nothing while resources are added, changed and withdrawn; the next harvest gets them', async () => {
    const before = await sql<{ identifier: string }>`SELECT identifier FROM resources`.execute(database.db);
    const atStart = new Set(before.rows.map((row) => `oai:${HOST}:${row.identifier}`));
    let reply = await oai('verb=ListIdentifiers&metadataPrefix=oai_dc');
    const harvestStart = reply.text('//o:responseDate')[0]!;
    const seen: string[] = [];
    const added: string[] = [];
    const changed: string[] = [];
    const withdrawn: string[] = [];
    let page = 0;
    for (;;) {
      expect(reply.errors).toEqual([]);
      seen.push(...reply.headers.map((h) => h.identifier));
      if (!reply.token?.value) break;
      page += 1;
      // Between pages: a new resource, a change to one already sent and to one not sent yet, a withdrawal.
      added.push(await identifierOf(await insertResource(`oai-during-${page}`)));
      const sentId = Number(
        (
          await database.db
            .selectFrom('resources')
            .select('id')
            .where('identifier', '=', seen[0]!.split(':').at(-1)!)
            .executeTakeFirstOrThrow()
        ).id,
      );
      await sql`UPDATE resources SET title = title || ' (mis à jour)' WHERE id = ${sentId}`.execute(
        database.db,
      );
      changed.push(await identifierOf(sentId));
      const { rows } = await sql<{ id: number }>`
        SELECT id FROM resources WHERE withdrawn_at IS NULL ORDER BY modified_at DESC, id DESC OFFSET 3 LIMIT 1`.execute(
        database.db,
      );
      await sql`UPDATE resources SET withdrawn_at = now() WHERE id = ${rows[0]!.id}`.execute(database.db);
      withdrawn.push(await identifierOf(rows[0]!.id));
      reply = await oai(`verb=ListIdentifiers&resumptionToken=${encodeURIComponent(reply.token.value)}`);
    }
    expect(page).toBeGreaterThan(3);
    expect(new Set(seen).size).toBe(seen.length); // nothing repeated
    const notSeen = [...atStart].filter((identifier) => !seen.includes(identifier));
    // What was not seen is exactly what changed during the harvest before it was reached.
    for (const identifier of notSeen) expect([...changed, ...withdrawn]).toContain(identifier);
    for (const identifier of added) expect(seen).not.toContain(identifier);

    // The next harvest, from the first one's start, has every change.
    const next = await harvestHeaders(`metadataPrefix=oai_dc&from=${harvestStart}`);
    const nextIds = next.map((h) => h.identifier);
    for (const identifier of [...added, ...changed, ...withdrawn]) expect(nextIds).toContain(identifier);
    for (const identifier of withdrawn)
      expect(next.find((h) => h.identifier === identifier)?.deleted).toBe(true);
    expect(new Set([...seen, ...nextIds]).size).toBe(await resourceCount());
  });
});

describe('an independent harvester (npm oai-pmh by PaperHive)', () => {
  it('lists identifiers and records across resumption tokens, as the database holds them', async () => {
    const { OaiPmh } = await import('oai-pmh');
    const client = new OaiPmh(`${baseUrl}/oai`);
    expect((await client.identify()).baseURL).toBe(`${PUBLIC_URL}/oai`);
    const identifiers: string[] = [];
    for await (const header of client.listIdentifiers({ metadataPrefix: 'oai_dc' }))
      identifiers.push(header.identifier);
    const rows = await sql<{ identifier: string }>`SELECT identifier FROM resources`.execute(database.db);
    expect(new Set(identifiers)).toEqual(new Set(rows.rows.map((row) => `oai:${HOST}:${row.identifier}`)));
    expect(identifiers.length).toBe(rows.rows.length);
    const records: string[] = [];
    for await (const record of client.listRecords({ metadataPrefix: 'oai_dc', set: 'cost:yes' })) {
      records.push(record.header.identifier);
    }
    expect(records.length).toBe(await resourceCount(sql`cost = 'yes'`));
    expect(records.length).toBeGreaterThan(PAGE.records);
  });
});

describe('datestamps', () => {
  it('move when a resource really changes or is withdrawn, not on an update that changes nothing', async () => {
    const id = await insertResource('oai-datestamp');
    const stamp = async () =>
      (
        await sql<{ at: string }>`SELECT modified_at::text AS at FROM resources WHERE id = ${id}`.execute(
          database.db,
        )
      ).rows[0]!.at;
    const created = await stamp();
    await sql`UPDATE resources SET title = title WHERE id = ${id}`.execute(database.db);
    expect(await stamp()).toBe(created);
    await sql`UPDATE resources SET title = 'Autre titre' WHERE id = ${id}`.execute(database.db);
    const changed = await stamp();
    expect(changed > created).toBe(true);
    await sql`UPDATE resources SET withdrawn_at = now() WHERE id = ${id}`.execute(database.db);
    expect((await stamp()) > changed).toBe(true);
  });
});

describe('any request', () => {
  it('is answered 200 with a valid OAI-PMH envelope, never a 500 (fast-check, GET and POST)', async () => {
    const names = fc.constantFrom(
      'verb',
      'metadataPrefix',
      'identifier',
      'from',
      'until',
      'set',
      'resumptionToken',
      'foo',
    );
    const values = fc.oneof(
      fc.constantFrom(
        'Identify',
        'ListMetadataFormats',
        'ListSets',
        'GetRecord',
        'ListIdentifiers',
        'ListRecords',
        'oai_dc',
        'scolomfr',
        '2020-01-01',
        '2020-01-01T00:00:00Z',
        '2100-12-31T23:59:59Z',
        'cost:yes',
        'level:scolomfr-voc-022-num-620',
        `oai:${HOST}:x`,
        '',
      ),
      fc.string(),
      fc.string({ unit: 'binary' }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(names, values), { maxLength: 6 }),
        fc.constantFrom('GET' as const, 'POST' as const),
        async (pairs, method) => {
          const query = new URLSearchParams(pairs).toString();
          const response =
            method === 'GET'
              ? await app.inject({ method, url: `/oai?${query}` })
              : await app.inject({
                  method,
                  url: '/oai',
                  headers: { 'content-type': 'application/x-www-form-urlencoded' },
                  payload: query,
                });
          const sent = [...new URLSearchParams(query)];
          if (sent.some(([name, value]) => isHostileText(name) || isHostileText(value))) {
            expect(response.statusCode).toBe(400); // the hostile-input guard, before any handler
            return;
          }
          expect(response.statusCode, query).toBe(200);
          read(response.body);
        },
      ),
      // FUZZ_RUNS (test/fuzz's variable) runs more, e.g. FUZZ_RUNS=3000.
      { numRuns: Number(process.env.FUZZ_RUNS ?? 150) },
    );
  });
});
