// The `harvest` command as an operator runs it: a real process (src/cli.ts under tsx) against a remote
// OAI-PMH source played by a local HTTP server, on its own embedded database (or, with DATABASE_URL, a
// fresh PostgreSQL database). The first run registers the source from its base URL and harvests it;
// the second, by the source's name, asks only what changed since (from=); a bad base URL and an unknown
// name end non-zero with one clear line and no stack trace; --prefix oai_dc reads Dublin Core. With
// --json, standard output holds the summary line alone: the progress bar goes to standard error.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { insertProducers } from '../../src/modules/catalogue/catalogue.repository.js';
import { cliEnvironment, createTestDatabase, type TestDatabase } from '../support/database.js';

const onPostgres = Boolean(process.env.DATABASE_URL);

let server: http.Server;
let base: string;
let dataDir: string;
let environment: NodeJS.ProcessEnv;
/** The PostgreSQL test database; on PGlite the command's own folder is opened between runs. */
let postgres: TestDatabase | undefined;
let producerCode = 'editions-moisson-cli';

const fixture = fs
  .readFileSync(new URL('../fixtures/scolomfr/volcans.xml', import.meta.url), 'utf8')
  .replace(/^<\?xml[^>]*\?>\s*/, '');

/** A ScoLOMfr notice with its own identifier and title; `broken` adds an element the XSD refuses. */
function lom(identifier: string, title: string, broken = false): string {
  let xml = fixture
    .replace('978-2-01-000001-7', identifier)
    .replace('Les volcans &amp; les séismes', title)
    .replace('<value>yes</value>', '<value>no</value>');
  if (broken) xml = xml.replace('<language>fre</language>', '<language>fre</language><bogus>x</bogus>');
  return xml;
}

const record = (id: string, datestamp: string, metadata: string) =>
  `<record><header><identifier>${id}</identifier><datestamp>${datestamp}</datestamp></header><metadata>${metadata}</metadata></record>`;
const deleted = (id: string, datestamp: string) =>
  `<record><header status="deleted"><identifier>${id}</identifier><datestamp>${datestamp}</datestamp></header></record>`;
