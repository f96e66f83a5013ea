// The harvest scheduler against sources played by a local HTTP server: a due source is harvested and
// its next run moves on; a source not due waits until "Moissonner maintenant" marks it; a failing
// source is logged and does not stop the others; the started scheduler wakes on a request and stops
// cleanly, waiting for the run in flight. On PostgreSQL, the advisory lock: a tick finds it held and
// runs nothing, and two schedulers on one database at once run a due source once.
import http from 'node:http';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres, type DatabaseHandle } from '../../src/db/database.js';
import type { Actor } from '../../src/modules/accounts/actor.js';
import {
  HARVEST_LOCK_KEY,
  HarvestScheduler,
  runDueHarvests,
  type DueHarvestOptions,
} from '../../src/modules/harvest/harvest-scheduler.js';
import { registerHarvestSource, requestHarvest } from '../../src/modules/harvest/harvest-sources.service.js';
import { runHarvest } from '../../src/modules/harvest/harvest.service.js';
import type { SourceFormInput } from '../../src/modules/harvest/harvest.schema.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { createUser } from '../support/factories/index.js';

let database: TestDatabase;
let national: Actor;
let producerCode: string;
let server: http.Server;
let base: string;

const fixture = fs
  .readFileSync(new URL('../fixtures/scolomfr/volcans.xml', import.meta.url), 'utf8')
  .replace(/^<\?xml[^>]*\?>\s*/, '');

/** A free ScoLOMfr notice with its own identifier and title. */
const notice = (identifier: string, title: string) =>
  fixture
    .replace('978-2-01-000001-7', identifier)
    .replace('Les volcans &amp; les séismes', title)
    .replace('<value>yes</value>', '<value>no</value>');

