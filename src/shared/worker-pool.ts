// Worker threads for CPU-bound reading (libxml2: the import's notices, the harvester's pages), so that
// several cores read while the main thread fetches and stores. A request goes to the least busy worker;
// answers come back in any order, each to its own promise. A worker that fails (a bug: the readers never
// throw on bad input) fails the pool: every waiting and later request is refused with the reason.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, parentPort, type TransferListItem } from 'node:worker_threads';

type Answer<R> = { id: number; result: R } | { id: number; error: string };

export class WorkerPool<Q, R> {
  private readonly workers: { worker: Worker; pending: number }[] = [];
  private readonly waiting = new Map<number, { resolve: (result: R) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private failure: Error | undefined;

  /**
   * @param start starts one worker (startModuleWorker), which answers with serveRequests
   * @param size how many workers, started at the first request
   * @param what what the workers do, in French, for the failure's message ("Lecture d’une notice")
   */
  constructor(
    private readonly start: () => Worker,
    private readonly size: number,
    private readonly what: string,
  ) {}

  /** One request; `transfer` hands buffers over instead of copying them. */
  run(request: Q, transfer: readonly TransferListItem[] = []): Promise<R> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.workers.length === 0) this.startAll();
    const target = this.workers.reduce((best, worker) => (worker.pending < best.pending ? worker : best));
    const id = this.nextId++;
    target.pending += 1;
    return new Promise<R>((resolve, reject) => {
      this.waiting.set(id, {
        resolve: (result) => {
          target.pending -= 1;
          resolve(result);
        },
        reject,
      });
      target.worker.postMessage({ id, request }, transfer);
    });
  }

  private startAll(): void {
    for (let i = 0; i < this.size; i++) {
      const worker = this.start();
      worker.on('message', (answer: Answer<R>) => {
        const waiter = this.waiting.get(answer.id);
        if ('error' in answer) this.fail(new Error(`${this.what} : ${answer.error}`));
        else {
          this.waiting.delete(answer.id);
          waiter?.resolve(answer.result);
        }
      });
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`${this.what} : un fil de lecture s’est arrêté (code ${code}).`));
      });
      this.workers.push({ worker, pending: 0 });
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.waiting.values()) waiter.reject(this.failure);
    this.waiting.clear();
  }

  async close(): Promise<void> {
    const workers = this.workers.splice(0);
    for (const { worker } of workers) worker.removeAllListeners('exit');
    await Promise.all(workers.map(({ worker }) => worker.terminate()));
  }
}

/** In a worker: answers each request of its pool with `handle`; a throw answers the error (a bug). */
export function serveRequests<Q, R>(handle: (request: Q) => R): void {
  parentPort?.on('message', ({ id, request }: { id: number; request: Q }) => {
    let answer: Answer<R>;
    try {
      answer = { id, result: handle(request) };
    } catch (error) {
      answer = { id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
    parentPort!.postMessage(answer);
  });
}

/**
 * A worker running the module `name` beside `callerUrl` (its import.meta.url). Compiled (dist/), the
 * worker is the compiled .js file. From the sources (tsx, vitest), a worker thread does not inherit the
 * main thread's TypeScript loader: it registers tsx (a development dependency) before importing the .ts
 * file, after loading libxml2-wasm without it (tsx's loader costs about 160 MB of memory on that 1 MB
 * module, its WebAssembly inline).
 */
export function startModuleWorker(callerUrl: string, name: string): Worker {
  if (!callerUrl.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, callerUrl));
  const require = createRequire(import.meta.url);
  const libxml2 = pathToFileURL(require.resolve('libxml2-wasm')).href;
  // tsx's ESM entry, as its package.json exports it (require.resolve gives the CommonJS one).
  const manifest = require.resolve('tsx/package.json');
  const { exports } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as {
    exports: Record<string, { import: { default: string } }>;
  };
  const tsx = pathToFileURL(path.join(path.dirname(manifest), exports['./esm/api']!.import.default)).href;
  const entry = new URL(`./${name}.ts`, callerUrl).href;
  return new Worker(
    `import(${JSON.stringify(libxml2)})
      .then(() => import(${JSON.stringify(tsx)}))
      .then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`,
    { eval: true, execArgv: [] },
  );
}
