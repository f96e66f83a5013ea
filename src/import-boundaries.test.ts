// The layers' import rules (eslint.boundaries.js) refuse an upward import and accept the allowed ones.
// `npm run check` applies them to the whole tree; here each rule is shown to bite on a sample.
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript config module, without type declarations
import { domainBoundary, foundationBoundary, webBoundary } from '../eslint.boundaries.js';

const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfigFile: true,
  overrideConfig: [
    {
      files: ['**/*.ts', '**/*.tsx'],
      languageOptions: { parser: tseslint.parser },
      plugins: { '@typescript-eslint': tseslint.plugin },
    },
    domainBoundary as never,
    foundationBoundary as never,
    webBoundary as never,
  ],
});

async function violations(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((message) => message.message);
}

describe('import boundaries', () => {
  it('refuses a module importing the web layer or the demo', async () => {
    expect(
      await violations(
        'src/modules/orders/sample.ts',
        "import { sendHtml } from '../../web/page-kit.js';\nexport const x = sendHtml;\n",
      ),
    ).toEqual([expect.stringContaining('never imports src/web')]);
    expect(
      await violations(
        'src/modules/catalogue/sample.ts',
        "import { seedDemoCatalogue } from '../../demo/catalogue-seed.js';\nexport const x = seedDemoCatalogue;\n",
      ),
    ).toEqual([expect.stringContaining('know nothing of the demo')]);
  });

  it('refuses shared code or the database layer importing a module', async () => {
    expect(
      await violations(
        'src/shared/sample.ts',
        "import { SESSION_COOKIE } from '../modules/accounts/session.plugin.js';\nexport const x = SESSION_COOKIE;\n",
      ),
    ).toEqual([expect.stringContaining('sit below the modules')]);
    expect(
      await violations(
        'src/db/sample.ts',
        "import { clock } from '../shared/clock.js';\nexport const x = clock;\n",
      ),
    ).toEqual([]);
  });

  it('refuses a page importing a repository, the database, its row types or Kysely', async () => {
    const samples = [
      "import { listAcademies } from '../../../modules/funding/funding.repository.js';",
      "import type { OrderStatus } from '../../../db/schema.js';",
      "import type { DatabaseHandle } from '../../../db/database.js';",
      "import { sql } from 'kysely';",
    ];
    for (const sample of samples) {
      expect(await violations('src/web/pages/orders/sample.ts', `${sample}\n`), sample).toHaveLength(1);
    }
  });

  it('accepts a page calling a use case and a module calling another module', async () => {
    expect(
      await violations(
        'src/web/pages/orders/sample.ts',
        "import { listOrders } from '../../../modules/orders/orders.service.js';\nexport const x = listOrders;\n",
      ),
    ).toEqual([]);
    expect(
      await violations(
        'src/modules/orders/sample.ts',
        "import { db } from '../../db/database.js';\nimport { hasRole } from '../accounts/actor.js';\nexport const x = [db, hasRole];\n",
      ),
    ).toEqual([]);
  });
});
