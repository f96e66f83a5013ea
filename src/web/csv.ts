// The pages' CSV files are written by src/shared/csv.ts, which the API's CSV answers share.
export { toCsv, csvEuros, type CsvCell } from '../shared/csv.js';
