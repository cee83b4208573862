/**
 * The family page's charts: Chart.js configurations of a family's history, the
 * library itself (a local copy of its UMD build) and the JSON that carries the
 * data in a non-executed script element, `<` escaped.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { short } from './layout.js';
import type { HistoryPoint } from './model.js';

/** Path of the Chart.js browser build in the site. */
export const CHART_ASSET = 'assets/chart.umd.min.js';

/** The Chart.js UMD build this package depends on (pinned), read from node_modules. */
export function chartLibrary(): string {
  const require = createRequire(import.meta.url);
  return readFileSync(join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'), 'utf8');
}

function axisLabel(p: HistoryPoint): string {
  return p.tags.length ? `${short(p.sha)} (${p.tags.join(', ')})` : short(p.sha);
}

/** Chart.js configurations of a family's history: provenance and questions, one point per commit. */
export function historyCharts(history: readonly HistoryPoint[]) {
  const labels = history.map(axisLabel);
  const series = (get: (p: HistoryPoint) => number | null | undefined) => history.map((p) => get(p) ?? null);
  const line = (label: string, data: (number | null)[], color: string) => ({
    label,
    data,
    borderColor: color,
    backgroundColor: color,
    tension: 0,
    spanGaps: false,
  });
  const options = (title: string) => ({
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    plugins: { title: { display: true, text: title } },
    scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
  });
  return {
    provenance: {
      type: 'line',
      data: {
        labels,
        datasets: [
          line(
            'documented',
            series((p) => p.provenance?.documented),
            '#1a7f37',
          ),
          line(
            'maintainer',
            series((p) => p.provenance?.maintainer),
            '#0969da',
          ),
          line(
            'inferred',
            series((p) => p.provenance?.inferred),
            '#bf8700',
          ),
          line(
            'assumption',
            series((p) => p.provenance?.assumption),
            '#8250df',
          ),
        ],
      },
      options: options('Claims by provenance, per commit of the model'),
    },
    questions: {
      type: 'line',
      data: {
        labels,
        datasets: [
          line(
            'open',
            series((p) => p.questions?.open),
            '#cf222e',
          ),
          line(
            'partial',
            series((p) => p.questions?.partial),
            '#bf8700',
          ),
          line(
            'resolved',
            series((p) => p.questions?.resolved),
            '#1a7f37',
          ),
        ],
      },
      options: options('Questions by state, per commit of the model'),
    },
  };
}

/** JSON for a script element: `<` escaped so no text can close the element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The inline script that draws every `canvas[data-chart]` from its JSON script element. */
export const CHART_INIT = `
for (const canvas of document.querySelectorAll('canvas[data-chart]')) {
  const config = JSON.parse(document.getElementById(canvas.dataset.chart).textContent);
  new Chart(canvas, config);
}
`;
