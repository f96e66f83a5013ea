// Runs the fuzz properties: one vitest test per target, each a fast-check property over generated
// requests. Every answer must be below 500, and after a refusal (4xx) the database must be as it was:
// same row count in every table, same ledger entries, same drawing-right balances.
//
//   FUZZ_RUNS  total cases over all targets (default 3000; CI), e.g. FUZZ_RUNS=20000 npm run test:fuzz
//   FUZZ_SEED  base seed (default 20261205): each target derives its own from it and its name
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { afterAll, it } from 'vitest';
import { differences, snapshotter, type Snapshot } from './snapshot.js';
import { requestsFor, type FuzzRequest } from './requests.js';
import { apiTargets, formFieldNames, pageFormTargets, type OpenApiDocument, type Target } from './targets.js';
import { createFuzzWorld } from './world.js';

export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261205);
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 3000);

/** Writes a throttle counter on a refused sign-in: that is its job, not a leak. */
const WRITES_ALLOWED_ON_REFUSAL = new Set(['sign_in_attempts']);

function seedOf(target: Target): number {
  let hash = FUZZ_SEED | 0;
  for (const char of `${target.method} ${target.route}`)
    hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  return hash;
}

/** The request as a reader can replay it: long strings cut, bytes shown as hex. */
function describe(request: FuzzRequest): string {
  const cut = (text: string) => (text.length > 300 ? `${text.slice(0, 300)}… (${text.length} chars)` : text);
  return JSON.stringify(
    {
      ...request,
      url: cut(request.url),
      headers: Object.fromEntries(Object.entries(request.headers).map(([key, value]) => [key, cut(value)])),
      payload: Buffer.isBuffer(request.payload)
        ? `<bytes ${request.payload.toString('hex')}>`
        : cut(request.payload ?? ''),
    },
    null,
    2,
  );
}

/** Declares one test per target of `kind`; returns after the world is built (top-level await). */
export async function fuzzTargets(kind: 'api' | 'page'): Promise<void> {
  const world = await createFuzzWorld();
  afterAll(() => world.server.close());
  const { app, database } = world.server;
  const document = app.swagger() as unknown as OpenApiDocument;
  const api = apiTargets(document);
  const pages = pageFormTargets(app, document);
  const targets = kind === 'api' ? api : pages;
  const runs = Math.max(1, Math.ceil(FUZZ_RUNS / (api.length + pages.length)));
  const formFields = formFieldNames(document);
  const snapshot = await snapshotter(database.db);
  let current: Snapshot | undefined;
  // Answers by status class per target, printed at the end: a target that only ever answers 401 or
  // 404 is not being explored, and the log shows it.
  const tally = new Map<string, Record<string, number>>();
  const started = performance.now();
  afterAll(() => {
    const total = [...tally.values()].reduce(
      (sum, counts) => sum + Object.values(counts).reduce((a, b) => a + b, 0),
      0,
    );
    const lines = [...tally].map(([name, counts]) => `  ${name} ${JSON.stringify(counts)}`);
    console.log(
      `fuzz ${kind}: ${total} cases over ${targets.length} targets (${runs} each, FUZZ_SEED=${FUZZ_SEED}) ` +
        `in ${Math.round((performance.now() - started) / 1000)} s\n${lines.join('\n')}`,
    );
  });

  for (const target of targets) {
    it(`${target.method} ${target.route}: answers below 500, and a refusal writes nothing`, async () => {
      const property = fc.asyncProperty(requestsFor(target, world, document, formFields), async (request) => {
        const before = (current ??= await snapshot());
        current = undefined;
        const response = await app.inject({
          method: request.method as InjectOptions['method'],
          url: request.url,
          headers: request.headers,
          remoteAddress: request.remoteAddress,
          ...(request.payload !== undefined ? { payload: request.payload } : {}),
        });
        const status = response.statusCode;
        const counts = tally.get(`${target.method} ${target.route}`) ?? {};
        counts[status] = (counts[status] ?? 0) + 1;
        tally.set(`${target.method} ${target.route}`, counts);
        const problem = (text: string) =>
          new Error(`${text}\nanswer ${status}: ${response.body.slice(0, 500)}`);
        if (status >= 500) throw problem('an answer of 500 or more');
        const after = await snapshot();
        if (status >= 400) {
          const changed = differences(before, after, WRITES_ALLOWED_ON_REFUSAL);
          if (changed.length > 0) throw problem(`a refusal changed the database: ${changed.join(', ')}`);
        } else if (Number(after.sessions) < Number(before.sessions)) {
          // A sign-out succeeded: sign the actors in again, or the rest of the run is anonymous.
          await world.restoreSessions();
          return;
        }
        current = after;
      });
      const details = await fc.check(property, { numRuns: runs, seed: seedOf(target), endOnFailure: true });
      if (details.failed) {
        const request = details.counterexample?.[0];
        throw new Error(
          [
            `${target.method} ${target.route} failed after ${details.numRuns} cases ` +
              `(FUZZ_SEED=${FUZZ_SEED}, target seed ${details.seed}, path ${details.counterexamplePath}).`,
            `request as ${request?.actor}: ${request ? describe(request) : '?'}`,
            String(
              details.errorInstance instanceof Error ? details.errorInstance.message : details.errorInstance,
            ),
          ].join('\n'),
        );
      }
    });
  }
}
