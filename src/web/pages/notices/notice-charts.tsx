// A server-rendered stacked bar chart, no script: one bar per row, one coloured segment per series, the
// legend inside the picture. role="img" with a <title> and a <desc> that says the figures in words;
// the page shows the same figures in a table next to it (the accessible source of truth). Each row's
// label sits above its bar, so the picture stays readable when a phone shrinks it. Colours are
// presentation attributes (the CSP forbids style attributes), from the DSFR palette, and segments are
// separated by a white line so neighbours never blur together.

export interface StackSeries {
  label: string;
  colour: string;
}

export interface StackRow {
  label: string;
  /** One value per series, in the series' order. */
  values: readonly number[];
}

const WIDTH = 400;
const TEXT = '#161616';

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function StackedBarChart({
  id,
  title,
  description,
  series,
  rows,
}: {
  id: string;
  title: string;
  /** Said before the figures of each row in the <desc>. */
  description: string;
  series: readonly StackSeries[];
  rows: readonly StackRow[];
}) {
  const legendRowHeight = 20;
  const legendPerLine = 2;
  const legendHeight = Math.ceil(series.length / legendPerLine) * legendRowHeight + 8;
  const rowHeight = 44;
  const plot = WIDTH - 50;
  const max = Math.max(1, ...rows.map((row) => row.values.reduce((sum, value) => sum + value, 0)));
  const height = legendHeight + Math.max(1, rows.length) * rowHeight + 4;
  const sentence = (row: StackRow) =>
    `${row.label} (${row.values.reduce((sum, value) => sum + value, 0)}) : ${series
      .map((serie, index) => `${serie.label.toLowerCase()} ${row.values[index] ?? 0}`)
      .join(', ')}`;
  return (
    <svg
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      viewBox={`0 0 ${WIDTH} ${height}`}
      width="100%"
      preserveAspectRatio="xMinYMin meet"
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{`${description} ${rows.map(sentence).join(' ; ')}.`}</desc>
      {series.map((serie, index) => {
        const x = (index % legendPerLine) * (WIDTH / legendPerLine);
        const y = Math.floor(index / legendPerLine) * legendRowHeight + 4;
        return (
          <g>
            <rect x={x} y={y} width="14" height="14" fill={serie.colour} />
            <text x={x + 20} y={y + 12} font-size="13" fill={TEXT}>
              {serie.label}
            </text>
          </g>
        );
      })}
      {rows.map((row, index) => {
        const y = legendHeight + index * rowHeight;
        const total = row.values.reduce((sum, value) => sum + value, 0);
        let x = 0;
        return (
          <g>
            <text x="0" y={y + 14} font-size="13" fill={TEXT}>
              {truncate(row.label, 60)}
            </text>
            <rect x="0" y={y + 20} width={plot} height="16" fill="#eeeeee" />
            {row.values.map((value, serie) => {
              const width = (value / max) * plot;
              const rect =
                value > 0 ? (
                  <rect
                    x={x}
                    y={y + 20}
                    width={width}
                    height="16"
                    fill={series[serie]?.colour ?? TEXT}
                    stroke="#ffffff"
                    stroke-width="1"
                  />
                ) : null;
              x += width;
              return rect;
            })}
            <text x={plot + 6} y={y + 33} font-size="13" fill={TEXT}>
              {String(total)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
