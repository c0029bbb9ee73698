import { renderToStaticMarkup } from 'preact-render-to-string';
import { formatDate, formatNumber, outletOf } from '../render/describe.ts';
import type { FigurePoint, FigureSeries } from './figure-series.ts';

/**
 * A figure over time as SVG, drawn on the server: axes, a line and a dot per day. On a page each
 * dot links to the article the value came from and names it in a tooltip; the chart's title and
 * description say what it shows for readers who cannot see it, and the table beside it holds the
 * same values. Colours are presentation attributes, not `style`, so the strict CSP allows them and
 * the PNG (chart-png.ts), which has no stylesheet, looks the same.
 */

export const CHART = { width: 640, height: 260, left: 72, right: 24, top: 32, bottom: 40 } as const;
const INK = '#1f2933';
const GRID = '#d5dbe1';
const LINE = '#1d4f91';
const FONT = 'DejaVu Sans, Liberation Sans, Arial, sans-serif';

export interface ChartProps {
  series: FigureSeries;
  /** Unique on the page: the ids of the title and description derive from it. */
  id: string;
  /** Where a point links to; without it (the PNG) points are not links. */
  href?: (point: FigurePoint) => string;
}

/** A step of 1, 2 or 5 times a power of ten that splits `max` into about four bands. */
function niceStep(max: number): number {
  const raw = Math.max(max / 4, 1);
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
}

export function pointLabel(label: string, point: FigurePoint): string {
  return `${label}: ${formatNumber(point.value)} on ${formatDate(point.day)}, reported by ${outletOf(point.source)}`;
}

export function chartDescription(series: FigureSeries): string {
  const first = series.points[0]!;
  const last = series.points.at(-1)!;
  const highest = Math.max(...series.points.map((p) => p.value));
  if (series.points.length === 1) return `One value: ${formatNumber(first.value)} on ${formatDate(first.day)}.`;
  return `${series.points.length} values from ${formatDate(first.day)} (${formatNumber(first.value)}) to ${formatDate(last.day)} (${formatNumber(last.value)}); highest ${formatNumber(highest)}.`;
}

export function Chart({ series, id, href }: ChartProps) {
  const { width, height, left, right, top, bottom } = CHART;
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const step = niceStep(Math.max(...series.points.map((p) => p.value)));
  const ceiling = Math.max(step, Math.ceil(Math.max(...series.points.map((p) => p.value)) / step) * step);
  const ticks = Array.from({ length: Math.round(ceiling / step) + 1 }, (_, i) => i * step);
  const times = series.points.map((p) => Date.parse(`${p.day}T00:00:00Z`));
  const first = times[0]!;
  const span = times.at(-1)! - first;
  const x = (time: number) => left + (span === 0 ? plotWidth / 2 : ((time - first) / span) * plotWidth);
  const y = (value: number) => Math.round((top + plotHeight - (value / ceiling) * plotHeight) * 10) / 10;
  const xy = series.points.map((p, i) => ({ point: p, cx: x(times[i]!), cy: y(p.value) }));
  const dated = series.points.length === 1 ? [xy[0]!] : [xy[0]!, xy.at(-1)!];

  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      class="chart"
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      role="group"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-desc`}
      font-family={FONT}
    >
      <title id={`${id}-title`}>{series.label}</title>
      <desc id={`${id}-desc`}>{chartDescription(series)}</desc>
      <rect x="0" y="0" width={width} height={height} fill="#ffffff" />
      {ticks.map((tick) => (
        <g aria-hidden="true">
          <line x1={left} x2={width - right} y1={y(tick)} y2={y(tick)} stroke={GRID} stroke-width="1" />
          <text x={left - 8} y={y(tick) + 4} text-anchor="end" font-size="12" fill={INK}>
            {formatNumber(tick)}
          </text>
        </g>
      ))}
      {dated.map(({ point, cx }, i) => (
        <text aria-hidden="true" x={cx} y={height - 14} text-anchor={dated.length === 1 ? 'middle' : i === 0 ? 'start' : 'end'} font-size="12" fill={INK}>
          {formatDate(point.day)}
        </text>
      ))}
      {xy.length > 1 && (
        <polyline aria-hidden="true" points={xy.map((p) => `${p.cx.toFixed(1)},${p.cy.toFixed(1)}`).join(' ')} fill="none" stroke={LINE} stroke-width="2" />
      )}
      {xy.map(({ point, cx, cy }) => {
        const dot = [
          // The visible dot, inside a larger transparent one: a target a finger can hit.
          <circle cx={cx.toFixed(1)} cy={cy.toFixed(1)} r="12" fill="transparent" />,
          <circle class="point" cx={cx.toFixed(1)} cy={cy.toFixed(1)} r="5" fill={LINE} stroke="#ffffff" stroke-width="1.5" />,
        ];
        const text = pointLabel(series.label, point);
        return href ? (
          <a href={href(point)} aria-label={text}>
            <title>{text}</title>
            {dot}
          </a>
        ) : (
          <g>{dot}</g>
        );
      })}
    </svg>
  );
}

/** Several charts, one under the other, as one standalone SVG document (for the PNG). */
export function stackedChartsSvg(series: readonly FigureSeries[]): string {
  const { width, height } = CHART;
  return renderToStaticMarkup(
    <svg xmlns="http://www.w3.org/2000/svg" width={width} height={height * series.length} viewBox={`0 0 ${width} ${height * series.length}`}>
      {series.map((s, i) => (
        <g transform={`translate(0 ${i * height})`}>
          <Chart series={s} id={`png-${i}`} />
          <text x={CHART.left} y="16" font-size="13" font-weight="bold" fill={INK} font-family={FONT}>
            {s.label}
          </text>
        </g>
      ))}
    </svg>,
  );
}
