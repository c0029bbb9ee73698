/**
 * The one stylesheet, served as `/assets/site.css` (a file, so the CSP needs no inline style).
 * System fonts only; body text #1f2933 on white (contrast 14:1), links #1d4f91 (8:1).
 */
export const SITE_CSS = `:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 1.0625rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1f2933; background: #ffffff; }
header.site, main, footer.site { max-width: 46rem; margin: 0 auto; padding: 0 1rem; }
header.site { padding-top: 1rem; font-weight: 600; }
footer.site { padding-bottom: 2rem; color: #3e4c59; font-size: 0.9rem; border-top: 1px solid #d5dbe1; margin-top: 2rem; }
a { color: #1d4f91; }
a:focus-visible { outline: 3px solid #1d4f91; outline-offset: 2px; }
h1 { font-size: 1.75rem; line-height: 1.25; margin: 1rem 0 0.5rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 0.75rem; border-bottom: 1px solid #d5dbe1; padding-bottom: 0.25rem; }
h3 { font-size: 1.1rem; margin: 1.5rem 0 0.5rem; }
.lede, .kicker, .stats, .left-out .reason { color: #3e4c59; }
.update { margin: 0 0 1.5rem; }
.summary { margin: 0 0 0.5rem; font-weight: 500; }
.quote { margin: 0.5rem 0; padding: 0.25rem 0 0.25rem 1rem; border-left: 4px solid #1d4f91; }
.quote blockquote { margin: 0; }
.quote blockquote p { margin: 0; font-style: italic; }
.quote figcaption { font-size: 0.95rem; color: #3e4c59; }
.speaker { font-weight: 600; color: #1f2933; }
.sources { font-size: 0.95rem; }
.sources .label { margin: 0.25rem 0 0; color: #3e4c59; }
.sources ul, ul.days { margin: 0.25rem 0; padding-left: 1.25rem; }
ul.days { columns: 2; }
svg.chart { display: block; width: 100%; height: auto; max-width: 40rem; }
svg.chart a:focus-visible circle.point, svg.chart a:hover circle.point { stroke: #1f2933; stroke-width: 3; }
table { border-collapse: collapse; width: 100%; margin: 0.75rem 0 1.5rem; font-size: 0.95rem; }
caption { text-align: left; font-weight: 600; padding-bottom: 0.25rem; }
th, td { text-align: left; padding: 0.3rem 0.5rem; border-bottom: 1px solid #d5dbe1; vertical-align: top; }
td { overflow-wrap: anywhere; }
td.number { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.figure { overflow-x: auto; }
`;
