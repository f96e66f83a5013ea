// Sends the subscription expiry reminders due today (or on --date YYYY-MM-DD), once each, with the link
// (from PUBLIC_URL) to the establishment's subscriptions page where the head renews them:
//   npx tsx src/modules/orders/send-reminders.ts [--date 2027-06-01]
// Uses the same configuration as the server (DATABASE_URL or DATA_DIR). Meant for a daily cron; the
// CLI can expose it as `reminders [--date D]` through runSubscriptionReminders.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config.js';
import { openDatabase } from '../../db/database.js';
import { migrateToLatest } from '../../db/migrate.js';
import { todayInFrance } from '../../shared/clock.js';
import { sendSubscriptionReminders } from './subscriptions.service.js';

/** The CLI entry: parses --date, runs the reminders, returns the line to print. */
export async function runSubscriptionReminders(argv: string[]): Promise<string> {
  const { values } = parseArgs({ args: argv, options: { date: { type: 'string' } } });
  const today = values.date ?? todayInFrance();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error('--date attend une date AAAA-MM-JJ.');
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    await migrateToLatest(database.db as never);
    const { reminded } = await sendSubscriptionReminders(database.db, today, {
      publicUrl: config.PUBLIC_URL,
    });
    return `Subscription reminders for ${today}: ${reminded} sent.`;
  } finally {
    await database.close();
  }
}

// Run directly (not imported by the CLI): send and print.
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  runSubscriptionReminders(process.argv.slice(2)).then(
    (line) => console.log(line),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
