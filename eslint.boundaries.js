// The layers' import rules (ARCHITECTURE.md, "Layers"): data flows page or API route → use case →
// repository → SQL, and nothing imports upward. Kept apart so a test can lint samples against them.
const rule = '@typescript-eslint/no-restricted-imports';

/** Domain modules never import the web layer or the demo. */
export const domainBoundary = {
  files: ['src/modules/**'],
  rules: {
    [rule]: [
      'error',
      {
        patterns: [
          {
            regex: '(^|/)web/',
            message: 'Domain code never imports src/web: pages call use cases, not the other way round.',
          },
          {
            regex: '(^|/)demo/',
            message: 'Domain modules know nothing of the demo: src/demo imports them, never the reverse.',
          },
        ],
      },
    ],
  },
};

/** Shared building blocks and the database layer sit below every module: they never import one. */
export const foundationBoundary = {
  files: ['src/shared/**', 'src/db/**'],
  rules: {
    [rule]: [
      'error',
      {
        patterns: [
          {
            regex: '(^|/)(modules|web|demo)/',
            message: 'src/shared and src/db sit below the modules: pass what they need in as arguments.',
          },
        ],
      },
    ],
  },
};

/** Pages get their data from use cases and their "may this user…" answers from module policies. */
export const webBoundary = {
  files: ['src/web/**'],
  rules: {
    [rule]: [
      'error',
      {
        paths: [
          { name: 'kysely', message: 'Pages never build SQL: call a use case of the module.' },
          { name: 'pg', message: 'Pages never talk to the database: call a use case of the module.' },
        ],
        patterns: [
          {
            regex: '\\.repository(\\.js)?$',
            message: 'Pages never import a repository: call a use case (*.service.ts) of the module.',
          },
          {
            regex: '(^|/)db/',
            message: 'Pages never import the database handle or row types: use the module’s view types.',
          },
          { regex: '^@electric-sql/pglite', message: 'Pages never talk to the database.' },
        ],
      },
    ],
  },
};
