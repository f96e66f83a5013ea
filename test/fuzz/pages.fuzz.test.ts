// Fuzzes every page form: the state-changing routes of the route table that the OpenAPI document does
// not describe (see support/run.ts for the properties and the FUZZ_RUNS and FUZZ_SEED variables).
import { fuzzTargets } from './support/run.js';

await fuzzTargets('page');
