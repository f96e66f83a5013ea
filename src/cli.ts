// The command-line tool, named after the product: catalogue-cheque-ressources <command>.
import { SingleBar, Presets } from 'cli-progress';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createAppContext } from './app-context.js';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { countResources } from './modules/catalogue/catalogue.repository.js';
import { ensureVocabularyFacetValues } from './modules/catalogue/facet-dictionary.js';
import { clearCatalogue, seedDemoCatalogue } from './demo/catalogue-seed.js';
import { AppError } from './shared/errors.js';
import { DEMO_PASSWORD, clearDemoWorkspace, seedDemoWorkspace } from './demo/workspace.js';
import { sendSubscriptionReminders } from './modules/orders/subscriptions.service.js';
import { todayInFrance } from './shared/clock.js';
import { backup, restore, type BackupResult, type BackupTarget } from './ops/backup.js';
import { createAdmin } from './ops/create-admin.js';
import { importNotices } from './modules/notices/notice-import.service.js';
import {
  findSource,
  registerSource,
  runHarvest,
  type HarvestPrefix,
} from './modules/harvest/harvest.service.js';
import { runDueHarvests } from './modules/harvest/harvest-scheduler.js';

const usage = `Usage: catalogue-cheque-ressources <command> [options]

Commands:
  seed --resources N [--seed S] [--reset]   build a deterministic synthetic catalogue of N resources
                                             into the configured database (DATABASE_URL, else DATA_DIR)
  migrate                                    apply pending database migrations
  reminders [--date YYYY-MM-DD]              notify heads of subscriptions ending within 30 days
                                             (once per subscription; run it daily)
  openapi [FILE]                             write the OpenAPI document of the JSON API (the one
                                             GET /api/openapi.json serves) to FILE, or print it
  create-admin --email E [--name N]          create the first national administrator; the password is
                                             typed (hidden) or read from standard input when piped
  backup FILE                                copy the database into FILE: pg_dump (custom format) on
                                             PostgreSQL; embedded: the data folder, service stopped
  restore FILE [--force]                     load a backup made by backup into the configured database
  import [--producer NAME] [--json] PATH...  import ScoLOMfr notices (files, folders of .xml, zips) as
                                             a producer's submissions; --json prints one JSON object
                                             per notice, then a summary; exit 1 if one was rejected
  harvest <BASE-URL|SOURCE> [--prefix scolomfr|lom|oai_dc] [--set S] [--from DATE] [--producer CODE]
          [--licence L] [--cost yes|no] [--review] [--allow-redirect HOST]... [--sitemap] [--json]
                                             harvest an OAI-PMH source (registered first when it is a
                                             new base URL: --producer is then required); --sitemap: the
                                             URL is a sitemap of schema.org LearningResource pages;
                                             --json ends with a summary line; exit 1 if the run failed
  harvest-due [--json]                       harvest every due source once (schedule reached or
                                             "Moissonner maintenant"), one at a time, under the same
                                             lock as the app's scheduler (for cron with
                                             HARVEST_SCHEDULER=0); exit 1 if a run failed

Options:
  --reset   empty the catalogue and the demo workspace first (otherwise seeding refuses a non-empty
            catalogue)
  --force   restore: erase a target database that is not empty (otherwise restore refuses, exit code 2)

seed also adds the demo workspace (academies, establishments, an open campaign, one account per role,
orders in every state) unless it is already there.
`;

