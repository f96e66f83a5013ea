// npm run bench:import [-- --notices N] [--baseline-notices B] [--freshness F] [--readers R]: imports N
// generated ScoLOMfr notices (default 100,000; bench/import-notices.ts, a zip made once and kept in
// .bench-data) into a fresh PostgreSQL database (on the server of DATABASE_URL, else the local one)
// through importNotices, then B of them (default 5,000) through the straightforward path: one notice
// read, then stored in a transaction of its own (saveSubmission), then the next. Prints notices per
// second for both and the ratio, the CPU a notice costs here and in PostgreSQL, the peak RSS and its
// growth from the 10,000th notice to the last. Then an expert accepts F imported notices (default 200)
// one after another, and a second node, with its own pool, LISTEN connection and index, searches for
// each one's own word: the freshness from commit to searchable. The last line is one JSON object with
// every figure (bench/README.md).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import yauzl from 'yauzl';
import { openPostgres } from '../src/db/database.js';
import type { Database } from '../src/db/schema.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { seedDemoCatalogue } from '../src/demo/catalogue-seed.js';
import type { Actor } from '../src/modules/accounts/actor.js';
import { insertProducers, producerIdsByCode } from '../src/modules/catalogue/catalogue.repository.js';
import { parseSearchQuery } from '../src/modules/catalogue/search-query.js';
import { CatalogueSearch } from '../src/modules/catalogue/search.service.js';
import { importNotices, IMPORT_GROUP_SIZE } from '../src/modules/notices/notice-import.service.js';
import { decideNotice } from '../src/modules/notices/notice-review.service.js';
import { saveSubmission } from '../src/modules/notices/notices.repository.js';
import { readNotice } from '../src/modules/notices/scolomfr-notice.js';
import { GENERATOR_VERSION, markerOf } from './import-notices.js';

const { values } = parseArgs({
  options: {
    notices: { type: 'string', default: '100000' },
    'baseline-notices': { type: 'string', default: '5000' },
    readers: { type: 'string' },
    freshness: { type: 'string', default: '200' },
    catalogue: { type: 'string', default: '10000' },
  },
});
const notices = Number(values.notices);
const baselineNotices = Math.min(notices, Number(values['baseline-notices']));
const readers = values.readers === undefined ? undefined : Number(values.readers);
const freshnessSamples = Math.min(notices, Number(values.freshness));
const catalogueSize = Number(values.catalogue);

const PRODUCER_NAME = 'Éditions du Banc d’essai';
const OURS = 'banc-essai';
const BASELINE = 'banc-essai-reference';
const MB = 2 ** 20;
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const log = (message: string) => process.stderr.write(`${message}\n`);

