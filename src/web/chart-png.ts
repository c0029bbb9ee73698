import { Resvg } from '@resvg/resvg-js';
import { stackedChartsSvg } from './chart.tsx';
import type { FigureSeries } from './figure-series.ts';

/**
 * The charts of a digest's figures as one PNG, for chat messages (Slack and Discord show images,
 * not SVG). The same SVG as the pages, rasterised by resvg, whose prebuilt binary npm installs
 * from the registry. Its text needs fonts: the system's are used (DejaVu or Liberation on Debian);
 * where there are none, the PNG has the lines and dots without their labels.
 */

/** Charts in one image: more would make a message image too tall to read. */
export const PNG_CHARTS = 4;

export function chartPng(series: readonly FigureSeries[]): Buffer {
  const svg = stackedChartsSvg(series.slice(0, PNG_CHARTS));
  const resvg = new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' }, fitTo: { mode: 'zoom', value: 2 } });
  return resvg.render().asPng();
}
