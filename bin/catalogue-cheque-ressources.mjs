#!/usr/bin/env node
// The CLI: runs the compiled dist/cli.js, compiled first when dist/ is missing or stale, so the tool
// works straight after npm ci and needs no tsx at run time.
import { ensureBuilt } from './build.mjs';

try {
  ensureBuilt();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
process.setSourceMapsEnabled(true);
await import('../dist/cli.js');
