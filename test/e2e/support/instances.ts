// Running instances of the product for journeys across two catalogues: each a separate process on its
// own embedded database (DATA_DIR), PORT and PUBLIC_URL, started as `npm start` starts the server
// (src/main.ts, here through tsx so a journey needs no build), stopped with SIGTERM; and the CLI run
// the same way against an instance's data folder while that instance is stopped (PGlite folders are
// locked by the process that holds them).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

/** The environment of a child: this one's, less vitest's markers and DATABASE_URL (always PGlite). */
function childEnvironment(own: Record<string, string>): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(environment)) {
    if (name.startsWith('VITEST') || name === 'DATABASE_URL' || name === 'NODE_ENV') delete environment[name];
  }
  return { ...environment, LOG_LEVEL: 'warn', ...own };
}

/** A free TCP port on the loopback address. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export interface InstanceOptions {
  /** A name for messages ("A", "B"). */
  name: string;
  dataDir: string;
  port: number;
  /** More environment: DEMO, DEMO_RESOURCES… */
  environment?: Record<string, string>;
  /** How long the start may take, seeding and the search index included. */
  readyTimeoutMs?: number;
}

export interface Instance {
  name: string;
  url: string;
  dataDir: string;
  /** Everything the process printed, standard output and error together. */
  output(): string;
  /** SIGTERM, then waits for the process to end (SIGKILL after 15 s). */
  stop(): Promise<void>;
}

/**
 * Starts the server and waits until it serves and its search index is built (the line main.ts prints
 * then), so a search made at once finds everything the database holds.
 */
export async function startInstance(options: InstanceOptions): Promise<Instance> {
  const url = `http://127.0.0.1:${options.port}`;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: childEnvironment({
      DATA_DIR: options.dataDir,
      PORT: String(options.port),
      HOST: '127.0.0.1',
      PUBLIC_URL: url,
      ...options.environment,
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
  });
  const instance: Instance = {
    name: options.name,
    url,
    dataDir: options.dataDir,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(killer);
      }
    },
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 90_000);
  try {
    for (;;) {
      if (child.exitCode !== null) {
        throw new Error(
          `Instance ${options.name} ended (code ${child.exitCode}) before it was ready:\n${output}`,
        );
      }
      if (output.includes('The search index could not be built')) {
        throw new Error(`Instance ${options.name} could not build its search index:\n${output}`);
      }
      if (/Search index: \d+ resources/.test(output)) {
        const health = await fetch(`${url}/health`).catch(() => undefined);
        if (health?.ok) return instance;
      }
      if (Date.now() > deadline) throw new Error(`Instance ${options.name} not ready in time:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } catch (error) {
    await instance.stop();
    throw error;
  }
}

export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `catalogue-cheque-ressources <args>` (src/cli.ts through tsx) on the embedded database in dataDir. */
export function runCli(dataDir: string, args: string[], timeoutMs = 90_000): Promise<CliOutcome> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli.ts', ...args],
      { env: childEnvironment({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), timeout: timeoutMs },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
      },
    );
  });
}