/** The notices' zip, made by a child process (its memory is not the import's), and kept. */
function noticesZip(): string {
  const file = path.resolve('.bench-data', `import-notices-v${GENERATOR_VERSION}-${notices}.zip`);
  if (fs.existsSync(file)) {
    log(`Reusing ${path.relative(process.cwd(), file)}.`);
    return file;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  log(`Generating ${notices} notices into ${path.relative(process.cwd(), file)}…`);
  const started = performance.now();
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'bench/import-notices.ts', file, String(notices), PRODUCER_NAME],
    { stdio: 'inherit' },
  );
  if (child.status !== 0) throw new Error('Generating the notices failed');
  log(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s (${fs.statSync(file).size} bytes).`);
  return file;
}

/** A database of its own, fresh on every run: the import always inserts into the same tables. */
async function freshDatabase(): Promise<string> {
  const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = 'ccr_bench_import';
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The zip's first `count` entries, bytes and all, one at a time (the baseline reads them so). */
async function* zipEntries(file: string, count: number): AsyncGenerator<{ name: string; bytes: Buffer }> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true }, (error, opened) => (error ? reject(error) : resolve(opened))),
  );
  try {
    for (let read = 0; read < count; read++) {
      const entry = await new Promise<yauzl.Entry | undefined>((resolve, reject) => {
        zip.once('entry', resolve);
        zip.once('end', () => resolve(undefined));
        zip.once('error', reject);
        zip.readEntry();
      });
      zip.removeAllListeners('entry').removeAllListeners('end').removeAllListeners('error');
      if (!entry) return;
      const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
        zip.openReadStream(entry, (error, readable) => (error ? reject(error) : resolve(readable))),
      );
      const chunks: Buffer[] = [];
      for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
      yield { name: entry.fileName, bytes: Buffer.concat(chunks) };
    }
  } finally {
    zip.close();
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * The CPU PostgreSQL's backends spend for this database, read from /proc (the bench's server runs on
 * this machine). The pool opens and closes connections as it goes, so each backend's time is sampled
 * now and then and its last value kept: `sample()` as often as convenient, `msSince(mark)` at the end.
 */
class PostgresCpu {
  private readonly byPid = new Map<number, number>();
  private readable = true;
  private sampling: Promise<void> | undefined;

  constructor(private readonly db: Kysely<Database>) {}

  /** Samples the backends (skipped while a sample runs); never fails, marks the figures unreadable. */
  sample(): Promise<void> {
    this.sampling ??= this.read()
      .catch(() => {
        this.readable = false;
      })
      .finally(() => (this.sampling = undefined));
    return this.sampling;
  }

  private async read(): Promise<void> {
    const { rows } = await sql<{ pid: number }>`
      SELECT pid FROM pg_stat_activity WHERE datname = current_database()`.execute(this.db);
    for (const { pid } of rows) {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        // utime + stime, 100 ticks per second on Linux.
        this.byPid.set(pid, (Number(fields[11]) + Number(fields[12])) * 10);
      } catch {
        this.readable = false;
      }
    }
  }

  /** Milliseconds of every backend seen so far, to compare with a later total. */
  async mark(): Promise<Map<number, number>> {
    await this.sample();
    return new Map(this.byPid);
  }

  /** Milliseconds spent since `mark` (NaN when /proc could not be read). */
  async msSince(mark: Map<number, number>): Promise<number> {
    await this.sample();
    if (!this.readable) return NaN;
    let total = 0;
    for (const [pid, ms] of this.byPid) total += ms - (mark.get(pid) ?? 0);
    return total;
  }
}

async function main(): Promise<void> {
  const zip = noticesZip();
  const url = await freshDatabase();
  const handle = await openPostgres(url);
  try {
    await migrateToLatest(handle.db as never);
    log(`Seeding a catalogue of ${catalogueSize} resources (what the search index starts from)…`);
    await seedDemoCatalogue(handle.db, { resources: catalogueSize, batchSize: 1000 });
    // Through the catalogue's own writer: a producer is also a facet value, which publishing needs.
    await insertProducers(
      handle.db,
      [OURS, BASELINE].map((code) => ({
        code,
        name: `${PRODUCER_NAME} (${code})`,
        kind: 'publisher' as const,
        website: null,
      })),
    );
    const producerIds = Object.fromEntries(await producerIdsByCode(handle.db));
    const expertRow = await handle.db
      .insertInto('users')
      .values({ email: 'expert@banc-essai.test', display_name: 'Experte du banc', password_hash: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await handle.db
      .insertInto('role_assignments')
      .values({
        user_id: expertRow.id,
        role: 'expert',
        establishment_id: null,
        academy_id: null,
        producer_id: null,
      })
      .execute();
    const expert: Actor = {
      userId: expertRow.id,
      email: 'expert@banc-essai.test',
      displayName: 'Experte du banc',
      grants: [{ role: 'expert', establishmentId: null, academyId: null, producerId: null }],
      csrfToken: '',
    };

    // Reading alone, on one thread, warm: what parse + XSD + vocabularies cost per notice.
    const sample: Buffer[] = [];
    for await (const { bytes } of zipEntries(zip, Math.min(notices, 2500))) sample.push(bytes);
    for (const bytes of sample.slice(0, 500)) readNotice(bytes);
    const readStarted = performance.now();
    for (const bytes of sample.slice(500)) readNotice(bytes);
    const readMsPerNotice = (performance.now() - readStarted) / Math.max(1, sample.length - 500);
    sample.length = 0;
    log(`Reading alone (one thread): ${readMsPerNotice.toFixed(3)} ms per notice.`);

    const postgresCpu = new PostgresCpu(handle.db);
    // Ours: importNotices on the whole zip. Memory and CPU are also taken at the 10,000th notice: from
    // there to the last is the steady state (workers started, code compiled, pools and caches warm).
    log(`Ours: ${notices} notices through importNotices (groups of ${IMPORT_GROUP_SIZE})…`);
    const marked = new Map<number, number>(); // notice index → notice id, for the freshness sample
    const every = Math.max(1, Math.floor(notices / freshnessSamples));
    const statuses = { accepted: 0, warning: 0, rejected: 0 };
    const steadyFrom = Math.min(10_000, Math.floor(notices / 2));
    let done = 0;
    const rssStart = process.memoryUsage.rss();
    let rssAtSteady = NaN;
    let rssAtLast = NaN;
    let rssPeak = rssStart;
    const rssSamples: { notices: number; rssMB: number }[] = [];
    let steady: { at: number; cpu: NodeJS.CpuUsage; postgres: Promise<Map<number, number>> } | undefined;
    let last: { at: number; cpu: NodeJS.CpuUsage } | undefined;
    const oursStarted = performance.now();
    let lastShown = oursStarted;
    const summary = await importNotices(handle.db, [zip], {
      producer: OURS,
      ...(readers !== undefined ? { readers } : {}),
      onResult: (result) => {
        done += 1;
        statuses[result.status] += 1;
        const index = Number(/notice-(\d+)\.xml$/.exec(result.file)?.[1]);
        if (index % every === 0 && result.notice !== undefined && marked.size < freshnessSamples)
          marked.set(index, result.notice);
        if (done % 1000 === 0) void postgresCpu.sample();
        if (done % 1000 === 0 || done === steadyFrom || done === notices) {
          const rss = process.memoryUsage.rss();
          rssPeak = Math.max(rssPeak, rss);
          if (done === steadyFrom) {
            rssAtSteady = rss;
            steady = { at: performance.now(), cpu: process.cpuUsage(), postgres: postgresCpu.mark() };
          }
          if (done === notices) {
            rssAtLast = rss;
            last = { at: performance.now(), cpu: process.cpuUsage() };
          }
          if (done % 10_000 === 0) {
            rssSamples.push({ notices: done, rssMB: round(rss / MB, 1) });
            const now = performance.now();
            log(
              `  ${done} notices, ${((done / (now - oursStarted)) * 1000).toFixed(0)}/s overall, ` +
                `${((10_000 / (now - lastShown)) * 1000).toFixed(0)}/s lately, RSS ${(rss / MB).toFixed(0)} MB`,
            );
            lastShown = now;
          }
        }
      },
    });
    const oursSeconds = (performance.now() - oursStarted) / 1000;
    const steadyPostgresMs = await postgresCpu.msSince(await steady!.postgres);
    const steadyNotices = notices - steadyFrom;
    const steadySeconds = (last!.at - steady!.at) / 1000;
    const steadyNodeMs = cpuMs(last!.cpu) - cpuMs(steady!.cpu);
    const oursPerSecond = summary.notices / oursSeconds;
    if (statuses.rejected > 0) throw new Error(`${statuses.rejected} generated notices were rejected`);
    const stored = await sql<{ notices: number; versions: number }>`
      SELECT (SELECT count(*)::int FROM notices WHERE producer_id = ${producerIds[OURS]!}) AS notices,
             (SELECT count(*)::int FROM notice_versions v JOIN notices n ON n.id = v.notice_id
               WHERE n.producer_id = ${producerIds[OURS]!}) AS versions`.execute(handle.db);
    if (stored.rows[0]!.notices !== notices || stored.rows[0]!.versions !== notices)
      throw new Error(`Stored ${JSON.stringify(stored.rows[0])} for ${notices} notices`);

    // The baseline: one notice read, then stored in its own transaction, then the next. It runs after
    // ours, on a table the planner has counted (importNotices analyzes it): on the fresh database it
    // would check each version's notice by reading the whole table, and look slower than it is.
    log(`Baseline: ${baselineNotices} notices, one transaction each…`);
    let baselineDone = 0;
    const baselineCpu = process.cpuUsage();
    const baselinePostgres = await postgresCpu.mark();
    const baselineStarted = performance.now();
    for await (const { bytes } of zipEntries(zip, baselineNotices)) {
      const reading = readNotice(bytes);
      if (!reading.fields) throw new Error('A generated notice was rejected: fix bench/import-notices.ts');
      await saveSubmission(handle.db, {
        producerId: producerIds[BASELINE]!,
        fields: reading.fields,
        source: bytes.toString('utf8'),
        sourceFormat: 'scolomfr',
        warnings: reading.warnings,
      });
      baselineDone += 1;
      if (baselineDone % 500 === 0) void postgresCpu.sample();
      if (baselineDone % 1000 === 0) log(`  ${baselineDone}`);
    }
    const baselineSeconds = (performance.now() - baselineStarted) / 1000;
    const baselineCpuMs = cpuMs(process.cpuUsage(baselineCpu));
    const baselinePostgresMs = await postgresCpu.msSince(baselinePostgres);
    const baselinePerSecond = baselineDone / baselineSeconds;
    log(`  ${baselinePerSecond.toFixed(0)} notices/s`);

    // Search keeps up: an expert accepts notices one at a time; a second node looks for each.
    log(`Freshness: accepting ${marked.size} notices, a second node searching for each…`);
    const second = await openPostgres(url);
    const secondSearch = new CatalogueSearch(second.db, {
      ...(second.listen ? { listen: second.listen } : {}),
      onError: (error) => console.error('Second node:', error),
    });
    await secondSearch.warmUp();
    const freshnessMs: number[] = [];
    let misses = 0;
    const decisionMs: number[] = [];
    for (const [index, noticeId] of marked) {
      const decided = performance.now();
      await decideNotice(handle.db, expert, noticeId, { decision: 'accept', reasons: [] });
      const committedAt = performance.now();
      decisionMs.push(committedAt - decided);
      const query = parseSearchQuery({ q: markerOf(index), pageSize: '1' });
      for (;;) {
        const result = await secondSearch.search(query);
        const elapsed = performance.now() - committedAt;
        if (result.total > 0) {
          freshnessMs.push(elapsed);
          break;
        }
        if (elapsed > 5_000) {
          misses += 1;
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
    await secondSearch.close();
    await second.close();
    const sortedFreshness = [...freshnessMs].sort((a, b) => a - b);
    const sortedDecisions = [...decisionMs].sort((a, b) => a - b);
    const freshness = {
      p50: round(percentile(sortedFreshness, 50), 1),
      p95: round(percentile(sortedFreshness, 95), 1),
      max: round(sortedFreshness.at(-1) ?? NaN, 1),
      n: sortedFreshness.length,
      misses,
    };

    const steadyCpu = {
      node: round(steadyNodeMs / steadyNotices, 3),
      postgres: round(steadyPostgresMs / steadyNotices, 3),
    };
    const figures = {
      bench: 'import',
      database: 'postgresql',
      notices,
      readers: readers ?? 'default',
      groupSize: IMPORT_GROUP_SIZE,
      readMsPerNoticeOneThread: round(readMsPerNotice, 3),
      baseline: {
        notices: baselineDone,
        seconds: round(baselineSeconds),
        perSecond: round(baselinePerSecond, 0),
        cpuMsPerNotice: {
          node: round(baselineCpuMs / baselineDone, 3),
          postgres: round(baselinePostgresMs / baselineDone, 3),
        },
      },
      ours: {
        notices: summary.notices,
        accepted: statuses.accepted,
        warning: statuses.warning,
        rejected: statuses.rejected,
        seconds: round(oursSeconds),
        perSecond: round(oursPerSecond, 0),
        steadyPerSecond: round(steadyNotices / steadySeconds, 0),
        // Steady state, every thread of the process (readers, GC) and the database's backends.
        cpuMsPerNotice: steadyCpu,
        // What two cores free for this import alone would give at that cost.
        perSecondOnTwoFreeCores: round(2000 / (steadyCpu.node + steadyCpu.postgres), 0),
      },
      ratioOursOverBaseline: round(oursPerSecond / baselinePerSecond, 1),
      rssMB: {
        start: round(rssStart / MB, 1),
        atSteadyStart: round(rssAtSteady / MB, 1),
        steadyFrom,
        last: round(rssAtLast / MB, 1),
        peak: round(rssPeak / MB, 1),
        growth: round((rssAtLast - rssAtSteady) / MB, 1),
        processMaxRss: round((process.resourceUsage().maxRSS * 1024) / MB, 1),
        samples: rssSamples,
      },
      freshnessMs: freshness,
      acceptMs: {
        p50: round(percentile(sortedDecisions, 50), 1),
        p95: round(percentile(sortedDecisions, 95), 1),
      },
    };
    console.log(`\nScoLOMfr import on PostgreSQL, ${notices} generated notices:`);
    console.log(
      `  baseline (one transaction per notice, ${baselineDone} notices): ${figures.baseline.perSecond} notices/s; ` +
        `CPU per notice ${figures.baseline.cpuMsPerNotice.node} ms here, ${figures.baseline.cpuMsPerNotice.postgres} ms in PostgreSQL`,
    );
    console.log(
      `  ours (importNotices): ${figures.ours.perSecond} notices/s in ${figures.ours.seconds} s ` +
        `(${figures.ours.steadyPerSecond}/s from the ${steadyFrom}th notice); ratio ${figures.ratioOursOverBaseline}×`,
    );
    console.log(
      `  CPU per notice from the ${steadyFrom}th: ${steadyCpu.node} ms here (all threads), ${steadyCpu.postgres} ms in ` +
        `PostgreSQL: about ${figures.ours.perSecondOnTwoFreeCores} notices/s on two free cores`,
    );
    console.log(
      `  ${statuses.accepted} accepted, ${statuses.warning} with warnings, ${statuses.rejected} rejected; ` +
        `reading alone ${figures.readMsPerNoticeOneThread} ms per notice on one thread`,
    );
    console.log(
      `  RSS during the import: peak ${figures.rssMB.peak} MB; ${figures.rssMB.atSteadyStart} MB at the ${steadyFrom}th notice, ` +
        `${figures.rssMB.last} MB at the last (growth ${figures.rssMB.growth} MB; target < 100 MB)`,
    );
    console.log(
      `  Freshness on a second node, acceptance committed to searchable: p50 ${freshness.p50} ms, ` +
        `p95 ${freshness.p95} ms, max ${freshness.max} ms (${freshness.n} samples, ${misses} not seen within 5 s)`,
    );
    console.log(JSON.stringify(figures));
  } finally {
    await handle.close();
  }
}

function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
