// The command-line tool, named after the product: catalogue-cheque-ressources <command>.
import { SingleBar, Presets } from 'cli-progress';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createAppContext } from './app-context.js';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { countResources } from './modules/catalogue/catalogue.repository.js';
import { clearCatalogue, seedDemoCatalogue } from './demo/catalogue-seed.js';
import { AppError } from './shared/errors.js';
import { DEMO_PASSWORD, clearDemoWorkspace, seedDemoWorkspace } from './demo/workspace.js';
import { sendSubscriptionReminders } from './modules/orders/subscriptions.service.js';
import { todayInFrance } from './shared/clock.js';

const usage = `Usage: catalogue-cheque-ressources <command> [options]

Commands:
  seed --resources N [--seed S] [--reset]   build a deterministic synthetic catalogue of N resources
                                             into the configured database (DATABASE_URL, else DATA_DIR)
  migrate                                    apply pending database migrations
  reminders [--date YYYY-MM-DD]              notify heads of subscriptions ending within 30 days
                                             (once per subscription; run it daily)
  openapi [FILE]                             write the OpenAPI document of the JSON API (the one
                                             GET /api/openapi.json serves) to FILE, or print it

Options:
  --reset   empty the catalogue and the demo workspace first (otherwise seeding refuses a non-empty
            catalogue)

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
    default:
      console.log(usage);
      if (command !== undefined && command !== 'help' && command !== '--help') process.exitCode = 2;
  }
}

run(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof AppError ? `Error: ${error.message}` : error);
  process.exit(1);
});
