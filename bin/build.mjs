#!/usr/bin/env node
// The production build: src/ compiled by tsc (tsconfig.build.json: no tests) into dist/, with the static
// files the server reads beside its compiled code (web/static). `node bin/build.mjs` builds always;
// start.mjs and the CLI call ensureBuilt(), which builds only when dist/ is missing or stale.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const stampFile = path.join(dist, '.build-stamp.json');
/** Besides src/, what changes the compiled output. */
const buildInputs = ['package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'bin/build.mjs'];
/** Files read at run time relative to the compiled code, copied as they are. */
const copied = ['web/static'];

/** Latest modification time under src/ and of the build inputs. Directories count: a deleted or
 *  renamed source file changes its folder's time, not any remaining file's. */
function newestInputTime() {
  let newest = 0;
  const visit = (entry) => {
    const stat = fs.statSync(entry);
    newest = Math.max(newest, stat.mtimeMs);
    if (stat.isDirectory()) for (const name of fs.readdirSync(entry)) visit(path.join(entry, name));
  };
  visit(path.join(root, 'src'));
  for (const file of buildInputs) {
    const full = path.join(root, file);
    if (fs.existsSync(full)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Why dist/ must be built again, or null when it is up to date. */
export function staleReason() {
  if (!fs.existsSync(stampFile)) return 'dist/ is missing';
  const { startedAt } = JSON.parse(fs.readFileSync(stampFile, 'utf8'));
  return newestInputTime() > startedAt ? 'dist/ is older than the sources' : null;
}

/** Compiles into a fresh folder, then swaps it for dist/, so dist/ is always a whole build. */
export function build() {
  const require = createRequire(import.meta.url);
  let tsc;
  try {
    tsc = require.resolve('typescript/bin/tsc');
  } catch {
    throw new Error('Building dist/ needs TypeScript, a development dependency: run npm ci first.');
  }
  // The stamp records when the build started: a source saved during the build makes the next start
  // build again.
  const startedAt = Date.now();
  const next = path.join(root, `dist.next-${process.pid}`);
  fs.rmSync(next, { recursive: true, force: true });
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', next], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    fs.rmSync(next, { recursive: true, force: true });
    throw new Error(`tsc -p tsconfig.build.json failed (exit code ${result.status ?? result.signal})`);
  }
  for (const folder of copied) {
    fs.cpSync(path.join(root, 'src', folder), path.join(next, folder), { recursive: true });
  }
  fs.writeFileSync(path.join(next, '.build-stamp.json'), JSON.stringify({ startedAt }) + '\n');
  const previous = path.join(root, `dist.previous-${process.pid}`);
  if (fs.existsSync(dist)) fs.renameSync(dist, previous);
  fs.renameSync(next, dist);
  fs.rmSync(previous, { recursive: true, force: true });
  return (Date.now() - startedAt) / 1000;
}

/** Builds dist/ when it is missing or stale; says so on stderr (stdout stays the program's). */
export function ensureBuilt() {
  const reason = staleReason();
  if (!reason) return;
  console.error(`${reason}: compiling with tsc…`);
  const seconds = build();
  console.error(`Compiled into dist/ in ${seconds.toFixed(1)} s.`);
}

/**
 * Runs a compiled entry point of dist/ (main.js for npm start, cli.js for the CLI), building first when
 * needed. Plain node at run time: tsx is for development only.
 */
export async function runBuilt(entry) {
  try {
    ensureBuilt();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  // Stack traces point at the TypeScript sources (tsc writes the source maps).
  process.setSourceMapsEnabled(true);
  await import(`../dist/${entry}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const seconds = build();
    console.log(`Compiled into dist/ in ${seconds.toFixed(1)} s.`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
