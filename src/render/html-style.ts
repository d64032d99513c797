/**
 * The report's one stylesheet: system fonts only (no font files to fetch), colours as variables
 * for the light and dark schemes, and a print style that keeps the table and chart on paper in ink.
 */
export const HTML_STYLE = `:root {
  --bg: #ffffff; --fg: #1d232a; --muted: #5b6672; --rule: #d5dbe1; --panel: #f5f7f9;
  --accent: #1f6feb; --best: #1a7f37; --worst: #cf222e; --warn-bg: #fff8c5; --warn-fg: #633c01;
  --mark: #1f6feb; --recommended: #bf3989; --curve: #8250df; --grid: #e7ebef;
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9aa5b1; --rule: #30363d; --panel: #161b22;
    --accent: #58a6ff; --best: #3fb950; --worst: #ff7b72; --warn-bg: #3b2e00; --warn-fg: #f2cc60;
    --mark: #58a6ff; --recommended: #ff7bc5; --curve: #bc8cff; --grid: #21262d;
  }
}
* { box-sizing: border-box; }
body {
  margin: 0 auto; padding: clamp(12px, 4vw, 24px); max-width: 1180px; background: var(--bg); color: var(--fg);
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
/* A function or file name is one long word: it must wrap, not push the page sideways on a phone. */
h1 { font-size: 1.45rem; margin: 0 0 4px; overflow-wrap: anywhere; }
h2 { font-size: 1.1rem; margin: 28px 0 8px; }
section.report + section.report { border-top: 2px solid var(--rule); margin-top: 32px; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 12px 0; color: var(--muted); }
.facts dt { font-weight: 600; }
.facts dd { margin: 0; color: var(--fg); overflow-wrap: anywhere; }
.recommendation { background: var(--panel); border-left: 4px solid var(--recommended); padding: 10px 14px; margin: 16px 0; }
.recommendation strong { font-size: 1.05rem; }
.warnings { list-style: none; padding: 0; margin: 12px 0; }
.warnings li { background: var(--warn-bg); color: var(--warn-fg); padding: 6px 10px; margin: 4px 0; border-radius: 4px; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; width: 100%; font-size: 14px; }
th, td { padding: 4px 7px; border-bottom: 1px solid var(--rule); text-align: right; white-space: nowrap; }
th { font-weight: 600; color: var(--muted); vertical-align: bottom; }
th.text, td.text { text-align: left; white-space: normal; }
tr.recommended td { font-weight: 700; background: var(--panel); }
td.best { color: var(--best); }
td.worst { color: var(--worst); }
td.failed { color: var(--worst); text-align: left; }
.notes { color: var(--muted); font-size: 0.9rem; margin: 8px 0; padding-left: 18px; }
figure { margin: 16px 0; }
figcaption { color: var(--muted); font-size: 0.9rem; }
svg.chart, svg.chart-narrow { width: 100%; max-width: 880px; height: auto; display: block; }
/* On a phone the chart drawn 400 units wide replaces the 720-unit one, whose 11-unit text would
   shrink to 5 px there. */
svg.chart-narrow { display: none; }
@media screen and (max-width: 600px) {
  svg.chart { display: none; }
  svg.chart-narrow { display: block; }
}
:is(svg.chart, svg.chart-narrow) text { fill: var(--fg); font-size: 12px; font-family: inherit; }
:is(svg.chart, svg.chart-narrow) .tick.y { text-anchor: end; fill: var(--muted); }
:is(svg.chart, svg.chart-narrow) .tick.x, :is(svg.chart, svg.chart-narrow) .axis-title { text-anchor: middle; fill: var(--muted); }
:is(svg.chart, svg.chart-narrow) .panel-title { font-weight: 600; }
:is(svg.chart, svg.chart-narrow) .value { text-anchor: middle; font-size: 11px; fill: var(--muted); }
:is(svg.chart, svg.chart-narrow) .value.recommended { fill: var(--recommended); font-weight: 600; }
:is(svg.chart, svg.chart-narrow) .grid { stroke: var(--grid); stroke-width: 1; }
:is(svg.chart, svg.chart-narrow) .axis { stroke: var(--muted); stroke-width: 1; }
:is(svg.chart, svg.chart-narrow) .mark { fill: var(--mark); stroke: var(--bg); stroke-width: 1.5; }
:is(svg.chart, svg.chart-narrow) .mark.recommended { fill: var(--recommended); }
:is(svg.chart, svg.chart-narrow) .interval { stroke: var(--mark); stroke-width: 2; opacity: 0.6; }
:is(svg.chart, svg.chart-narrow) .failed { stroke: var(--worst); stroke-width: 2; fill: none; }
:is(svg.chart, svg.chart-narrow) .curve { fill: none; stroke: var(--curve); stroke-width: 2; stroke-dasharray: 5 3; }
:is(svg.chart, svg.chart-narrow) .recommended-line { stroke: var(--recommended); stroke-width: 1; stroke-dasharray: 3 3; opacity: 0.7; }
.legend { color: var(--muted); font-size: 0.9rem; }
.legend .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin: 0 4px 0 12px; vertical-align: -1px; }
footer { color: var(--muted); font-size: 0.85rem; margin-top: 32px; }
code { overflow-wrap: anywhere; }
@media print {
  :root {
    --bg: #ffffff; --fg: #000000; --muted: #333333; --rule: #999999; --panel: #eeeeee;
    --best: #006400; --worst: #a00000; --warn-bg: #ffffff; --warn-fg: #000000;
    --mark: #1f4fbf; --recommended: #a0005a; --curve: #5a2fb0; --grid: #dddddd;
  }
  body { padding: 0; max-width: none; font-size: 11pt; }
  .table-wrap { overflow: visible; }
  /* The 14-column table must fit an A4 or Letter page (~18 cm) rather than be cut at its edge. */
  table { font-size: 7.5pt; }
  th, td { padding: 2px 3px; }
  table, figure, .recommendation { break-inside: avoid; }
  .warnings li { border: 1px solid #999999; }
  * { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
`;