async function seed(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { resources: { type: 'string' }, seed: { type: 'string' }, reset: { type: 'boolean' } },
  });
  const resources = Number(values.resources);
  const seedValue = values.seed === undefined ? 2012 : Number(values.seed);
  if (!Number.isInteger(resources) || resources < 1 || resources > 2_000_000) {
    throw new AppError('VALIDATION_FAILED', '--resources must be a whole number between 1 and 2000000');
  }
  if (!Number.isInteger(seedValue)) throw new AppError('VALIDATION_FAILED', '--seed must be a whole number');
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    await migrateToLatest(database.db as never);
    const existing = await countResources(database.db);
    if (existing > 0 && !values.reset) {
      throw new AppError(
        'CONFLICT',
        `The catalogue already holds ${existing} resources. Run again with --reset to replace it.`,
      );
    }
    if (values.reset) {
      await clearDemoWorkspace(database.db);
      await clearCatalogue(database.db);
    }
    const bar = new SingleBar(
      { format: 'Seeding [{bar}] {percentage}% | {value}/{total} resources | {phase} | ETA {eta_formatted}' },
      Presets.shades_classic,
    );
    bar.start(resources, 0, { phase: 'loading' });
    const started = Date.now();
    const result = await seedDemoCatalogue(database.db, {
      resources,
      seed: seedValue,
      onProgress: (done, _total, phase) =>
        bar.update(done, { phase: phase === 'load' ? 'loading' : 'indexed' }),
    });
    bar.stop();
    console.log(
      `Seeded ${result.resources} resources and ${result.offers} offers (seed ${seedValue}) in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );
    if (config.NODE_ENV === 'production') {
      console.log('NODE_ENV=production: no demo workspace (its accounts share a published password).');
      return;
    }
    const accounts = await seedDemoWorkspace(database.db);
    if (accounts) {
      console.log(`Demo workspace added. Accounts (password ${DEMO_PASSWORD}):`);
      for (const account of accounts) console.log(`  ${account.role.padEnd(18)} ${account.email}`);
    }
  } finally {
    await database.close();
  }
}

/** Sends the subscription expiry reminders due today (or on --date), once each; run it daily. */
async function reminders(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { date: { type: 'string' } } });
  const today = values.date ?? todayInFrance();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today))
    throw new AppError('VALIDATION_FAILED', '--date expects YYYY-MM-DD');
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    await migrateToLatest(database.db as never);
    const { reminded } = await sendSubscriptionReminders(database.db, today, {
      publicUrl: config.PUBLIC_URL,
    });
    console.log(`Subscription reminders for ${today}: ${reminded} sent.`);
  } finally {
    await database.close();
  }
}

/**
 * The document is generated from the routes' schemas, so it needs the app built, not a database with
 * data: a throwaway embedded one serves, removed afterwards.
 */
async function writeOpenApi(file: string | undefined): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccr-openapi-'));
  const database = await openDatabase({ dataDir });
  try {
    const app = await buildApp(createAppContext(database), { logLevel: 'error' });
    const reply = await app.inject('/api/openapi.json');
    await app.close();
    const document = `${JSON.stringify(reply.json(), null, 2)}\n`;
    if (file) fs.writeFileSync(file, document);
    else process.stdout.write(document);
  } finally {
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** create-admin --email E [--name N]: the password comes from the terminal or standard input. */
async function createAdminCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { email: { type: 'string' }, name: { type: 'string' } } });
  if (!values.email) throw new AppError('VALIDATION_FAILED', 'create-admin needs --email');
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    await migrateToLatest(database.db as never);
    const created = await createAdmin(database.db, {
      email: values.email,
      ...(values.name ? { name: values.name } : {}),
      input: process.stdin,
      rules: { production: config.NODE_ENV === 'production' },
    });
    console.log(
      `National administrator created: ${created.email} (user ${created.userId}). Sign in at /connexion.`,
    );
  } finally {
    await database.close();
  }
}

function backupTarget(): BackupTarget {
  const config = loadConfig();
  return config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : { dataDir: config.DATA_DIR };
}

function describe(result: BackupResult): string {
  return `${result.file}, ${(result.bytes / 1024 / 1024).toFixed(1)} MiB, ${result.seconds.toFixed(1)} s`;
}

async function backupCommand(args: string[]): Promise<void> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  if (positionals.length !== 1) throw new AppError('VALIDATION_FAILED', 'backup needs one FILE');
  const result = await backup(backupTarget(), path.resolve(positionals[0]!));
  console.log(`Backup written: ${describe(result)}.`);
}

async function restoreCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { force: { type: 'boolean' } },
  });
  if (positionals.length !== 1) throw new AppError('VALIDATION_FAILED', 'restore needs one FILE');
  try {
    const result = await restore(backupTarget(), path.resolve(positionals[0]!), {
      force: values.force ?? false,
    });
    console.log(`Restored from ${describe(result)}.`);
  } catch (error) {
    // A non-empty target: a refusal the operator can lift with --force, told apart by its exit code.
    if (error instanceof AppError && error.code === 'CONFLICT') {
      console.error(`Error: ${error.message}`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
}

async function importCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { producer: { type: 'string' }, json: { type: 'boolean' } },
  });
  if (positionals.length === 0)
    throw new AppError('VALIDATION_FAILED', 'import needs at least one file, folder or zip');
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    await migrateToLatest(database.db as never);
    // Progress on standard error, so --json output on standard output stays one object per line.
    let shown = 0;
    const counts = { accepted: 0, warning: 0, rejected: 0 };
    const progress = (done: number) =>
      process.stderr.write(
        `\rImport : ${done} notices (${counts.accepted} acceptées, ${counts.warning} avec avertissements, ${counts.rejected} refusées)`,
      );
    const summary = await importNotices(database.db, positionals, {
      ...(values.producer ? { producer: values.producer } : {}),
      onResult: (result) => {
        counts[result.status] += 1;
        if (values.json) process.stdout.write(JSON.stringify(result) + '\n');
        else if (result.status === 'rejected')
          for (const error of result.errors)
            process.stdout.write(`${result.file}:${error.line} [${error.rule}] ${error.message}\n`);
        const done = counts.accepted + counts.warning + counts.rejected;
        if (process.stderr.isTTY || done - shown >= 100) {
          shown = done;
          progress(done);
        }
      },
    });
    progress(summary.notices);
    process.stderr.write(` en ${summary.seconds} s\n`);
    if (values.json) process.stdout.write(JSON.stringify(summary) + '\n');
    if (summary.rejected > 0) process.exitCode = 1;
  } finally {
    await database.close();
  }
}

async function harvestCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      prefix: { type: 'string' },
      set: { type: 'string' },
      from: { type: 'string' },
      producer: { type: 'string' },
      licence: { type: 'string' },
      cost: { type: 'string' },
      review: { type: 'boolean' },
      'allow-redirect': { type: 'string', multiple: true },
      sitemap: { type: 'boolean' },
      json: { type: 'boolean' },
    },
  });
  const target = positionals[0];
  if (!target || positionals.length > 1) {
    throw new AppError('VALIDATION_FAILED', 'harvest needs one base URL or source name');
  }
  const prefix = values.prefix as HarvestPrefix | undefined;
  if (prefix !== undefined && !['scolomfr', 'lom', 'oai_dc'].includes(prefix)) {
    throw new AppError('VALIDATION_FAILED', '--prefix must be scolomfr, lom or oai_dc');
  }
  if (values.cost !== undefined && values.cost !== 'yes' && values.cost !== 'no') {
    throw new AppError('VALIDATION_FAILED', '--cost must be yes or no');
  }
  if (values.from !== undefined && !/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?$/.test(values.from)) {
    throw new AppError('VALIDATION_FAILED', '--from must be YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ');
  }
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    await migrateToLatest(database.db as never);
    // Harvested records are published at once: their vocabulary values need facet ids, even in a
    // catalogue the server has never started on.
    await ensureVocabularyFacetValues(database.db);
    let source = await findSource(database.db, target, prefix, values.set ?? null);
    if (!source) {
      if (!/^https?:\/\//i.test(target)) {
        throw new AppError(
          'NOT_FOUND',
          `No harvest source is named "${target}" (give a base URL to add one)`,
        );
      }
      if (!values.producer) {
        throw new AppError(
          'VALIDATION_FAILED',
          'a new source needs --producer CODE (the producer its records belong to)',
        );
      }
      source = await registerSource(database.db, {
        baseUrl: target,
        kind: values.sitemap ? 'sitemap' : 'oai',
        ...(prefix ? { prefix } : {}),
        set: values.set ?? null,
        producerCode: values.producer,
        ...(values.licence ? { defaultLicence: values.licence } : {}),
        ...(values.cost ? { defaultCost: values.cost } : {}),
        needsReview: values.review ?? false,
        allowedRedirectHosts: values['allow-redirect'] ?? [],
      });
      process.stderr.write(`Source « ${source.name} » enregistrée.\n`);
    }
    // The bar on standard error, so --json output on standard output stays one object per line.
    const bar = new SingleBar(
      {
        format:
          'Moissonnage [{bar}] {value}/{total} enregistrements | {created} créés, {updated} mis à jour, {deleted} retirés, {rejected} refusés',
      },
      Presets.shades_classic,
    );
    bar.start(0, 0, { created: 0, updated: 0, deleted: 0, rejected: 0 });
    const summary = await runHarvest(database.db, source.id, {
      database: database.kind,
      ...(values.from ? { from: values.from } : {}),
      onProgress: (counts, completeListSize) => {
        bar.setTotal(Math.max(completeListSize ?? 0, counts.harvested));
        bar.update(counts.harvested, counts);
      },
    });
    bar.stop();
    for (const rejection of summary.rejections) {
      process.stderr.write(`${rejection.identifier} : ${rejection.reasons.join(' ; ')}\n`);
    }
    if (summary.error) process.stderr.write(`Échec : ${summary.error}\n`);
    const line = {
      source: summary.source,
      harvested: summary.harvested,
      created: summary.created,
      updated: summary.updated,
      deleted: summary.deleted,
      rejected: summary.rejected,
      seconds: summary.seconds,
    };
    if (values.json) process.stdout.write(JSON.stringify(line) + '\n');
    else
      console.log(
        `${summary.source} : ${summary.harvested} enregistrements, ${summary.created} créés, ${summary.updated} mis à jour, ${summary.deleted} retirés, ${summary.rejected} refusés en ${summary.seconds} s${summary.status === 'failed' ? ' (échec)' : ''}.`,
      );
    if (summary.status === 'failed') process.exitCode = 1;
  } finally {
    await database.close();
  }
}

/** One tick of the harvest scheduler: every due source, under its lock (harvest-scheduler.ts). */
async function harvestDueCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' } } });
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    await migrateToLatest(database.db as never);
    await ensureVocabularyFacetValues(database.db);
    const result = await runDueHarvests(database.db, {
      kind: database.kind,
      log: {
        info: (message) => process.stderr.write(`${message}\n`),
        warn: (message) => process.stderr.write(`${message}\n`),
        error: (message) => process.stderr.write(`${message}\n`),
      },
    });
    if (result.skipped === 'locked') {
      process.stderr.write('Another node is harvesting (the scheduler lock is held): nothing done.\n');
    }
    for (const summary of result.runs) {
      if (values.json) process.stdout.write(JSON.stringify(summary) + '\n');
    }
    if (!values.json) console.log(`${result.runs.length} source(s) harvested.`);
    if (result.runs.some((summary) => summary.status === 'failed')) process.exitCode = 1;
  } finally {
    await database.close();
  }
}

async function run(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'seed':
      return seed(rest);
    case 'migrate': {
      const config = loadConfig();
      const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
      await migrateToLatest(database.db as never);
      await database.close();
      console.log('Migrations applied.');
      return;
    }
    case 'reminders':
      return reminders(rest);
    case 'openapi':
      return writeOpenApi(rest[0]);
    case 'create-admin':
      return createAdminCommand(rest);
    case 'backup':
      return backupCommand(rest);
    case 'restore':
      return restoreCommand(rest);
    case 'import':
      return importCommand(rest);
    case 'harvest':
      return harvestCommand(rest);
    case 'harvest-due':
      return harvestDueCommand(rest);
    default:
      console.log(usage);
      if (command !== undefined && command !== 'help' && command !== '--help') process.exitCode = 2;
  }
}

run(process.argv.slice(2)).catch((error: unknown) => {
  // Our own refusals (and a refused configuration) are one line; anything else keeps its stack.
  console.error(
    error instanceof AppError || error instanceof ConfigError ? `Error: ${error.message}` : error,
  );
  process.exit(1);
});
