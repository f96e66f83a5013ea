// The OAI-PMH harvester against remote sources played by a local HTTP server: a good ScoLOMfr source
// (two pages, a deleted record, then an incremental harvest that updates one record and deletes
// another), a Dublin Core source, a source whose records go to the experts, and every bad input of the
// issue. Each bad source answers a good first page, then misbehaves: the run fails with a clear
// message in its log, the first page's record stays, nothing of the second page is written.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presentResource } from '../../src/modules/catalogue/catalogue.presenter.js';
import { getResourceWithOffers } from '../../src/modules/catalogue/catalogue.service.js';
import { CatalogueSearch } from '../../src/modules/catalogue/search.service.js';
import { parseSearchQuery } from '../../src/modules/catalogue/search-query.js';
import { findSourceById, listRuns, type RunCounts } from '../../src/modules/harvest/harvest.repository.js';
import {
  registerSource,
  runHarvest,
  writeHarvestedRecords,
  type HarvestSummary,
  type SourceRegistration,
} from '../../src/modules/harvest/harvest.service.js';
import type { OaiClientOptions } from '../../src/modules/harvest/oai-client.js';
import { readNotice } from '../../src/modules/notices/scolomfr-notice.js';
import { parseNeed } from '../../src/web/pages/catalogue/need.js';
import { renderResourcePage } from '../../src/web/pages/catalogue/resource-page.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

let database: TestDatabase;
let search: CatalogueSearch;
let producerCode: string;
let server: http.Server;
let base: string;
let port: number;

const fixture = fs
  .readFileSync(new URL('../fixtures/scolomfr/volcans.xml', import.meta.url), 'utf8')
  .replace(/^<\?xml[^>]*\?>\s*/, '');

/** A ScoLOMfr notice with its own identifier and title (a unique word makes it findable). */
function lom(identifier: string, title: string, broken = false): string {
  let xml = fixture
    .replace('978-2-01-000001-7', identifier)
    .replace('Les volcans &amp; les séismes', title)
    // Free of charge, so no offer is needed.
    .replace('<value>yes</value>', '<value>no</value>');
  if (broken) xml = xml.replace('<language>fre</language>', '<language>fre</language><bogus>x</bogus>');
  return xml;
}

const record = (id: string, datestamp: string, metadata: string) =>
  `<record><header><identifier>${id}</identifier><datestamp>${datestamp}</datestamp></header><metadata>${metadata}</metadata></record>`;
const deleted = (id: string, datestamp: string) =>
  `<record><header status="deleted"><identifier>${id}</identifier><datestamp>${datestamp}</datestamp></header></record>`;
const token = (value: string) =>
  `<resumptionToken completeListSize="3" cursor="0">${value}</resumptionToken>`;

