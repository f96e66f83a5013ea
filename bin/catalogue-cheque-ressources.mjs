#!/usr/bin/env node
// The CLI: the compiled dist/cli.js, compiled first when dist/ is missing or stale, so the tool works
// straight after npm ci.
import { runBuilt } from './build.mjs';

await runBuilt('cli.js');
