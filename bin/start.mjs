#!/usr/bin/env node
// npm start: the compiled server (dist/main.js), compiled first when dist/ is missing or stale. Plain
// node at run time: tsx is for development only (npm run dev).
import { ensureBuilt } from './build.mjs';

try {
  ensureBuilt();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
// Stack traces point at the TypeScript sources (tsc writes the source maps).
process.setSourceMapsEnabled(true);
await import('../dist/main.js');
