// The start-up step between opening the database and serving (main.ts): migrate, then load demo data
// where it is allowed. Apart from main.ts so a test can run it without listening.
import type { Config } from './config.js';
import type { DatabaseHandle, DatabaseKind } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { seedDemoCatalogue } from './demo/catalogue-seed.js';
import { DEMO_PASSWORD, seedDemoWorkspace } from './demo/workspace.js';
import { roleLabels } from './modules/accounts/actor.js';
import { countResources } from './modules/catalogue/catalogue.repository.js';
import { ensureVocabularyFacetValues } from './modules/catalogue/facet-dictionary.js';

export interface DemoPlan {
  /** Load the demo catalogue into an empty catalogue. */
  catalogue: boolean;
  /** Add the demo workspace (funding, one account per role with DEMO_PASSWORD, orders). */
  workspace: boolean;
}

/**
 * Demo data only where it cannot end up in service: the embedded database (`npm start` shows a living
 * catalogue) unless DEMO=0, PostgreSQL only with DEMO=1, and never the workspace, whose accounts share
 * a published password, with NODE_ENV=production.
 */
export function demoPlan(
  config: Pick<Config, 'DEMO' | 'NODE_ENV' | 'DEMO_RESOURCES'>,
  kind: DatabaseKind,
): DemoPlan {
  const production = config.NODE_ENV === 'production';
  const wanted = config.DEMO === undefined ? kind === 'pglite' && !production : config.DEMO === '1';
  const catalogue = wanted && config.DEMO_RESOURCES > 0;
  return { catalogue, workspace: catalogue && !production };
}

export async function prepareDatabase(
  database: DatabaseHandle,
  config: Config,
  log: (line: string) => void = console.log,
): Promise<void> {
  await migrateToLatest(database.db as never);
  // Every resource stores its vocabulary values as facet ids: without them a new catalogue (no demo data)
  // could publish nothing. Run at each start, so a release's new concepts get theirs too.
  await ensureVocabularyFacetValues(database.db);
  const plan = demoPlan(config, database.kind);

  if (plan.catalogue && (await countResources(database.db)) === 0) {
    log(`Empty catalogue: loading the demo catalogue (${config.DEMO_RESOURCES} resources)…`);
    const started = Date.now();
    let lastShown = 0;
    const loaded = await seedDemoCatalogue(database.db, {
      resources: config.DEMO_RESOURCES,
      onProgress: (done, total, phase) => {
        const percent = Math.floor((done / total) * 100);
        if (phase === 'load' && percent >= lastShown + 10) {
          lastShown = percent;
          log(`  ${percent} % (${done}/${total})`);
        }
      },
    });
    log(
      `Loaded the demo catalogue: ${loaded.resources} resources, ${loaded.offers} offers in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );
  }

  if (plan.workspace) {
    const accounts = await seedDemoWorkspace(database.db);
    if (accounts) {
      log(`Demo accounts (password ${DEMO_PASSWORD}):`);
      for (const account of accounts) log(`  ${roleLabels[account.role].padEnd(28)} ${account.email}`);
    }
  } else if (plan.catalogue) {
    log('NODE_ENV=production: no demo accounts (their password is published).');
  }

  const anyUser = await database.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (!anyUser) {
    log(
      'No account yet. Create the first national administrator with: catalogue-cheque-ressources create-admin --email …' +
        (plan.catalogue || config.NODE_ENV === 'production' ? '' : ' (or set DEMO=1 to load the demo data)'),
    );
  }
}
