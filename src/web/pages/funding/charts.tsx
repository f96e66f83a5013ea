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
  /** A calendar day, 'YYYY-MM-DD'. */
  day: string;
  y: number;
}

const DAY_MS = 86_400_000;
const dayTime = (day: string) => Date.parse(`${day.slice(0, 10)}T00:00:00Z`);
const isoDay = (time: number) => new Date(time).toISOString().slice(0, 10);
const dayMonth = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const monthYear = new Intl.DateTimeFormat('fr-FR', { month: 'short', year: 'numeric', timeZone: 'UTC' });

/** One point per day (the last value given for a day wins), in date order. */
export function distinctDays(points: readonly Point[]): Point[] {
  const byDay = new Map<string, number>();
  for (const point of points) byDay.set(point.day.slice(0, 10), point.y);
  return [...byDay].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([day, y]) => ({ day, y }));
}

export interface Tick {
  day: string;
  label: string;
}

/**
 * Ticks for a time axis from `first` to `last` (days): at most `max`, evenly spaced in days for a
 * short span, on the first of the month for a long one, each label once (a label that would repeat
 * its neighbour, say two ticks in the same month, is dropped).
 */
export function timeTicks(first: string, last: string, max = 6): Tick[] {
  const start = dayTime(first);
  const end = dayTime(last);
  if (!(end > start)) return [{ day: first.slice(0, 10), label: dayMonth.format(start) }];
  const span = Math.round((end - start) / DAY_MS);
  let days: number[];
  let format: Intl.DateTimeFormat;
  if (span <= 62) {
    // A few weeks: every n days, n the smallest of 1, 2, 7, 14 that keeps to `max` ticks.
    const step = [1, 2, 7, 14].find((n) => Math.floor(span / n) + 1 <= max) ?? Math.ceil(span / (max - 1));
    days = Array.from({ length: Math.floor(span / step) + 1 }, (_, i) => start + i * step * DAY_MS);
    format = dayMonth;
  } else {
    // Months: the first of every n-th month inside the span.
    const from = new Date(start);
    const months: number[] = [];
    for (let m = 0; ; m++) {
      const time = Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + m, 1);
      if (time > end) break;
      if (time >= start) months.push(time);
    }
    const step =
      [1, 2, 3, 6, 12].find((n) => Math.ceil(months.length / n) <= max) ??
      12 * Math.ceil(months.length / 12 / max);
    days = months.filter((_, i) => i % step === 0);
    const years = new Set(days.map((time) => new Date(time).getUTCFullYear()));
    format =
      years.size > 1 ? monthYear : new Intl.DateTimeFormat('fr-FR', { month: 'long', timeZone: 'UTC' });
  }
  const ticks: Tick[] = [];
  for (const time of days) {
    const label = format.format(time);
    if (!ticks.some((tick) => tick.label === label)) ticks.push({ day: isoDay(time), label });
  }
  return ticks;
}

/** Under two days, no curve: a sentence, and the one day's total as a single bar. */
function FewDays({
  id,
  title,
  days,
  format,
  formatDay,
}: {
  id: string;
  title: string;
  days: readonly Point[];
  format: (value: number) => string;
  formatDay: (day: string) => string;
}) {
  const day = days[0];
  const sentence = day
    ? `Toutes les commandes datent du ${formatDay(day.day)} : ${format(day.y)} au total. La courbe s’affichera dès qu’il y aura des commandes sur deux jours.`
    : 'Aucune commande pour le moment.';
  const width = 720;
  const height = day ? 90 : 30;
  return (
    <svg
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{sentence}</desc>
      <text x="0" y="18" font-size="13" fill="#161616">
        {day ? `Toutes les commandes datent du ${formatDay(day.day)}.` : sentence}
      </text>
      {day && (
        <g>
          <rect x="0" y="34" width={width - 160} height="22" fill={BLUE} />
          <text x={width - 150} y="50" font-size="12" fill="#161616">
            {format(day.y)}
          </text>
          <text x="0" y="78" font-size="11" fill="#161616">
            {formatDay(day.day)}
          </text>
        </g>
      )}
    </svg>
  );
}

/**
 * A cumulative curve over time, x placed by date. With fewer than two distinct days there is no
 * curve to draw (a lone dot between two identical dates says nothing): a sentence and a bar instead.
 */
export function LineChart({
  id,
  title,
  points,
  format,
  formatDay,
}: {
  id: string;
  title: string;
  points: readonly Point[];
  format: (value: number) => string;
  formatDay: (day: string) => string;
}) {
  const days = distinctDays(points);
  if (days.length < 2)
    return <FewDays id={id} title={title} days={days} format={format} formatDay={formatDay} />;
  const width = 720;
  const height = 240;
  const left = 90;
  const right = 30;
  const bottom = 30;
  const max = Math.max(1, ...days.map((p) => p.y));
  const t0 = dayTime(days[0]!.day);
  const t1 = dayTime(days[days.length - 1]!.day);
  const xOf = (day: string) => left + ((dayTime(day) - t0) / (t1 - t0)) * (width - left - right);
  const yOf = (value: number) => 10 + (1 - value / max) * (height - bottom - 10);
  const ticks = timeTicks(days[0]!.day, days[days.length - 1]!.day);
  return (
    <svg
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>
        {`Du ${formatDay(days[0]!.day)} (${format(days[0]!.y)}) au ${formatDay(days[days.length - 1]!.day)} (${format(days[days.length - 1]!.y)}), ${days.length} jours de commandes ; le détail est dans le tableau qui suit.`}
      </desc>
      <line x1={left} y1={height - bottom} x2={width - right} y2={height - bottom} stroke={GREY} />
      <line x1={left} y1={10} x2={left} y2={height - bottom} stroke={GREY} />
      <text x={left - 6} y={16} text-anchor="end" font-size="11" fill="#161616">
        {format(max)}
      </text>
      <text x={left - 6} y={height - bottom} text-anchor="end" font-size="11" fill="#161616">
        {format(0)}
      </text>
      {ticks.map((tick) => (
        <g>
          <line
            x1={xOf(tick.day)}
            y1={height - bottom}
            x2={xOf(tick.day)}
            y2={height - bottom + 4}
            stroke={GREY}
          />
          <text x={xOf(tick.day)} y={height - 8} text-anchor="middle" font-size="11" fill="#161616">
            {tick.label}
          </text>
        </g>
      ))}
      {/* A step curve: the cumulative total holds until the next day with orders. */}
      <polyline
        points={days
          .flatMap((p, i) => {
            const x = xOf(p.day);
            const previous = i > 0 ? [[x, yOf(days[i - 1]!.y)] as const] : [];
            return [...previous, [x, yOf(p.y)] as const];
          })
          .map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`)
          .join(' ')}
        fill="none"
        stroke={BLUE}
        stroke-width="2"
      />
    </svg>
  );
}
