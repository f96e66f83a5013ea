// CSV files for French spreadsheets: UTF-8 with a byte order mark (without it Excel reads Latin-1),
// ';' between cells (Excel's separator where the decimal mark is a comma), CRLF line ends, numbers
// with a decimal comma. Text cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR
// first) are prefixed with an apostrophe: establishment names come from imported files.

/** A text cell, or a number written with a decimal comma (2 decimals unless whole). */
export type CsvCell = string | number;

const BOM = '\uFEFF';

function numberCell(value: number): string {
  if (!Number.isFinite(value)) return '';
  return (Number.isInteger(value) ? String(value) : value.toFixed(2)).replace('.', ',');
}

function textCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The whole file: a header row, then the rows. */
export function toCsv(head: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const line = (cells: readonly CsvCell[]) =>
    cells.map((cell) => (typeof cell === 'number' ? numberCell(cell) : textCell(cell))).join(';');
  return BOM + [head, ...rows].map(line).join('\r\n') + '\r\n';
}

/** Integer cents as euros for a CSV cell: 123450 → 1234.5, written "1234,50". */
export function csvEuros(cents: number): number {
  return cents / 100;
}
