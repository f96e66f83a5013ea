// Fuzzes every operation of the generated OpenAPI document (see support/run.ts for the properties and
// the FUZZ_RUNS and FUZZ_SEED variables).
import { fuzzTargets } from './support/run.js';

await fuzzTargets('api');