const oai = (verb: string, body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-12-05T12:00:00Z</responseDate><request verb="${verb}">${base}</request><${verb}>${body}</${verb}></OAI-PMH>`;
const identify = () =>
  oai(
    'Identify',
    `<repositoryName>Test</repositoryName><baseURL>${base}</baseURL><protocolVersion>2.0</protocolVersion><adminEmail>oai@exemple.fr</adminEmail><earliestDatestamp>2020-01-01</earliestDatestamp><deletedRecord>persistent</deletedRecord><granularity>YYYY-MM-DD</granularity>`,
  );

/** What each source's path answers; ListRecords requests are counted per source. */
const listRecords: Record<string, number> = {};
const failing = new Set<string>();
const slowMs: Record<string, number> = {};

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const url = new URL(request.url!, 'http://localhost');
    const name = url.pathname.split('/')[1]!;
    const send = (status: number, body: string) => {
      response.writeHead(status, { 'content-type': 'text/xml; charset=utf-8' });
      response.end(body);
    };
    if (url.searchParams.get('verb') === 'Identify') return send(200, identify());
    listRecords[name] = (listRecords[name] ?? 0) + 1;
    if (failing.has(name)) return send(500, 'Internal Server Error');
    const answer = () =>
      send(
        200,
        oai(
          'ListRecords',
          `<record><header><identifier>oai:${name}:1</identifier><datestamp>2026-11-01</datestamp></header><metadata>${notice(`sched-${name}`, `Zyxplanifie ${name}`)}</metadata></record>`,
        ),
      );
    if (slowMs[name]) setTimeout(answer, slowMs[name]);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  database = await createTestDatabase();
  national = (await createUser(database.db, { role: 'national-admin' })).actor;
  producerCode = (
    await database.db.selectFrom('producers').select('code').orderBy('id').executeTakeFirstOrThrow()
  ).code;
});

afterAll(async () => {
  await database?.close();
  await new Promise((resolve) => server?.close(resolve));
});

const harvestOptions = () => ({ client: { timeoutMs: 2_000, retries: 0, backoffMs: 10 } });

const options = (): DueHarvestOptions => ({
  kind: database.kind,
  client: { timeoutMs: 2_000, retries: 0, backoffMs: 10 },
});

async function source(name: string, schedule: Partial<SourceFormInput> = {}): Promise<number> {
  const registered = await registerHarvestSource(database.db, national, {
    kind: 'oai-pmh',
    name,
    baseUrl: `${base}/${name}/oai`,
    prefix: 'scolomfr',
    set: '',
    producer: producerCode,
    licence: 'proprietary',
    cost: 'no',
    review: false,
    redirectHosts: '',
    scheduleKind: 'none',
    scheduleHours: '',
    scheduleTime: '',
    ...schedule,
  });
  return registered.id;
}

async function state(id: number) {
  return database.db
    .selectFrom('harvest_sources')
    .select(['next_run_at', 'run_requested_at'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

async function runsOf(id: number) {
  return database.db
    .selectFrom('harvest_runs')
    .selectAll()
    .where('source_id', '=', id)
    .orderBy('id')
    .execute();
}

/** Marks every other source not due, so a test's tick sees its own sources only. */
async function onlyDue(...ids: number[]) {
  let query = database.db.updateTable('harvest_sources').set({ next_run_at: null, run_requested_at: null });
  if (ids.length > 0) query = query.where('id', 'not in', ids);
  await query.execute();
}

describe('runDueHarvests', () => {
  it('harvests a source whose schedule has come, then moves its next run on', async () => {
    const id = await source('every6', { scheduleKind: 'every', scheduleHours: '6' });
    await onlyDue(id);
    // "Every N hours" is due at once after registration.
    expect((await state(id)).next_run_at!.getTime()).toBeLessThanOrEqual(Date.now());
    const before = Date.now();
    const result = await runDueHarvests(database.db, options());
    expect(result.skipped).toBeNull();
    expect(result.runs.map((run) => [run.source, run.status, run.created])).toEqual([
      ['every6', 'succeeded', 1],
    ]);
    const resource = await database.db
      .selectFrom('resources')
      .select(['identifier', 'origin'])
      .where('source_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(resource).toEqual({ identifier: 'sched-every6', origin: 'harvested' });
    // Six hours after the run's end.
    const next = (await state(id)).next_run_at!.getTime();
    expect(next).toBeGreaterThanOrEqual(before + 6 * 3_600_000);
    expect(next).toBeLessThanOrEqual(Date.now() + 6 * 3_600_000);
    // Not due any more: the next tick runs nothing.
    expect((await runDueHarvests(database.db, options())).runs).toEqual([]);
    expect(listRecords.every6).toBe(1);
  });

  it('leaves a source that is not due, runs it once asked, and clears the request', async () => {
    const id = await source('daily', { scheduleKind: 'daily', scheduleTime: '03:15' });
    await onlyDue(id);
    const planned = (await state(id)).next_run_at!;
    expect(planned.getTime()).toBeGreaterThan(Date.now());
    expect((await runDueHarvests(database.db, options())).runs).toEqual([]);
    expect(await runsOf(id)).toEqual([]);

    await requestHarvest(database.db, national, id);
    expect((await state(id)).run_requested_at).not.toBeNull();
    // Asking runs nothing by itself.
    expect(await runsOf(id)).toEqual([]);
    const result = await runDueHarvests(database.db, options());
    expect(result.runs.map((run) => run.source)).toEqual(['daily']);
    const after = await state(id);
    expect(after.run_requested_at).toBeNull();
    // The daily time stays the next one.
    expect(after.next_run_at).toEqual(planned);
    expect((await runDueHarvests(database.db, options())).runs).toEqual([]);
  });

  it('logs a failing source, computes its next run, and goes on with the next due source', async () => {
    failing.add('broken');
    const broken = await source('broken', { scheduleKind: 'every', scheduleHours: '2' });
    const fine = await source('fine', { scheduleKind: 'every', scheduleHours: '2' });
    await onlyDue(broken, fine);
    const lines: string[] = [];
    const log = {
      info: (m: string) => lines.push(`info ${m}`),
      warn: (m: string) => lines.push(`warn ${m}`),
      error: (m: string) => lines.push(`error ${m}`),
    };
    const result = await runDueHarvests(database.db, { ...options(), log });
    expect(result.runs.map((run) => [run.source, run.status])).toEqual([
      ['broken', 'failed'],
      ['fine', 'succeeded'],
    ]);
    const [run] = await runsOf(broken);
    expect(run!.status).toBe('failed');
    expect(run!.error).toBeTruthy();
    expect(lines.some((line) => line.startsWith('warn Moissonnage « broken » en échec'))).toBe(true);
    expect(lines.some((line) => line.startsWith('info Moissonnage « fine » : 1 enregistrements'))).toBe(true);
    // A failure waits for its schedule like a success: no retry loop.
    expect((await state(broken)).next_run_at!.getTime()).toBeGreaterThan(Date.now() + 3_600_000);
    expect((await runDueHarvests(database.db, options())).runs).toEqual([]);
  });
});

describe('HarvestScheduler', () => {
  it('wakes on a request, harvests in the background, and stopping interrupts the run in flight cleanly', async () => {
    slowMs.background = 400;
    const id = await source('background');
    await onlyDue();
    const scheduler = new HarvestScheduler(database.db, { ...options(), tickMs: 60_000, graceMs: 10_000 });
    scheduler.start();
    // The first tick finds nothing; then the request wakes it without waiting a minute.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await requestHarvest(database.db, national, id);
    let runs = await runsOf(id);
    for (let i = 0; i < 100 && runs.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      runs = await runsOf(id);
    }
    expect(runs.map((run) => run.status)).toEqual(['running']);
    // Stopping asks the run to end before its next write, and waits for it: the log says it was
    // interrupted and will resume, nothing is left running.
    expect(await scheduler.stop()).toBe(true);
    const [stoppedRun] = await runsOf(id);
    expect(stoppedRun).toMatchObject({ status: 'failed' });
    expect(stoppedRun!.error).toContain('Moissonnage interrompu');
    // Stopped: a new request stays pending.
    await requestHarvest(database.db, national, id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await runsOf(id)).toHaveLength(1);
    expect((await state(id)).run_requested_at).not.toBeNull();
    await onlyDue();
  });
});

describe('one run of a source at a time', () => {
  if (process.env.DATABASE_URL === undefined) {
    console.info(
      'harvest-scheduler: the test of another node running the same source is skipped on PGlite (one process holds the data folder). Set DATABASE_URL to run it.',
    );
  }

  it('a run left running by a process that stopped is closed as interrupted by the next run', async () => {
    const id = await source('crashed');
    // As a process killed mid-run leaves it: started, never ended.
    await database.db.insertInto('harvest_runs').values({ source_id: id }).execute();
    const summary = await runHarvest(database.db, id, { ...harvestOptions(), database: database.kind });
    expect(summary.status).toBe('succeeded');
    const runs = await runsOf(id);
    expect(runs.map((run) => run.status)).toEqual(['failed', 'succeeded']);
    expect(runs[0]!.ended_at).not.toBeNull();
    expect(runs[0]!.error).toContain('Interrompu');
  });

  it('a second run of a source while the first runs is refused, and changes nothing', async () => {
    slowMs.busy = 400;
    const id = await source('busy');
    const first = runHarvest(database.db, id, { ...harvestOptions(), database: database.kind });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expect(
      runHarvest(database.db, id, { ...harvestOptions(), database: database.kind }),
    ).rejects.toThrow('déjà en cours');
    expect((await first).status).toBe('succeeded');
    expect((await runsOf(id)).map((run) => run.status)).toEqual(['succeeded']);
  });

  it.skipIf(process.env.DATABASE_URL === undefined)(
    'on PostgreSQL, another node cannot run the source meanwhile either (its session lock)',
    async () => {
      slowMs.elsewhere = 400;
      const id = await source('elsewhere');
      const second: DatabaseHandle = await openPostgres(database.url!);
      try {
        const first = runHarvest(database.db, id, { ...harvestOptions(), database: 'postgresql' });
        await new Promise((resolve) => setTimeout(resolve, 100));
        await expect(
          runHarvest(second.db, id, { ...harvestOptions(), database: 'postgresql' }),
        ).rejects.toThrow('déjà en cours');
        expect((await first).status).toBe('succeeded');
        // Free again once the first has ended.
        expect(
          (await runHarvest(second.db, id, { ...harvestOptions(), database: 'postgresql' })).status,
        ).toBe('succeeded');
      } finally {
        await second.close();
      }
    },
  );
});

describe('one node at a time (PostgreSQL advisory lock)', () => {
  const onPostgres = process.env.DATABASE_URL !== undefined;
  if (!onPostgres) {
    console.info(
      'harvest-scheduler: the advisory lock tests are skipped on PGlite (one process, one connection: the scheduler just runs). Set DATABASE_URL to run them.',
    );
  }

  it.skipIf(!onPostgres)('skips its tick while another session holds the lock', async () => {
    const id = await source('locked');
    await onlyDue(id);
    await requestHarvest(database.db, national, id);
    const other = new pg.Client({ connectionString: database.url });
    await other.connect();
    try {
      await other.query('SELECT pg_advisory_lock($1::bigint)', [HARVEST_LOCK_KEY]);
      const skipped = await runDueHarvests(database.db, options());
      expect(skipped).toEqual({ skipped: 'locked', runs: [] });
      expect(await runsOf(id)).toEqual([]);
      await other.query('SELECT pg_advisory_unlock($1::bigint)', [HARVEST_LOCK_KEY]);
      expect((await runDueHarvests(database.db, options())).runs.map((run) => run.source)).toEqual([
        'locked',
      ]);
    } finally {
      await other.end();
    }
  });

  it.skipIf(!onPostgres)('two schedulers on one database at once run a due source once', async () => {
    slowMs.twice = 500;
    const id = await source('twice');
    await onlyDue(id);
    await requestHarvest(database.db, national, id);
    // A second node: its own pool on the same database.
    const second: DatabaseHandle = await openPostgres(database.url!);
    try {
      const first = new HarvestScheduler(database.db, { ...options(), tickMs: 60_000 });
      const other = new HarvestScheduler(second.db, { ...options(), kind: 'postgresql', tickMs: 60_000 });
      const results = await Promise.all([first.runOnce(), other.runOnce(), first.runOnce(), other.runOnce()]);
      expect(results.flatMap((result) => result.runs).map((run) => run.source)).toEqual(['twice']);
      expect(results.some((result) => result.skipped === 'locked')).toBe(true);
      expect(await runsOf(id)).toHaveLength(1);
      expect(listRecords.twice).toBe(1);
      // Once the lock is free again, the other node's tick finds nothing due.
      expect(await other.runOnce()).toEqual({ skipped: null, runs: [] });
    } finally {
      await second.close();
    }
  });
});