const envelope = (verb: string, body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-12-05T12:00:00Z</responseDate><request verb="${verb}">${base}</request><${verb}>${body}</${verb}></OAI-PMH>`;
const identify = (granularity: string) =>
  envelope(
    'Identify',
    `<repositoryName>Source de test</repositoryName><baseURL>${base}</baseURL><protocolVersion>2.0</protocolVersion><adminEmail>oai@exemple.fr</adminEmail><earliestDatestamp>2020-01-01</earliestDatestamp><deletedRecord>persistent</deletedRecord><granularity>${granularity}</granularity>`,
  );

/** Every request each source received, by the first segment of its path. */
const requests: Record<string, URLSearchParams[]> = {};

function sendXml(response: http.ServerResponse, body: string): void {
  response.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
  response.end(body);
}

const handlers: Record<string, (params: URLSearchParams, response: http.ServerResponse) => void> = {
  // Two pages (a rejected record and a deletion of a record never harvested among them); asked with
  // from=, only what changed since: one record revised, one deleted.
  catalogue: (params, response) => {
    if (params.get('verb') === 'Identify') return sendXml(response, identify('YYYY-MM-DD'));
    if (params.get('from')) {
      return sendXml(
        response,
        envelope(
          'ListRecords',
          record('oai:cli:a', '2026-11-10', lom('cli-harvest-a', 'Zyxcliaa revu')) +
            deleted('oai:cli:b', '2026-11-10'),
        ),
      );
    }
    if (params.get('resumptionToken') === 'page-2') {
      return sendXml(
        response,
        envelope(
          'ListRecords',
          record('oai:cli:c', '2026-11-03', lom('cli-harvest-c', 'Zyxclicc')) +
            deleted('oai:cli:never-seen', '2026-11-02') +
            '<resumptionToken completeListSize="5" cursor="3"/>',
        ),
      );
    }
    sendXml(
      response,
      envelope(
        'ListRecords',
        record('oai:cli:a', '2026-11-01', lom('cli-harvest-a', 'Zyxcliaa')) +
          record('oai:cli:b', '2026-11-02', lom('cli-harvest-b', 'Zyxclibb')) +
          record('oai:cli:broken', '2026-11-02', lom('cli-harvest-broken', 'Cassée', true)) +
          '<resumptionToken completeListSize="5" cursor="0">page-2</resumptionToken>',
      ),
    );
  },
  dc: (params, response) => {
    if (params.get('verb') === 'Identify') return sendXml(response, identify('YYYY-MM-DDThh:mm:ssZ'));
    if (params.get('metadataPrefix') !== 'oai_dc') {
      return sendXml(
        response,
        `<?xml version="1.0" encoding="UTF-8"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-12-05T12:00:00Z</responseDate><request>${base}</request><error code="cannotDisseminateFormat">oai_dc seulement</error></OAI-PMH>`,
      );
    }
    sendXml(
      response,
      envelope(
        'ListRecords',
        record(
          'oai:cli-dc:1',
          '2026-11-05T10:00:00Z',
          `<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/">
            <dc:title>Zyxclidc en images</dc:title>
            <dc:description>Une animation.</dc:description>
            <dc:subject>photosynthèse</dc:subject>
            <dc:identifier>https://ressources.exemple.fr/cli-dc</dc:identifier>
            <dc:language>fre</dc:language>
            <dc:rights>https://creativecommons.org/licenses/by-sa/4.0/</dc:rights>
          </oai_dc:dc>`,
        ),
      ),
    );
  },
};

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `catalogue-cheque-ressources harvest …` as a separate process, whatever its exit code. */
function harvestCommand(args: string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli.ts', 'harvest', ...args],
      { env: environment, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** The command's --json output: exactly one line on standard output, the summary. */
function summaryOf(outcome: Outcome): Record<string, unknown> {
  const lines = outcome.stdout.split('\n').filter((line) => line !== '');
  expect(lines, outcome.stderr).toHaveLength(1);
  return JSON.parse(lines[0]!) as Record<string, unknown>;
}

/** Reads the command's database between runs (PGlite is opened only while no command holds it). */
async function withDatabase<T>(read: (database: DatabaseHandle) => Promise<T>): Promise<T> {
  if (postgres) return read(postgres);
  const own = await openDatabase({ dataDir });
  try {
    return await read(own);
  } finally {
    await own.close();
  }
}

async function resourcesOf(database: DatabaseHandle, sourceName: string) {
  return database.db
    .selectFrom('resources as r')
    .innerJoin('harvest_sources as s', 's.id', 'r.source_id')
    .select(['r.identifier', 'r.title', 'r.origin', 'r.withdrawn_at', 'r.source_record_id'])
    .where('s.name', '=', sourceName)
    .orderBy('r.source_record_id')
    .execute();
}

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const url = new URL(request.url!, 'http://localhost');
    const name = url.pathname.split('/')[1]!;
    (requests[name] ??= []).push(url.searchParams);
    const handler = handlers[name];
    if (!handler) {
      response.writeHead(404, { 'content-type': 'text/html' });
      return response.end('<!DOCTYPE html><title>Introuvable</title>');
    }
    handler(url.searchParams, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccr-harvest-cli-'));
  if (onPostgres) {
    postgres = await createTestDatabase();
    environment = await cliEnvironment(postgres, dataDir);
    producerCode = (
      await postgres.db.selectFrom('producers').select('code').orderBy('id').executeTakeFirstOrThrow()
    ).code;
  } else {
    // The command opens its own embedded database: migrated, with the producer the records belong to.
    const own = await openDatabase({ dataDir });
    await migrateToLatest(own.db as never);
    await insertProducers(own.db, [
      { code: producerCode, name: 'Éditions Moisson', kind: 'publisher', website: null },
    ]);
    await own.close();
    environment = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
    delete environment.DATABASE_URL;
  }
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await postgres?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Any duration: the runs' seconds vary. */
const anySeconds: unknown = expect.any(Number);

const sourceName = () => `${base.slice('http://'.length)}/catalogue/oai`;

describe('harvest (the command)', () => {
  it('registers a new base URL and harvests it: the summary is the one line on standard output', async () => {
    const outcome = await harvestCommand([`${base}/catalogue/oai`, '--producer', producerCode, '--json']);
    expect(outcome.code, outcome.stderr).toBe(0);
    const summary = summaryOf(outcome);
    expect(Object.keys(summary)).toEqual([
      'source',
      'harvested',
      'created',
      'updated',
      'deleted',
      'rejected',
      'seconds',
    ]);
    expect(summary).toEqual({
      source: sourceName(),
      harvested: 5,
      created: 3,
      updated: 0,
      deleted: 0,
      rejected: 1,
      seconds: anySeconds,
    });
    // Registration, the progress bar and the rejected record's reasons are on standard error.
    expect(outcome.stderr).toContain(`Source « ${sourceName()} » enregistrée.`);
    expect(outcome.stderr).toMatch(/oai:cli:broken : .*bogus/);
    expect(requests.catalogue!.filter((params) => params.get('verb') === 'ListRecords').map(String)).toEqual([
      'verb=ListRecords&metadataPrefix=scolomfr',
      'verb=ListRecords&resumptionToken=page-2',
    ]);
    await withDatabase(async (database) => {
      expect(
        (await resourcesOf(database, sourceName())).map((row) => [
          row.source_record_id,
          row.identifier,
          row.origin,
          row.withdrawn_at,
        ]),
      ).toEqual([
        ['oai:cli:a', 'cli-harvest-a', 'harvested', null],
        ['oai:cli:b', 'cli-harvest-b', 'harvested', null],
        ['oai:cli:c', 'cli-harvest-c', 'harvested', null],
      ]);
      const source = await database.db
        .selectFrom('harvest_sources')
        .select(['last_datestamp', 'prefix'])
        .where('name', '=', sourceName())
        .executeTakeFirstOrThrow();
      expect(source).toEqual({ last_datestamp: '2026-11-03', prefix: 'scolomfr' });
    });
  }, 90_000);

  it('harvests again by the source’s name, incrementally: from= the last datestamp', async () => {
    requests.catalogue = [];
    const outcome = await harvestCommand([sourceName(), '--json']);
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(summaryOf(outcome)).toEqual({
      source: sourceName(),
      harvested: 2,
      created: 0,
      updated: 1,
      deleted: 1,
      rejected: 0,
      seconds: anySeconds,
    });
    const listed = requests.catalogue.filter((params) => params.get('verb') === 'ListRecords');
    expect(listed.map(String)).toEqual(['verb=ListRecords&metadataPrefix=scolomfr&from=2026-11-03']);
    await withDatabase(async (database) => {
      const rows = await resourcesOf(database, sourceName());
      expect(rows.find((row) => row.identifier === 'cli-harvest-a')!.title).toBe('Zyxcliaa revu');
      expect(rows.find((row) => row.identifier === 'cli-harvest-b')!.withdrawn_at).not.toBeNull();
      expect(rows.find((row) => row.identifier === 'cli-harvest-c')!.withdrawn_at).toBeNull();
    });
  }, 90_000);

  it('without --json, says the same in one French sentence', async () => {
    const outcome = await harvestCommand([sourceName()]);
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.stdout.trim()).toMatch(
      new RegExp(
        `^${sourceName().replace(/[.]/g, '\\.')} : 2 enregistrements, 0 créés, 1 mis à jour, 0 retirés, 0 refusés en [\\d.]+ s\\.$`,
      ),
    );
  }, 90_000);

  it('reads Dublin Core with --prefix oai_dc', async () => {
    const outcome = await harvestCommand([
      `${base}/dc/oai`,
      '--prefix',
      'oai_dc',
      '--producer',
      producerCode,
      '--licence',
      'cc-by-sa',
      '--json',
    ]);
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(summaryOf(outcome)).toMatchObject({
      source: `${base.slice('http://'.length)}/dc/oai`,
      harvested: 1,
      created: 1,
      rejected: 0,
    });
    expect(requests.dc!.find((params) => params.get('verb') === 'ListRecords')!.get('metadataPrefix')).toBe(
      'oai_dc',
    );
    await withDatabase(async (database) => {
      const row = await database.db
        .selectFrom('resources')
        .select(['title', 'origin', 'source_record_id'])
        .where('title', '=', 'Zyxclidc en images')
        .executeTakeFirstOrThrow();
      expect(row).toEqual({
        title: 'Zyxclidc en images',
        origin: 'harvested',
        source_record_id: 'oai:cli-dc:1',
      });
    });
  }, 90_000);

  it('a base URL that is no OAI-PMH source: exit 1, the reason in one line, no stack trace', async () => {
    const outcome = await harvestCommand([`${base}/nulle-part/oai`, '--producer', producerCode, '--json']);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain('Échec : La source a répondu HTTP 404 au lieu d’une réponse OAI-PMH.');
    expect(outcome.stderr).not.toMatch(/^\s+at /m);
    expect(summaryOf(outcome)).toMatchObject({ harvested: 0, created: 0 });
  }, 90_000);

  it('an unknown source name or producer: exit 1, one clear line, no stack trace', async () => {
    const unknown = await harvestCommand(['source-inconnue', '--json']);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr.trim()).toBe(
      'Error: No harvest source is named "source-inconnue" (give a base URL to add one)',
    );
    const badProducer = await harvestCommand([`${base}/autre/oai`, '--producer', 'inconnu']);
    expect(badProducer.code).toBe(1);
    expect(badProducer.stderr.trim()).toBe('Error: Le producteur « inconnu » n’existe pas.');
  }, 120_000);
});
