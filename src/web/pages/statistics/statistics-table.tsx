// One statistics table, three outputs: the accessible HTML table beside each chart, its CSV download and
// its JSON download. Columns say how to write their values (text, count, euros from cents, rate).
import { ScrollableTable } from '../../components/scrollable-table.js';
import { csvEuros, toCsv, type CsvCell } from '../../csv.js';
import { formatCount, formatMoney } from '../../format.js';

export type CellValue = string | number | null;

export interface Column {
  key: string;
  head: string;
  kind: 'text' | 'count' | 'cents' | 'rate';
}

export interface StatsTable {
  caption: string;
  columns: readonly Column[];
  rows: readonly Record<string, CellValue>[];
}

const percent = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 1 });

/** A rate (0..1) as French pages write it: "38,2 %"; none: "—". */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : percent.format(rate);
}

function htmlCell(column: Column, value: CellValue): string {
  if (value === null) return '—';
  if (column.kind === 'count') return formatCount(Number(value));
  if (column.kind === 'cents') return formatMoney(Number(value));
  if (column.kind === 'rate') return formatRate(Number(value));
  return String(value);
}

export function TableView({ table }: { table: StatsTable }) {
  return (
    <ScrollableTable caption={table.caption} head={table.columns.map((column) => column.head)}>
      {table.rows.map((row) => (
        <tr>
          {table.columns.map((column) => (
            <td>{htmlCell(column, row[column.key] ?? null)}</td>
          ))}
        </tr>
      ))}
    </ScrollableTable>
  );
}

/** The CSV: euros with a decimal comma (cents / 100), rates as percentages. */
export function tableCsv(table: StatsTable): string {
  const head = table.columns.map((column) =>
    column.kind === 'cents'
      ? `${column.head} (€)`
      : column.kind === 'rate'
        ? `${column.head} (%)`
        : column.head,
  );
  return toCsv(
    head,
    table.rows.map((row) =>
      table.columns.map((column): CsvCell => {
        const value = row[column.key] ?? null;
        if (value === null) return '';
        if (column.kind === 'cents') return csvEuros(Number(value));
        if (column.kind === 'rate') return Math.round(Number(value) * 10_000) / 100;
        return value;
      }),
    ),
  );
}

/** The JSON: the rows with their keys, amounts in integer cents (keys ending in _cents). */
export function tableJson(table: StatsTable): string {
  return JSON.stringify({
    caption: table.caption,
    columns: table.columns.map(({ key, head }) => ({ key, head })),
    rows: table.rows,
  });
}

/** The download links of a table: its CSV and its JSON. */
export function Downloads({ csv, json }: { csv: string; json: string }) {
  return (
    <ul class="fr-links-group">
      <li>
        <a class="fr-link fr-link--download" href={csv} download>
          Télécharger ce tableau <span class="fr-link__detail">CSV, séparateur point-virgule</span>
        </a>
      </li>
      <li>
        <a class="fr-link fr-link--download" href={json} download>
          Télécharger ce tableau <span class="fr-link__detail">JSON, montants en centimes</span>
        </a>
      </li>
    </ul>
  );
}
