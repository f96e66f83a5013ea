#!/usr/bin/env node
// npm start: the compiled server (dist/main.js), compiled first when dist/ is missing or stale.
import { runBuilt } from './build.mjs';

await runBuilt('main.js');
