// Server-rendered SVG charts, no script: each has role="img", a <title> and a <desc>, and the page
// shows the same figures in a table next to it (the table is the accessible source of truth).
// Colours are presentation attributes (the CSP forbids style attributes), from DSFR's palette.

const BLUE = '#000091';
const GREY = '#666666';

export interface Bar {
  label: string;
  /** 0..1 */
  ratio: number;
  text: string;
}

export function BarChart({ id, title, bars }: { id: string; title: string; bars: readonly Bar[] }) {
  const rowHeight = 22;
  const labelWidth = 260;
  const width = 720;
  const plot = width - labelWidth - 80;
  const height = Math.max(1, bars.length) * rowHeight + 10;
  return (
    <svg
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      preserveAspectRatio="xMinYMin meet"
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{bars.map((bar) => `${bar.label} : ${bar.text}`).join(' ; ')}</desc>
      {bars.map((bar, index) => {
        const y = 5 + index * rowHeight;
        const barWidth = Math.max(0, Math.min(1, bar.ratio)) * plot;
        return (
          <g>
            <text x={labelWidth - 6} y={y + 15} text-anchor="end" font-size="12" fill="#161616">
              {bar.label.length > 40 ? `${bar.label.slice(0, 39)}…` : bar.label}
            </text>
            <rect x={labelWidth} y={y + 3} width={plot} height={rowHeight - 8} fill="#eeeeee" />
            <rect x={labelWidth} y={y + 3} width={barWidth} height={rowHeight - 8} fill={BLUE} />
            <text x={labelWidth + plot + 6} y={y + 15} font-size="12" fill="#161616">
              {bar.text}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export interface Point {
  x: string;
  y: number;
}

export function LineChart({
  id,
  title,
  points,
  format,
}: {
  id: string;
  title: string;
  points: readonly Point[];
  format: (value: number) => string;
}) {
  const width = 720;
  const height = 240;
  const left = 90;
  const bottom = 30;
  const max = Math.max(1, ...points.map((p) => p.y));
  const step = points.length > 1 ? (width - left - 20) / (points.length - 1) : 0;
  const coords = points.map(
    (p, i) => [left + i * step, 10 + (1 - p.y / max) * (height - bottom - 10)] as const,
  );
  return (
    <svg
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>
        {points.length === 0
          ? 'Aucune commande pour le moment.'
          : points.map((p) => `${p.x} : ${format(p.y)}`).join(' ; ')}
      </desc>
      <line x1={left} y1={height - bottom} x2={width - 10} y2={height - bottom} stroke={GREY} />
      <line x1={left} y1={10} x2={left} y2={height - bottom} stroke={GREY} />
      <text x={left - 6} y={16} text-anchor="end" font-size="11" fill="#161616">
        {format(max)}
      </text>
      <text x={left - 6} y={height - bottom} text-anchor="end" font-size="11" fill="#161616">
        {format(0)}
      </text>
      {coords.length > 1 && (
        <polyline
          points={coords.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ')}
          fill="none"
          stroke={BLUE}
          stroke-width="2"
        />
      )}
      {coords.map(([x, y]) => (
        <circle cx={x} cy={y} r="3" fill={BLUE} />
      ))}
      {points.length > 0 && (
        <>
          <text x={left} y={height - 8} font-size="11" fill="#161616">
            {points[0]!.x}
          </text>
          <text x={width - 10} y={height - 8} text-anchor="end" font-size="11" fill="#161616">
            {points[points.length - 1]!.x}
          </text>
        </>
      )}
    </svg>
  );
}
