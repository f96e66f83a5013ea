// The fuzz project needs the same seeded template as the db project. When both run (npm test), the db
// project's setup has already built it in this process: reuse it rather than build it twice.
import setup from '../support/global-setup.js';
import { TEMPLATE_DB_ENV, TEMPLATE_DUMP_ENV } from '../support/database.js';

export default async function fuzzSetup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env[TEMPLATE_DB_ENV] || process.env[TEMPLATE_DUMP_ENV]) return undefined;
  return setup();
}
