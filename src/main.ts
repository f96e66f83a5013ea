// npm start: load config → open database → migrate → seed the demo catalogue if empty → serve.
import { buildApp } from './app.js';
import { createAppContext } from './app-context.js';
import { loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { countResources } from './modules/catalogue/catalogue.repository.js';
import { seedDemoCatalogue } from './demo/catalogue-seed.js';
import { DEMO_PASSWORD, seedDemoWorkspace } from './demo/workspace.js';
import { roleLabels } from './modules/accounts/actor.js';
import { AppError } from './shared/errors.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  const where =
    database.kind === 'pglite' ? `embedded PGlite in ${config.DATA_DIR}` : 'PostgreSQL (DATABASE_URL)';
  console.log(`Database: ${where}`);
  await migrateToLatest(database.db as never);

  if ((await countResources(database.db)) === 0 && config.DEMO_RESOURCES > 0) {
    console.log(`Empty catalogue: loading the demo catalogue (${config.DEMO_RESOURCES} resources)…`);
    const started = Date.now();
    let lastShown = 0;
    const loaded = await seedDemoCatalogue(database.db, {
      resources: config.DEMO_RESOURCES,
      onProgress: (done, total, phase) => {
        const percent = Math.floor((done / total) * 100);
        if (phase === 'load' && percent >= lastShown + 10) {
          lastShown = percent;
          console.log(`  ${percent} % (${done}/${total})`);
        }
      },
    });
    console.log(
      `Loaded the demo catalogue: ${loaded.resources} resources, ${loaded.offers} offers in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );
  }

  if (config.DEMO_RESOURCES > 0) {
    const accounts = await seedDemoWorkspace(database.db);
    if (accounts) {
      console.log(`Demo accounts (password ${DEMO_PASSWORD}):`);
      for (const account of accounts)
        console.log(`  ${roleLabels[account.role].padEnd(28)} ${account.email}`);
    }
  }

  const context = createAppContext(database, {
    sessionCacheSeconds: config.SESSION_CACHE_SECONDS,
    orderWriteStatements: config.ORDER_WRITE_STATEMENTS,
  });
  const indexStarted = Date.now();
  const indexed = await context.search.warmUp();
  console.log(
    `Search index: ${indexed.resources} resources, ${indexed.lexemes} stems, built in ${((Date.now() - indexStarted) / 1000).toFixed(1)} s.`,
  );
  const app = await buildApp(context, { logLevel: config.LOG_LEVEL });
  const shutdown = async (signal: string) => {
    app.log.info(`${signal} received, closing`);
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.PORT, host: config.HOST });
  console.log(`Catalogue chèque ressources: http://localhost:${config.PORT}/`);
}

main().catch((error: unknown) => {
  console.error(error instanceof AppError ? error.message : error);
  process.exit(1);
});
