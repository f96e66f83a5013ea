// npm run bench:harvest [-- --baseline-records B] [--readers R] [--profile-provider DIR]; HARVEST_RECORDS=N (default 100,000):
// our harvester takes N records from our own OAI-PMH provider, run as another instance of the product.
//
// - Three fresh PostgreSQL databases on the local server (dropped and made again): the provider's, filled
//   with N resources by the demo catalogue's seeding (src/demo/catalogue-seed.ts); the target, empty; and
//   the baseline's, empty.
// - The provider is `node src/main.ts` (libxml2-wasm then tsx loaded first, as bench:import explains) in a
//   child process with DEMO=0: it serves /oai (ScoLOMfr, 200 records a page) from its database.
// - Ours: runHarvest over every record, with a progress bar: records/s overall and steady (from the first
//   10%), this process's RSS at start, peak and end, its CPU per record, the provider's (utime + stime
//   of the child in /proc, before and after) and the PostgreSQL server's (both databases' work).
// - Baseline: the path before grouping (runHarvest's recordAtATime: one page after the other, each record
//   read on this thread then written in its own transaction), over the first B records (default 5,000)
//   into the third database. Prints the ratio. The last line is one JSON object with every figure.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { parseArgs } from 'node:util';
import { SingleBar, Presets } from 'cli-progress';
import pg from 'pg';
import { openPostgres } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { seedDemoCatalogue } from '../src/demo/catalogue-seed.js';
import { insertProducers } from '../src/modules/catalogue/catalogue.repository.js';
import { syncVocabularyFacetValues } from '../src/modules/catalogue/facet-dictionary.js';
import { HARVEST_GROUP_SIZE, registerSource, runHarvest } from '../src/modules/harvest/harvest.service.js';

const { values } = parseArgs({
  options: {
    'baseline-records': { type: 'string', default: '5000' },
    readers: { type: 'string' },
    'profile-provider': { type: 'string' },
  },
});
const records = Number(process.env.HARVEST_RECORDS ?? 100_000);
const baselineRecords = Math.min(records, Number(values['baseline-records']));
// --profile-provider DIR: the provider writes a V8 CPU profile there when it stops (to see its costs).
// --readers R: the page reader's worker threads (default: runHarvest's, one).
const readers = values.readers === undefined ? undefined : Number(values.readers);
const profileArgs = values['profile-provider']
  ? ['--cpu-prof', `--cpu-prof-dir=${values['profile-provider']}`]
  : [];
const SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';
const PRODUCER = 'banc-moisson';
const MB = 2 ** 20;
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const log = (message: string) => process.stderr.write(`${message}\n`);
const perRecord = (start: number | null, end: number | null, count: number) =>
  start === null || end === null ? null : round((end - start) / count, 3);
const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

async function freshDatabase(name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A process's CPU time (user + system) in milliseconds, from /proc (100 ticks per second on Linux). */
function processCpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * The PostgreSQL server's CPU time in milliseconds: every postgres process now, plus what the postmaster
 * collected from the backends that have exited (cutime + cstime). Null when the server is not local.
 */
function postgresCpuMs(): number | null {
  let total = 0;
  let found = false;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // Exited meanwhile.
    }
    if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== 'postgres') continue;
    found = true;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime, stime; the postmaster (its parent is not postgres) also its reaped children's cutime, cstime.
    total += (Number(fields[11]) + Number(fields[12])) * 10;
    const parent = Number(fields[1]);
    let parentName = '';
    try {
      const parentStat = fs.readFileSync(`/proc/${parent}/stat`, 'utf8');
      parentName = parentStat.slice(parentStat.indexOf('(') + 1, parentStat.lastIndexOf(')'));
    } catch {
      // No parent to read.
    }
    if (parentName !== 'postgres') total += (Number(fields[13]) + Number(fields[14])) * 10;
  }
  return found ? total : null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** The provider: another instance of the product, serving /oai from its own database. */
