import { type Html, html } from "./html.js";

export interface BarRow {
  label: string;
  value: number;
  /** Shown after the value ("12 / 40"); defaults to the value. */
  text?: string | undefined;
}

/**
 * A horizontal bar chart as server-rendered SVG, followed by a table of the
 * same numbers: the chart for the eye, the table for screen readers, copying
 * and tests (each row carries its label and value as data attributes).
 * `max` fixes the scale (1 for shares); `target` draws a line (the 98% goal).
 */
export function barChart(o: {
  id: string;
  title: string;
  rows: BarRow[];
  max?: number | undefined;
  target?: number | undefined;
  labelHeader: string;
  valueHeader: string;
  format?: (n: number) => string;
}): Html {
  const format = o.format ?? ((n: number) => String(n));
  const max = o.max ?? Math.max(1, ...o.rows.map((r) => r.value));
  const rowH = 30;
  const labelW = 120;
  const barW = 200;
  const height = Math.max(1, o.rows.length) * rowH + 8;
  const x = (v: number) => labelW + Math.round((Math.min(v, max) / max) * barW);
  const bars = o.rows.map(
    (r, i) => html`<g>
      <text x="${labelW - 6}" y="${i * rowH + 20}" text-anchor="end" class="chart-label">${clip(r.label)}</text>
      <rect x="${labelW}" y="${i * rowH + 5}" width="${x(r.value) - labelW}" height="${rowH - 10}" class="${o.target !== undefined && r.value < o.target ? "bar bar-low" : "bar"}" data-label="${r.label}" data-value="${r.value}"></rect>
      <text x="${x(r.value) + 4}" y="${i * rowH + 20}" class="chart-value">${r.text ?? format(r.value)}</text>
    </g>`,
  );
  const target =
    o.target !== undefined
      ? html`<line x1="${x(o.target)}" x2="${x(o.target)}" y1="0" y2="${height}" class="target"></line>`
      : "";
  return html`<figure class="chart" id="${o.id}">
    <figcaption>${o.title}</figcaption>
    <svg viewBox="0 0 ${labelW + barW + 110} ${height}" role="img" aria-labelledby="${o.id}-t" preserveAspectRatio="xMinYMin meet">
      <title id="${o.id}-t">${o.title}</title>${bars}${target}
    </svg>
    <table class="chart-data" data-chart="${o.id}">
      <thead><tr><th scope="col">${o.labelHeader}</th><th scope="col">${o.valueHeader}</th></tr></thead>
      <tbody>${o.rows.map(
        (r) =>
          html`<tr data-label="${r.label}" data-value="${r.value}"><th scope="row">${r.label}</th><td>${r.text ?? format(r.value)}</td></tr>`,
      )}</tbody>
    </table>
  </figure>`;
}

function clip(label: string): string {
  return [...label].length > 8 ? `${[...label].slice(0, 7).join("")}…` : label;
}