const envelope = (verb: string, body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-12-05T12:00:00Z</responseDate><request verb="${verb}">${base}</request><${verb}>${body}</${verb}></OAI-PMH>`;
const oaiError = (code: string, text: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-12-05T12:00:00Z</responseDate><request>${base}</request><error code="${code}">${text}</error></OAI-PMH>`;
const identify = (granularity = 'YYYY-MM-DD') =>
  envelope(
    'Identify',
    `<repositoryName>Source de test</repositoryName><baseURL>${base}</baseURL><protocolVersion>2.0</protocolVersion><adminEmail>oai@exemple.fr</adminEmail><earliestDatestamp>2020-01-01</earliestDatestamp><deletedRecord>persistent</deletedRecord><granularity>${granularity}</granularity>`,
  );

type Handler = (
  params: URLSearchParams,
  response: http.ServerResponse,
  request: http.IncomingMessage,
) => void;

const requests: Record<string, URLSearchParams[]> = {};
const handlers: Record<string, Handler> = {};
let goodPhase = 1;

function sendXml(response: http.ServerResponse, body: string, status = 200): void {
  response.writeHead(status, { 'content-type': 'text/xml; charset=utf-8' });
  response.end(body);
}

/** A source whose first page holds one good record and whose second page is `second`. */
function badSource(name: string, second: Handler): void {
  handlers[name] = (params, response, request) => {
    if (params.get('verb') === 'Identify') return sendXml(response, identify());
    if (params.get('resumptionToken') === 'p2') return second(params, response, request);
    sendXml(
      response,
      envelope(
        'ListRecords',
        record(`oai:${name}:1`, '2026-11-01', lom(`${name}-1`, `Premier ${name}`)) + token('p2'),
      ),
    );
  };
}

handlers.good = (params, response) => {
  const verb = params.get('verb');
  if (verb === 'Identify') return sendXml(response, identify());
  if (goodPhase === 2) {
    // The incremental harvest: one record changed, one deleted at the source.
    return sendXml(
      response,
      envelope(
        'ListRecords',
        record('oai:good:a', '2026-11-10', lom('good-a', 'Zyxmagma revu et corrigé')) +
          deleted('oai:good:b', '2026-11-10'),
      ),
    );
  }
  if (params.get('resumptionToken') === 'page-2') {
    return sendXml(
      response,
      envelope(
        'ListRecords',
        record('oai:good:c', '2026-11-03', lom('good-c', 'Zyxcratere des volcans')) +
          deleted('oai:good:never-seen', '2026-11-02') +
          '<resumptionToken completeListSize="4" cursor="2"/>',
      ),
    );
  }
  sendXml(
    response,
    envelope(
      'ListRecords',
      record('oai:good:a', '2026-11-01', lom('good-a', 'Zyxmagma et volcans')) +
        record('oai:good:b', '2026-11-02', lom('good-b', 'Zyxbasalte des volcans')) +
        record('oai:good:broken', '2026-11-02', lom('good-broken', 'Notice cassée', true)) +
        token('page-2'),
    ),
  );
};

handlers.dc = (params, response) => {
  if (params.get('verb') === 'Identify') return sendXml(response, identify('YYYY-MM-DDThh:mm:ssZ'));
  sendXml(
    response,
    envelope(
      'ListRecords',
      record(
        'oai:dc:1',
        '2026-11-05T10:00:00Z',
        `<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/">
          <dc:title>Zyxphotosynthese en images</dc:title>
          <dc:description>Une animation sur la photosynthèse.</dc:description>
          <dc:subject>photosynthèse</dc:subject><dc:subject>végétal</dc:subject>
          <dc:type>InteractiveResource</dc:type>
          <dc:date>2025-03-14</dc:date>
          <dc:identifier>https://ressources.exemple.fr/photosynthese</dc:identifier>
          <dc:language>fre</dc:language>
          <dc:rights>https://creativecommons.org/licenses/by-sa/4.0/</dc:rights>
        </oai_dc:dc>`,
      ),
    ),
  );
};

handlers.review = (params, response) => {
  if (params.get('verb') === 'Identify') return sendXml(response, identify());
  sendXml(
    response,
    envelope('ListRecords', record('oai:review:1', '2026-11-01', lom('review-1', 'Zyxrevue'))),
  );
};

handlers.inplace = (params, response) => {
  if (params.get('verb') === 'Identify') return sendXml(response, identify());
  sendXml(
    response,
    envelope(
      'ListRecords',
      record('oai:inplace:1', '2026-11-01', lom('inplace-1', 'Zyxpremier en place')) +
        '\n' +
        record('oai:inplace:2', '2026-11-01', lom('inplace-2', 'Zyxsecond en place', true)) +
        record('oai:inplace:3', '2026-11-01', '<dc xmlns="urn:autre-format"><title>Autre</title></dc>'),
    ),
  );
};

handlers.dup = (params, response) => {
  if (params.get('verb') === 'Identify') return sendXml(response, identify());
  sendXml(
    response,
    envelope(
      'ListRecords',
      record('oai:dup:1', '2026-11-01', lom('dup-1', 'Premier')) +
        record('oai:dup:2', '2026-11-01', lom('dup-1', 'Homonyme')) +
        record('oai:dup:3', '2026-11-01', lom('good-a', 'Reprise d’une autre source')),
    ),
  );
};

/** An OAI identifier far past what a btree index row may hold: the database refuses that record alone. */
const refusedIdentifier = `oai:refuse:${crypto.randomBytes(9000).toString('base64url')}`;
handlers.refuse = (params, response) => {
  if (params.get('verb') === 'Identify') return sendXml(response, identify());
  sendXml(
    response,
    envelope(
      'ListRecords',
      record('oai:refuse:1', '2026-11-01', lom('refuse-1', 'Premier accepté')) +
        record(refusedIdentifier, '2026-11-01', lom('refuse-2', 'Refusé par la base')) +
        record('oai:refuse:3', '2026-11-01', lom('refuse-3', 'Troisième accepté')),
    ),
  );
};

/** Three pages; the third fails (HTTP 500) until `midrunFailing` is false. */
let midrunFailing = true;
handlers.midrun = (params, response) => {
  if (params.get('verb') === 'Identify') return sendXml(response, identify());
  const page = params.get('resumptionToken') ?? 'm1';
  if (page === 'm3' && midrunFailing) {
    response.writeHead(500);
    return response.end();
  }
  const next = { m1: 'm2', m2: 'm3', m3: '' }[page] ?? '';
  sendXml(
    response,
    envelope(
      'ListRecords',
      record(`oai:midrun:${page}a`, '2026-11-01', lom(`midrun-${page}a`, `Page ${page} a`)) +
        record(`oai:midrun:${page}b`, '2026-11-01', lom(`midrun-${page}b`, `Page ${page} b`)) +
        (next ? token(next) : ''),
    ),
  );
};

/** Dublin Core whose namespaces are declared on the envelope, not on the record's metadata. */
handlers.dcenvelope = (params, response) => {
  if (params.get('verb') === 'Identify') return sendXml(response, identify());
  sendXml(
    response,
    `<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/"><responseDate>2026-12-05T12:00:00Z</responseDate><request verb="ListRecords">${base}</request><ListRecords>${record(
      'oai:dcenvelope:1',
      '2026-11-01',
      '<oai_dc:dc><dc:title>Zyxenveloppe</dc:title><dc:identifier>https://ressources.exemple.fr/enveloppe</dc:identifier><dc:language>fre</dc:language></oai_dc:dc>',
    )}</ListRecords></OAI-PMH>`,
  );
};

handlers.empty = (params, response) => {
  if (params.get('verb') === 'Identify') return sendXml(response, identify());
  sendXml(response, oaiError('noRecordsMatch', 'Rien de neuf.'));
};

badSource('html', (_params, response) => {
  response.writeHead(200, { 'content-type': 'text/html' });
  response.end('<!DOCTYPE html><html><body>Maintenance</body></html>');
});
let failing500 = true;
badSource('error500', (params, response) => {
  if (failing500) {
    response.writeHead(500);
    return response.end('Internal Server Error');
  }
  sendXml(
    response,
    envelope('ListRecords', record('oai:error500:2', '2026-11-02', lom('error500-2', 'Second'))),
  );
});
badSource('timeout', () => {
  // Never answers.
});
const unavailableTimes: number[] = [];
badSource('unavailable', (_params, response) => {
  unavailableTimes.push(Date.now());
  if (unavailableTimes.length === 1) {
    response.writeHead(503, { 'retry-after': '1' });
    return response.end();
  }
  sendXml(
    response,
    envelope('ListRecords', record('oai:unavailable:2', '2026-11-02', lom('unavailable-2', 'Second'))),
  );
});
badSource('loop', (_params, response) =>
  sendXml(
    response,
    envelope('ListRecords', record('oai:loop:2', '2026-11-02', lom('loop-2', 'Second')) + token('p2')),
  ),
);
badSource('expired', (_params, response) =>
  sendXml(response, oaiError('badResumptionToken', 'Jeton expiré.')),
);
badSource('malformed', (_params, response) =>
  sendXml(response, envelope('ListRecords', '<record><header><identifier>x</identifier>')),
);
badSource('xxe', (_params, response) =>
  sendXml(
    response,
    `<?xml version="1.0"?><!DOCTYPE OAI-PMH [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords>${record('oai:xxe:2', '2026-11-02', '<x>&xxe;</x>')}</ListRecords></OAI-PMH>`,
  ),
);
badSource('laughs', (_params, response) =>
  sendXml(
    response,
    `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords><x>&lol3;</x></ListRecords></OAI-PMH>`,
  ),
);
const huge = { sent: 0, finished: false, closed: false };
badSource('huge', (_params, response) => {
  // A reply that never ends (up to 1 GB): the harvester must stop reading at its limit.
  response.writeHead(200, { 'content-type': 'text/xml' });
  const chunk = Buffer.alloc(64 * 1024, 'a');
  response.write(
    '<?xml version="1.0"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords><x>',
  );
  response.on('close', () => {
    huge.closed = true;
  });
  const pump = () => {
    while (!response.destroyed && huge.sent < 1_000_000_000) {
      huge.sent += chunk.length;
      if (!response.write(chunk)) return response.once('drain', pump);
    }
    if (!response.destroyed) {
      huge.finished = true;
      response.end('</x></ListRecords></OAI-PMH>');
    }
  };
  pump();
});
const redirectTarget = () => `http://localhost:${port}/redirected/oai?verb=ListRecords&resumptionToken=p2`;
for (const name of ['redirect', 'redirect-allowed']) {
  badSource(name, (_params, response) => {
    response.writeHead(302, { location: redirectTarget() });
    response.end();
  });
}
handlers.redirected = (_params, response) =>
  sendXml(
    response,
    envelope('ListRecords', record('oai:redirect:2', '2026-11-02', lom('redirect-2', 'Redirigé'))),
  );

async function searchCount(query: string): Promise<number> {
  await search.refreshed();
  return (await search.search(parseSearchQuery({ q: query }))).total;
}

const fast: OaiClientOptions = { timeoutMs: 2_000, retries: 2, backoffMs: 10 };

async function harvest(
  name: string,
  registration: Partial<SourceRegistration> = {},
  client: OaiClientOptions = fast,
): Promise<HarvestSummary> {
  const source = await registerSource(database.db, {
    name,
    baseUrl: `${base}/${name}/oai`,
    producerCode,
    ...registration,
  });
  return runHarvest(database.db, source.id, { client });
}

async function resourcesOf(name: string) {
  return database.db
    .selectFrom('resources as r')
    .innerJoin('harvest_sources as s', 's.id', 'r.source_id')
    .select(['r.id', 'r.identifier', 'r.title', 'r.origin', 'r.withdrawn_at', 'r.source_record_id'])
    .where('s.name', '=', name)
    .orderBy('r.source_record_id')
    .execute();
}

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const url = new URL(request.url!, 'http://localhost');
    const name = url.pathname.split('/')[1]!;
    const params = url.searchParams;
    (requests[name] ??= []).push(params);
    const handler = handlers[name];
    if (!handler) {
      response.writeHead(404);
      return response.end();
    }
    handler(params, response, request);
  });
  await new Promise<void>((resolve) => server.listen(0, resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  database = await createTestDatabase();
  producerCode = (
    await database.db.selectFrom('producers').select('code').orderBy('id').executeTakeFirstOrThrow()
  ).code;
  search = new CatalogueSearch(database.db, { firstBuildWaitMs: 60_000 });
  await search.warmUp();
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await search?.close();
  await database?.close();
});