async function startProvider(databaseUrl: string): Promise<{ child: ChildProcess; baseUrl: string }> {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    [...profileArgs, '--import', 'libxml2-wasm', '--import', 'tsx', 'src/main.ts'],
    {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        HOST: '127.0.0.1',
        PUBLIC_URL: publicUrl,
        DEMO: '0',
        NODE_ENV: 'development',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const baseUrl = `${publicUrl}/oai`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The provider exited (code ${child.exitCode})`);
    try {
      const reply = await fetch(`${baseUrl}?verb=Identify`);
      if (reply.ok) return { child, baseUrl };
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error('The provider did not answer within 3 minutes');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** A target database: migrated, the vocabularies' facet values, the producer, the provider as a source. */
async function prepareTarget(url: string, baseUrl: string) {
  const handle = await openPostgres(url);
  await migrateToLatest(handle.db as never);
  await syncVocabularyFacetValues(handle.db);
  await insertProducers(handle.db, [
    { code: PRODUCER, name: 'Banc de moissonnage', kind: 'public', website: null },
  ]);
  const source = await registerSource(handle.db, { name: 'banc', baseUrl, producerCode: PRODUCER });
  return { handle, source };
}

async function main(): Promise<void> {
  log(`Databases: bench_harvest_provider, bench_harvest_target, bench_harvest_baseline (fresh).`);
  const providerUrl = await freshDatabase('bench_harvest_provider');
  const targetUrl = await freshDatabase('bench_harvest_target');
  const baselineUrl = await freshDatabase('bench_harvest_baseline');
  {
    const provider = await openPostgres(providerUrl);
    await migrateToLatest(provider.db as never);
    log(`Seeding the provider with ${records} resources (the demo catalogue)…`);
    const started = performance.now();
    await seedDemoCatalogue(provider.db, {
      resources: records,
      batchSize: 1000,
      onProgress: (done, total, phase) => {
        if (phase === 'load' && done % 20_000 === 0) log(`  ${done}/${total}`);
      },
    });
    log(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
    await provider.close();
  }
  log('Starting the provider (node src/main.ts, DEMO=0)…');
  const { child, baseUrl } = await startProvider(providerUrl);
  const providerPid = child.pid!;
  try {
    // Ours.
    const target = await prepareTarget(targetUrl, baseUrl);
    const bar = new SingleBar(
      {
        format:
          'Moissonnage [{bar}] {value}/{total} | {rate} enr./s | RSS {rss} Mo | {created} créés, {rejected} refusés',
        stream: process.stderr,
        // Into a log too (not a terminal): a line every 10 s.
        noTTYOutput: true,
        notTTYSchedule: 10_000,
      },
      Presets.shades_classic,
    );
    const steadyFrom = Math.floor(records / 10);
    const rssStart = process.memoryUsage.rss();
    let rssPeak = rssStart;
    const rssSamples: { records: number; rssMB: number }[] = [];
    let nextSample = 0;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage.rss())), 200);
    let steady:
      | { at: number; harvested: number; cpu: NodeJS.CpuUsage; provider: number; postgres: number | null }
      | undefined;
    const providerStart = processCpuMs(providerPid);
    const postgresStart = postgresCpuMs();
    const cpuStart = process.cpuUsage();
    const started = performance.now();
    bar.start(records, 0, { rate: 0, rss: 0, created: 0, rejected: 0 });
    const summary = await runHarvest(target.handle.db, target.source.id, {
      database: 'postgresql',
      ...(readers !== undefined ? { readers } : {}),
      onProgress: (counts) => {
        const rss = process.memoryUsage.rss();
        rssPeak = Math.max(rssPeak, rss);
        if (counts.harvested >= nextSample) {
          rssSamples.push({ records: counts.harvested, rssMB: round(rss / MB, 1) });
          nextSample += Math.max(1, Math.floor(records / 10));
        }
        if (!steady && counts.harvested >= steadyFrom) {
          steady = {
            at: performance.now(),
            harvested: counts.harvested,
            cpu: process.cpuUsage(),
            provider: processCpuMs(providerPid),
            postgres: postgresCpuMs(),
          };
        }
        const rate = (counts.harvested / (performance.now() - started)) * 1000;
        bar.update(counts.harvested, {
          rate: rate.toFixed(0),
          rss: (rss / MB).toFixed(0),
          created: counts.created,
          rejected: counts.rejected,
        });
      },
    });
    const ended = performance.now();
    const cpuEnd = process.cpuUsage();
    const providerEnd = processCpuMs(providerPid);
    const postgresEnd = postgresCpuMs();
    const rssEnd = process.memoryUsage.rss();
    clearInterval(sampler);
    bar.stop();
    if (summary.status !== 'succeeded') throw new Error(`Our harvest failed: ${summary.error}`);
    const stored = await target.handle.db
      .selectFrom('resources')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('source_id', '=', target.source.id)
      .executeTakeFirstOrThrow();
    await target.handle.close();
    const seconds = (ended - started) / 1000;
    const steadyRecords = summary.harvested - steady!.harvested;
    const ours = {
      harvested: summary.harvested,
      created: summary.created,
      rejected: summary.rejected,
      stored: Number(stored.count),
      seconds: round(seconds, 1),
      perSecond: round(summary.harvested / seconds, 0),
      steadyPerSecond: round(steadyRecords / ((ended - steady!.at) / 1000), 0),
      cpuMsPerRecord: {
        harvester: round((cpuMs(cpuEnd) - cpuMs(cpuStart)) / summary.harvested, 3),
        provider: round((providerEnd - providerStart) / summary.harvested, 3),
        steadyHarvester: round((cpuMs(cpuEnd) - cpuMs(steady!.cpu)) / steadyRecords, 3),
        steadyProvider: round((providerEnd - steady!.provider) / steadyRecords, 3),
        // Both databases' server (the provider's reads, our writes): the same PostgreSQL.
        postgres: perRecord(postgresStart, postgresEnd, summary.harvested),
        steadyPostgres: perRecord(steady!.postgres, postgresEnd, steadyRecords),
      },
    };
    if (summary.rejections.length > 0) log(`First rejection: ${JSON.stringify(summary.rejections[0])}`);

    // Baseline: one transaction per record, over the first records.
    log(`Baseline: the first ${baselineRecords} records, one transaction each…`);
    const baseline = await prepareTarget(baselineUrl, baseUrl);
    const stop = new AbortController();
    const baselineProviderStart = processCpuMs(providerPid);
    const baselinePostgresStart = postgresCpuMs();
    const baselineCpuStart = process.cpuUsage();
    const baselineStarted = performance.now();
    const baselineSummary = await runHarvest(baseline.handle.db, baseline.source.id, {
      recordAtATime: true,
      signal: stop.signal,
      onProgress: (counts) => {
        if (counts.harvested % 1000 < 200) log(`  ${counts.harvested}`);
        if (counts.harvested >= baselineRecords) stop.abort();
      },
    });
    const baselineSeconds = (performance.now() - baselineStarted) / 1000;
    const baselineCpu = cpuMs(process.cpuUsage(baselineCpuStart));
    const baselineProvider = processCpuMs(providerPid) - baselineProviderStart;
    const baselinePostgres = perRecord(baselinePostgresStart, postgresCpuMs(), baselineSummary.harvested);
    await baseline.handle.close();
    const baselineDone = baselineSummary.harvested;
    const baselineFigures = {
      harvested: baselineDone,
      created: baselineSummary.created,
      rejected: baselineSummary.rejected,
      seconds: round(baselineSeconds, 1),
      perSecond: round(baselineDone / baselineSeconds, 0),
      cpuMsPerRecord: {
        harvester: round(baselineCpu / baselineDone, 3),
        provider: round(baselineProvider / baselineDone, 3),
        postgres: baselinePostgres,
      },
    };

    const figures = {
      bench: 'harvest',
      database: 'postgresql',
      records,
      groupSize: HARVEST_GROUP_SIZE,
      readers: readers ?? 'default',
      ours,
      baseline: baselineFigures,
      ratioOursOverBaseline: round(ours.perSecond / baselineFigures.perSecond, 1),
      rssMB: {
        start: round(rssStart / MB, 1),
        peak: round(rssPeak / MB, 1),
        end: round(rssEnd / MB, 1),
        samples: rssSamples,
      },
    };
    console.log(
      `\nOAI-PMH harvest on PostgreSQL, ${records} records from our own provider (a child process):`,
    );
    console.log(
      `  ours: ${ours.perSecond} records/s in ${ours.seconds} s (${ours.steadyPerSecond}/s from the ${steadyFrom}th); ` +
        `${ours.created} created, ${ours.rejected} rejected, ${ours.stored} stored`,
    );
    console.log(
      `  CPU per record: harvester ${ours.cpuMsPerRecord.harvester} ms (all threads), provider ${ours.cpuMsPerRecord.provider} ms, ` +
        `PostgreSQL ${ours.cpuMsPerRecord.postgres ?? 'n/a'} ms`,
    );
    console.log(
      `  baseline (one transaction per record, ${baselineDone} records): ${baselineFigures.perSecond} records/s; ` +
        `CPU per record: harvester ${baselineFigures.cpuMsPerRecord.harvester} ms, provider ${baselineFigures.cpuMsPerRecord.provider} ms, ` +
        `PostgreSQL ${baselineFigures.cpuMsPerRecord.postgres ?? 'n/a'} ms`,
    );
    console.log(`  ratio ${figures.ratioOursOverBaseline}×`);
    console.log(
      `  harvester RSS: ${figures.rssMB.start} MB at start, peak ${figures.rssMB.peak} MB, ${figures.rssMB.end} MB at the end`,
    );
    console.log(JSON.stringify(figures));
  } finally {
    child.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
