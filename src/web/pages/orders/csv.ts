// What the order exports add to the CSV helper of the pages (src/web/csv.ts: BOM, ';', decimal comma,
// formulas neutralised): cells that may be empty, the French day of an instant, the download's name.
import { dayInFrance } from '../../../shared/clock.js';
import { toCsv, type CsvCell } from '../../csv.js';

export { csvEuros } from '../../csv.js';

/** 'YYYY-MM-DD' or an ISO instant (its day in France) → '05/12/2026', the day Excel France reads. */
export function csvDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const day = iso.length === 10 ? iso : dayInFrance(new Date(iso));
  const [year, month, date] = day.split('-');
  return `${date}/${month}/${year}`;
}

/** The whole file (toCsv), a missing value (no address, no delivery yet) as an empty cell. */
export function csvDocument(
  header: readonly string[],
  rows: readonly (readonly (CsvCell | null | undefined)[])[],
): string {
  return toCsv(
    header,
    rows.map((row) => row.map((cell) => cell ?? '')),
  );
}

/** The Content-Disposition of a download named `name` (ASCII only: UAIs, dates and dashes). */
export function attachment(name: string): string {
  return `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"`;
}