describe('a good ScoLOMfr source', () => {
  it('takes both pages through the notices’ rules, rejects a broken record with its reasons, logs the run', async () => {
    const summary = await harvest('good');
    expect(summary).toMatchObject({
      status: 'succeeded',
      error: null,
      harvested: 5,
      created: 3,
      updated: 0,
      deleted: 0,
      rejected: 1,
      lastDatestamp: '2026-11-03',
    });
    expect(summary.rejections).toEqual([
      { identifier: 'oai:good:broken', reasons: [expect.stringContaining('bogus')] },
    ]);
    const resources = await resourcesOf('good');
    expect(
      resources.map((resource) => [resource.source_record_id, resource.identifier, resource.origin]),
    ).toEqual([
      ['oai:good:a', 'good-a', 'harvested'],
      ['oai:good:b', 'good-b', 'harvested'],
      ['oai:good:c', 'good-c', 'harvested'],
    ]);
    const [run] = await listRuns(database.db, (await sourceId('good'))!);
    expect(run).toMatchObject({ status: 'succeeded', harvested: 5, created: 3, rejected: 1, error: null });
    expect(run!.ended_at).not.toBeNull();
    expect(run!.rejections).toHaveLength(1);
    // The first request had no from; the second followed the token.
    expect(requests.good!.filter((params) => params.get('verb') === 'ListRecords').map(String)).toEqual([
      'verb=ListRecords&metadataPrefix=scolomfr',
      'verb=ListRecords&resumptionToken=page-2',
    ]);
    expect(await searchCount('zyxbasalte')).toBe(1);
    // Harvested records skip the experts: no notice was made.
    const notices = await database.db
      .selectFrom('notices')
      .select('id')
      .where('identifier', 'like', 'good-%')
      .execute();
    expect(notices).toEqual([]);
    const link = await database.db
      .selectFrom('resources')
      .select('source_record_url')
      .where('identifier', '=', 'good-a')
      .executeTakeFirstOrThrow();
    expect(link.source_record_url).toBe(
      `${base}/good/oai?verb=GetRecord&metadataPrefix=scolomfr&identifier=oai%3Agood%3Aa`,
    );
  });

  it('harvests again from the last datestamp: an update, and a deletion withdrawn out of search', async () => {
    goodPhase = 2;
    requests.good = [];
    const id = (await sourceId('good'))!;
    const summary = await runHarvest(database.db, id, { client: fast });
    expect(summary).toMatchObject({ status: 'succeeded', harvested: 2, created: 0, updated: 1, deleted: 1 });
    expect(requests.good.find((params) => params.get('verb') === 'ListRecords')!.get('from')).toBe(
      '2026-11-03',
    );
    const resources = await resourcesOf('good');
    expect(resources.find((resource) => resource.identifier === 'good-a')!.title).toBe(
      'Zyxmagma revu et corrigé',
    );
    expect(resources.find((resource) => resource.identifier === 'good-b')!.withdrawn_at).not.toBeNull();
    expect(await searchCount('zyxbasalte')).toBe(0);
    expect(await searchCount('zyxcratere')).toBe(1);
    const source = await database.db
      .selectFrom('harvest_sources')
      .select(['last_datestamp', 'resumption_token', 'granularity'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(source).toEqual({
      last_datestamp: '2026-11-10',
      resumption_token: null,
      granularity: 'YYYY-MM-DD',
    });
  });
});

describe('where a harvested resource came from', () => {
  it('"source" is a search facet: its values count the live resources of each source, and filter', async () => {
    await search.refreshed();
    const all = await search.search(parseSearchQuery({}));
    expect(all.facets.source.find((value) => value.value === 'good')).toMatchObject({
      label: 'good',
      count: 2,
    });
    const filtered = await search.search(parseSearchQuery({ source: 'good' }));
    expect(filtered.total).toBe(2);
    expect(filtered.items.map((item) => item.title).sort()).toEqual([
      'Zyxcratere des volcans',
      'Zyxmagma revu et corrigé',
    ]);
  });

  it('the API and the resource page name the source and link the source record', async () => {
    const { resource, offers } = await getResourceWithOffers(database.db, 'good-c');
    const presented = presentResource(resource, offers);
    const recordUrl = `${base}/good/oai?verb=GetRecord&metadataPrefix=scolomfr&identifier=oai%3Agood%3Ac`;
    expect(presented).toMatchObject({ origin: 'harvested', source: { name: 'good', recordUrl } });
    const html = renderResourcePage(presented, parseNeed({}));
    expect(html).toContain('notice moissonnée');
    expect(html).toContain(`href="${recordUrl.replace(/&/g, '&amp;')}"`);
    const published = await getResourceWithOffers(database.db, (await resourcesOfProducer())!);
    expect(presentResource(published.resource, published.offers).source).toBeNull();
  });
});

async function resourcesOfProducer(): Promise<string | undefined> {
  return (
    await database.db
      .selectFrom('resources')
      .select('identifier')
      .where('source_id', 'is', null)
      .orderBy('id')
      .executeTakeFirst()
  )?.identifier;
}

async function sourceId(name: string): Promise<number | undefined> {
  return (
    await database.db.selectFrom('harvest_sources').select('id').where('name', '=', name).executeTakeFirst()
  )?.id;
}

describe('other sources', () => {
  it('maps a Dublin Core record to the notice fields; the source’s defaults fill cost', async () => {
    const summary = await harvest('dc', { prefix: 'oai_dc' });
    expect(summary).toMatchObject({
      status: 'succeeded',
      created: 1,
      rejected: 0,
      lastDatestamp: '2026-11-05T10:00:00Z',
    });
    const resource = await database.db
      .selectFrom('resources')
      .select([
        'identifier',
        'title',
        'keywords',
        'languages',
        'licence',
        'cost',
        'origin',
        'demo_url',
        'updated_on',
      ])
      .where('identifier', '=', 'https://ressources.exemple.fr/photosynthese')
      .executeTakeFirstOrThrow();
    expect(resource).toMatchObject({
      title: 'Zyxphotosynthese en images',
      keywords: ['photosynthèse', 'végétal', 'InteractiveResource'],
      languages: ['fr'],
      licence: 'cc-by-sa',
      cost: 'no',
      origin: 'harvested',
      demo_url: 'https://ressources.exemple.fr/photosynthese',
    });
    expect(await searchCount('zyxphotosynthese')).toBe(1);
  });

  it('sends the records of a source that needs review to the experts as notices', async () => {
    const summary = await harvest('review', { needsReview: true });
    expect(summary).toMatchObject({ status: 'succeeded', created: 1 });
    expect(await resourcesOf('review')).toEqual([]);
    const notice = await database.db
      .selectFrom('notices')
      .select(['status', 'title'])
      .where('identifier', '=', 'review-1')
      .executeTakeFirstOrThrow();
    expect(notice).toEqual({ status: 'submitted', title: 'Zyxrevue' });
    // The experts get the record as a notice of its own: standalone ScoLOMfr, which reads as it came.
    const version = await database.db
      .selectFrom('notice_versions')
      .innerJoin('notices', 'notices.id', 'notice_versions.notice_id')
      .select(['notice_versions.source_format', 'notice_versions.source'])
      .where('notices.identifier', '=', 'review-1')
      .executeTakeFirstOrThrow();
    expect(version.source_format).toBe('scolomfr');
    expect(version.source).toMatch(/^<lom xmlns="http:\/\/ltsc\.ieee\.org\/xsd\/LOM"/);
    const reading = readNotice(version.source);
    expect(reading.errors).toEqual([]);
    expect(reading.fields).toMatchObject({ identifier: 'review-1', title: 'Zyxrevue' });
  });

  it('reads each record where it stands in the page: lines counted from the record, another format refused', async () => {
    const summary = await harvest('inplace');
    expect(summary).toMatchObject({ status: 'succeeded', harvested: 3, created: 1, rejected: 2 });
    // The line of <bogus> within the record, not within the page (a record precedes it, a line above).
    const bogusLine =
      lom('inplace-2', 'x', true)
        .split('\n')
        .findIndex((line) => line.includes('<bogus>')) + 1;
    expect(bogusLine).toBeGreaterThan(1);
    expect(summary.rejections).toEqual([
      {
        identifier: 'oai:inplace:2',
        reasons: [expect.stringMatching(new RegExp(`bogus.*ligne ${bogusLine}\\)`))],
      },
      {
        identifier: 'oai:inplace:3',
        reasons: [expect.stringContaining('doivent être un élément « lom »')],
      },
    ]);
    expect(await searchCount('zyxpremier')).toBe(1);
  });

  it('never takes over a resource another record made: the record is rejected, the others go on', async () => {
    const summary = await harvest('dup');
    expect(summary).toMatchObject({ status: 'succeeded', created: 1, rejected: 2 });
    expect(summary.rejections).toEqual([
      {
        identifier: 'oai:dup:2',
        reasons: [expect.stringMatching(/« dup-1 » est déjà celui d’une ressource moissonnée \(oai:dup:1\)/)],
      },
      { identifier: 'oai:dup:3', reasons: [expect.stringMatching(/« good-a » est déjà celui/)] },
    ]);
    const taken = await database.db
      .selectFrom('resources')
      .select(['title', 'source_record_id'])
      .where('identifier', '=', 'good-a')
      .executeTakeFirstOrThrow();
    expect(taken).toEqual({ title: 'Zyxmagma revu et corrigé', source_record_id: 'oai:good:a' });
  });

  it('takes noRecordsMatch as an empty harvest', async () => {
    expect(await harvest('empty')).toMatchObject({ status: 'succeeded', harvested: 0 });
  });
});

describe('bad input: the run fails and says why, the first page stays, nothing else is written', () => {
  const cases: [string, RegExp, OaiClientOptions?][] = [
    ['html', /page HTML/],
    ['error500', /HTTP 500/],
    ['timeout', /délai dépassé/, { timeoutMs: 300, retries: 1, backoffMs: 10 }],
    ['loop', /même jeton de reprise/],
    ['expired', /badResumptionToken/],
    ['malformed', /XML mal formé/],
    ['xxe', /DOCTYPE/],
    ['laughs', /DOCTYPE/],
    ['huge', /dépasse 1 Mo/, { timeoutMs: 60_000, retries: 0, maxBytes: 1_000_000 }],
    ['redirect', /Redirection refusée vers un autre hôte \(localhost:\d+\)/],
  ];
  it.each(cases)('%s', async (name, message, client) => {
    const summary = await harvest(name, {}, client ?? fast);
    expect(summary.status).toBe('failed');
    expect(summary.error).toMatch(message);
    const [run] = await listRuns(database.db, (await sourceId(name))!);
    expect(run).toMatchObject({ status: 'failed', error: summary.error });
    expect(run!.ended_at).not.toBeNull();
    // The loop's second page was read whole before its token repeated: its record is kept too.
    const kept = (await resourcesOf(name)).map((resource) => resource.source_record_id);
    expect(kept).toEqual(name === 'loop' ? [`oai:${name}:1`, 'oai:loop:2'] : [`oai:${name}:1`]);
    // Where to resume: the token of the page that failed.
    const source = await database.db
      .selectFrom('harvest_sources')
      .select(['resumption_token', 'last_datestamp'])
      .where('name', '=', name)
      .executeTakeFirstOrThrow();
    expect(source).toEqual({ resumption_token: 'p2', last_datestamp: null });
  });

  it('stopped reading the endless reply at the limit and closed the connection', () => {
    expect(huge.closed).toBe(true);
    expect(huge.finished).toBe(false);
    expect(huge.sent).toBeLessThan(200_000_000);
  });

  it('retried the timed-out page once before giving up', () => {
    expect(requests.timeout!.filter((params) => params.get('resumptionToken') === 'p2')).toHaveLength(2);
  });

  it('resumes a failed run from its last good token', async () => {
    failing500 = false;
    requests.error500 = [];
    const summary = await runHarvest(database.db, (await sourceId('error500'))!, { client: fast });
    expect(summary).toMatchObject({ status: 'succeeded', created: 1 });
    expect(requests.error500.filter((params) => params.get('verb') === 'ListRecords').map(String)).toEqual([
      'verb=ListRecords&resumptionToken=p2',
    ]);
    expect((await resourcesOf('error500')).map((resource) => resource.source_record_id)).toEqual([
      'oai:error500:1',
      'oai:error500:2',
    ]);
    // The next incremental harvest starts from the latest datestamp of both runs.
    const source = await database.db
      .selectFrom('harvest_sources')
      .select(['resumption_token', 'last_datestamp'])
      .where('name', '=', 'error500')
      .executeTakeFirstOrThrow();
    expect(source).toEqual({ resumption_token: null, last_datestamp: '2026-11-02' });
  });

  it('waits as long as a 503’s Retry-After says, then goes on', async () => {
    const summary = await harvest('unavailable');
    expect(summary).toMatchObject({ status: 'succeeded', created: 2 });
    expect(unavailableTimes).toHaveLength(2);
    expect(unavailableTimes[1]! - unavailableTimes[0]!).toBeGreaterThanOrEqual(950);
  });

  it('follows a redirect to a host the source allows', async () => {
    const summary = await harvest('redirect-allowed', { allowedRedirectHosts: [`localhost:${port}`] });
    expect(summary).toMatchObject({ status: 'succeeded', created: 2 });
  });
});

describe('pages written in groups', () => {
  it('stores the others of a page when the database refuses one record, rejected alone with its reason', async () => {
    const summary = await harvest('refuse');
    expect(summary).toMatchObject({ status: 'succeeded', harvested: 3, created: 2, rejected: 1 });
    expect(summary.rejections).toEqual([
      {
        identifier: refusedIdentifier,
        reasons: [
          expect.stringMatching(
            /^La base de données refuse l’enregistrement \(.*\) : il n’est pas publié\.$/,
          ),
        ],
      },
    ]);
    expect((await resourcesOf('refuse')).map((resource) => resource.identifier)).toEqual([
      'refuse-1',
      'refuse-3',
    ]);
    const [run] = await listRuns(database.db, (await sourceId('refuse'))!);
    expect(run).toMatchObject({ status: 'succeeded', harvested: 3, created: 2, rejected: 1 });
  });

  it('a failure mid-run keeps the finished pages only; the next run resumes after them', async () => {
    const summary = await harvest('midrun');
    expect(summary).toMatchObject({ status: 'failed', harvested: 4, created: 4 });
    expect(summary.error).toMatch(/HTTP 500/);
    expect((await resourcesOf('midrun')).map((resource) => resource.source_record_id)).toEqual([
      'oai:midrun:m1a',
      'oai:midrun:m1b',
      'oai:midrun:m2a',
      'oai:midrun:m2b',
    ]);
    const id = (await sourceId('midrun'))!;
    const [run] = await listRuns(database.db, id);
    expect(run).toMatchObject({ status: 'failed', harvested: 4, created: 4 });
    const source = await findSourceById(database.db, id);
    expect(source!.resumption_token).toBe('m3');
    midrunFailing = false;
    requests.midrun = [];
    expect(await runHarvest(database.db, id, { client: fast })).toMatchObject({
      status: 'succeeded',
      harvested: 2,
      created: 2,
    });
    expect(requests.midrun.filter((params) => params.get('verb') === 'ListRecords').map(String)).toEqual([
      'verb=ListRecords&resumptionToken=m3',
    ]);
  });

  it('stops when its signal says so, after the page being written; the next run resumes there', async () => {
    const source = await registerSource(database.db, {
      name: 'midrun-stopped',
      baseUrl: `${base}/midrun/oai`,
      producerCode,
    });
    const stop = new AbortController();
    const summary = await runHarvest(database.db, source.id, {
      client: fast,
      signal: stop.signal,
      onProgress: () => stop.abort(),
    });
    expect(summary).toMatchObject({ status: 'failed', harvested: 2 });
    expect(summary.error).toMatch(/interrompu/);
    expect((await findSourceById(database.db, source.id))!.resumption_token).toBe('m2');
    // midrun's records are midrun's resources: these are rejected as another source's, page by page.
    expect(await runHarvest(database.db, source.id, { client: fast })).toMatchObject({
      status: 'succeeded',
      harvested: 4,
      rejected: 4,
    });
  });

  it('keeps the namespaces a record inherits from the envelope', async () => {
    const summary = await harvest('dcenvelope', { prefix: 'oai_dc' });
    expect(summary).toMatchObject({ status: 'succeeded', created: 1, rejected: 0 });
    expect(await searchCount('zyxenveloppe')).toBe(1);
  });

  it('writeHarvestedRecords: records already read, one batch, the counts once committed', async () => {
    const source = await registerSource(database.db, {
      name: 'batch',
      baseUrl: `${base}/batch/oai`,
      producerCode,
    });
    const read = (identifier: string, title: string) => readNotice(Buffer.from(lom(identifier, title)));
    const counts: RunCounts = {
      harvested: 0,
      created: 0,
      updated: 0,
      deleted: 0,
      rejected: 0,
      rejections: [],
      lastDatestamp: null,
    };
    const item = (identifier: string, reading: ReturnType<typeof read>, deleted = false) => ({
      identifier,
      datestamp: '2026-11-20',
      deleted,
      recordUrl: `https://exemple.fr/${identifier}`,
      reading,
    });
    await writeHarvestedRecords(
      database.db,
      source,
      [
        item('page-1', read('batch-1', 'Zyxlot premier')),
        item('page-2', read('batch-1', 'Zyxlot homonyme')),
        item('page-3', { errors: [{ path: '/', line: 0, rule: 'x', message: 'Illisible.' }], warnings: [] }),
      ],
      counts,
    );
    expect(counts).toMatchObject({ harvested: 3, created: 1, rejected: 2, lastDatestamp: '2026-11-20' });
    expect(counts.rejections.map((rejection) => rejection.identifier)).toEqual(['page-2', 'page-3']);
    await writeHarvestedRecords(
      database.db,
      source,
      [item('page-1', read('batch-1', 'Zyxlot revu')), item('page-1', { errors: [], warnings: [] }, true)],
      counts,
    );
    expect(counts).toMatchObject({ harvested: 5, created: 1, updated: 1, deleted: 1 });
    const resource = await database.db
      .selectFrom('resources')
      .select(['title', 'source_record_url', 'withdrawn_at'])
      .where('identifier', '=', 'batch-1')
      .executeTakeFirstOrThrow();
    expect(resource).toMatchObject({ title: 'Zyxlot revu', source_record_url: 'https://exemple.fr/page-1' });
    expect(resource.withdrawn_at).not.toBeNull();
  });
});
