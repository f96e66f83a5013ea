// CSV files for French Excel: UTF-8 with a byte order mark (Excel otherwise reads Windows-1252), ';'
// between cells (the French list separator; ',' is the decimal comma) and CRLF line ends. No CSV
// writer is installed (only csv-parse), so every value goes through csvCell.
import { dayInFrance } from '../../../shared/clock.js';

/** Cents as Excel France reads a number: 1234 → "12,34" (no thousands separator, comma decimal). */
export function csvEuros(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}

/** 'YYYY-MM-DD' or an ISO instant (its day in France) → '05/12/2026', the day Excel France reads. */
export function csvDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const day = iso.length === 10 ? iso : dayInFrance(new Date(iso));
  const [year, month, date] = day.split('-');
  return `${date}/${month}/${year}`;
}

const NUMBER = /^-?\d+(,\d+)?$/;
/** Text Excel would run as a formula (CSV injection): =, +, -, @, or a tab or carriage return first. */
const FORMULA = /^[=+\-@\t\r]/;

/**
 * One cell: a text that could be read as a formula gets a leading apostrophe (titles and names come from
 * publishers and imports); a cell holding ';', '"' or a line break is quoted, its quotes doubled.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? String(value) : value;
  if (typeof value === 'string' && FORMULA.test(text) && !NUMBER.test(text)) text = `'${text}`;
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole file: BOM, the header row, then the rows, each line ended by CRLF. */
export function csvDocument(
  header: readonly string[],
  rows: readonly (readonly (string | number | null | undefined)[])[],
): string {
  const line = (cells: readonly (string | number | null | undefined)[]) => cells.map(csvCell).join(';');
  return `\uFEFF${[header, ...rows].map((cells) => `${line(cells)}\r\n`).join('')}`;
}

/** The Content-Disposition of a download named `name` (ASCII only: UAIs, dates and dashes). */
export function attachment(name: string): string {
  return `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"`;
}
