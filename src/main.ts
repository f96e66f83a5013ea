// npm start: load config → open database → migrate, demo data where allowed (prepare-database.ts) → serve.
import { buildApp } from './app.js';
import { createAppContext } from './app-context.js';
import { ConfigError, devOutboxEnabled, loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { MailSender } from './modules/mail/mail-sender.js';
import { HarvestScheduler } from './modules/harvest/harvest-scheduler.js';
import { StatisticsFolder } from './modules/statistics/statistics-folder.js';
import { prepareDatabase } from './prepare-database.js';
import { AppError } from './shared/errors.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  const where =
    database.kind === 'pglite' ? `embedded PGlite in ${config.DATA_DIR}` : 'PostgreSQL (DATABASE_URL)';
  console.log(`Database: ${where}`);
  await prepareDatabase(database, config);

  const context = createAppContext(database, {
    sessionCacheSeconds: config.SESSION_CACHE_SECONDS,
    orderWriteStatements: config.ORDER_WRITE_STATEMENTS,
    production: config.NODE_ENV === 'production',
    devOutbox: devOutboxEnabled(config),
    noticeMinUpdateYear: config.NOTICE_MIN_UPDATE_YEAR,
    publicUrl: config.PUBLIC_URL,
    oaiAdminEmail: config.OAI_ADMIN_EMAIL,
  });
  const app = await buildApp(context, { logLevel: config.LOG_LEVEL, trustProxy: config.TRUST_PROXY });
  // Sends the email outbox over SMTP_URL in the background (without it, logs what stays unsent).
  const mail = new MailSender(database.db, {
    smtpUrl: config.SMTP_URL,
    publicUrl: config.PUBLIC_URL,
    from: config.MAIL_FROM,
    log: app.log,
  });
  // Harvests the due harvest sources in the background, one node at a time (HARVEST_SCHEDULER=0: off).
  const harvests =
    config.HARVEST_SCHEDULER === '1'
      ? new HarvestScheduler(database.db, {
          kind: database.kind,
          tickMs: config.HARVEST_TICK_SECONDS * 1000,
          log: {
            info: (message) => app.log.info(message),
            warn: (message) => app.log.warn(message),
            error: (message) => app.log.error(message),
          },
        })
      : undefined;
  // Folds the order and ledger changes into the public statistics in the background, so that a reader
  // seldom has to (STATS_FOLD_MS=0: off; reads fold what is left either way).
  const statistics =
    config.STATS_FOLD_MS > 0
      ? new StatisticsFolder(database.db, {
          intervalMs: config.STATS_FOLD_MS,
          log: { warn: (message) => app.log.warn(message) },
        })
      : undefined;
  const shutdown = async (signal: string) => {
    app.log.info(`${signal} received, closing`);
    await harvests?.stop();
    await statistics?.stop();
    await mail.stop();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.PORT, host: config.HOST });
  console.log(`Catalogue chèque ressources: http://localhost:${config.PORT}/`);
  // The index builds in the background: pages that do not search answer at once, and a search that
  // comes before the index is ready is told to retry (503) rather than left hanging.
  const indexStarted = Date.now();
  context.search.warmUp().then(
    (indexed) =>
      console.log(
        `Search index: ${indexed.resources} resources, ${indexed.lexemes} stems, built in ${((Date.now() - indexStarted) / 1000).toFixed(1)} s.`,
      ),
    (error: unknown) => app.log.error({ err: error }, 'The search index could not be built.'),
  );
  mail.start();
  harvests?.start();
  statistics?.start();
  if (context.devOutbox) {
    console.log(
      `Emails: http://localhost:${config.PORT}/dev/outbox (DEV_OUTBOX: a development tool that shows every ` +
        'email, one-time links included; DEV_OUTBOX=0 turns it off).',
    );
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof AppError || error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
