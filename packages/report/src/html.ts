/**
 * The report's pages, built as hast trees (hastscript) and serialised by
 * hast-util-to-html, which escapes every text and attribute: titles, question
 * texts and commit subjects are user input and never reach the page as markup.
 * Charts are drawn by Chart.js from a local copy of its UMD build; their data
 * travels as JSON in a non-executed script element, `<` escaped.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Element, ElementContent, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { h } from 'hastscript';
import type {
  CampaignReport,
  FamilyReport,
  HistoryPoint,
  HopReport,
  SatelliteReport,
  SourceFile,
  SourceLocation,
} from './model.js';
import { byAttention, overviewRow } from './model.js';

/** The site's pages and assets: relative path → content. */
export type Site = Map<string, string>;

/** Path of the Chart.js browser build in the site. */
export const CHART_ASSET = 'assets/chart.umd.min.js';

/** The Chart.js UMD build this package depends on (pinned), read from node_modules. */
export function chartLibrary(): string {
  const require = createRequire(import.meta.url);
  return readFileSync(join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'), 'utf8');
}

const SLUG = /^[a-z0-9][a-z0-9-]*$/;

const STYLE = `
:root { font-family: system-ui, sans-serif; color: #1b1f24; background: #fff; }
body { margin: 1.5rem auto; max-width: 100rem; padding: 0 1rem; }
table { border-collapse: collapse; margin: .5rem 0 1.5rem; font-size: .9rem; }
th, td { border: 1px solid #d0d7de; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.bad { background: #ffebe9; } .warn { background: #fff8c5; } .good { background: #dafbe1; }
pre { background: #f6f8fa; padding: .5rem; overflow-x: auto; font-size: .8rem; }
.chart { position: relative; height: 18rem; margin-bottom: 1.5rem; }
.src { font-family: ui-monospace, monospace; font-size: .8rem; white-space: pre; }
.src a.ln { display: inline-block; width: 4em; color: #6e7781; text-decoration: none; text-align: right; margin-right: 1em; }
.src span:target { background: #fff8c5; }
nav { margin-bottom: 1rem; } .muted { color: #6e7781; }
`;

const CSP =
  "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'";

function page(title: string, body: ElementContent[], scripts: ElementContent[] = []): string {
  const tree: Root = {
    type: 'root',
    children: [
      { type: 'doctype' },
      h('html', { lang: 'en' }, [
        h('head', [
          h('meta', { charset: 'utf-8' }),
          h('meta', { httpEquiv: 'Content-Security-Policy', content: CSP }),
          h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
          // No favicon request: the site asks for nothing it does not ship.
          h('link', { rel: 'icon', href: 'data:,' }),
          h('title', title),
          h('style', STYLE),
        ]),
        h('body', [...body, ...scripts]),
      ]),
    ],
  };
  return `${toHtml(tree)}\n`;
}

function up(depth: number): string {
  return '../'.repeat(depth);
}

/** The href of a source location from a page `depth` folders deep. */
export function sourceHref(at: SourceLocation, depth: number): string {
  return `${up(depth)}sources/${at.source}.html#L${at.line}`;
}

function sourceLink(at: SourceLocation | null, text: string, depth: number): ElementContent {
  return at ? h('a', { href: sourceHref(at, depth) }, text) : h('span', text);
}

function num(value: number | null | undefined, cls?: string): Element {
  return h(
    'td',
    { className: ['num', ...(cls ? [cls] : [])] },
    value === null || value === undefined ? '—' : String(value),
  );
}

function cell(value: number | null | undefined, badAbove = 0): Element {
  return num(value, value !== null && value !== undefined && value > badAbove ? 'bad' : undefined);
}

function short(sha: string | null): string {
  return sha ? sha.slice(0, 8) : '—';
}

/** The overview page: one row per family, those needing attention first. */
function overviewPage(report: CampaignReport): string {
  const rows = byAttention(report.families).map((f) => {
    const r = overviewRow(f);
    const href = `families/${f.slug}.html`;
    const model = f.parent.source ? { source: f.parent.source, line: 1 } : null;
    return h('tr', { dataFamily: f.name }, [
      h(
        'td',
        [h('a', { href }, f.name), f.parent.error ? h('div', { className: ['bad'] }, f.parent.error) : null].filter(
          (x): x is Element => x !== null,
        ),
      ),
      h('td', [sourceLink(model, `${f.parent.repo}:${f.parent.path}`, 0)]),
      h('td', { className: ['num', ...(r.lintErrors ? ['bad'] : [])] }, [
        h('a', { href: `${href}#lint` }, r.lintErrors === null ? '—' : String(r.lintErrors)),
      ]),
      num(r.lintWarnings, r.lintWarnings ? 'warn' : undefined),
      num(r.provenance?.documented),
      num(r.provenance?.maintainer),
      num(r.provenance?.inferred),
      num(r.provenance?.assumption),
      h('td', { className: ['num', ...(r.questions?.open ? ['warn'] : [])] }, [
        h('a', { href: `${href}#questions` }, r.questions ? String(r.questions.open) : '—'),
      ]),
      num(r.questions?.partial),
      num(r.questions?.resolved),
      num(r.satellites),
      cell(r.brokenChains),
      cell(r.driftedAddenda),
      num(r.openChanges),
      cell(r.humanEdited),
      cell(r.staleChanges),
      h('td', r.pin ?? '—'),
      h('td', { className: r.newerTags.length ? ['warn'] : [] }, r.newerTags.length ? r.newerTags.join(', ') : '—'),
    ]);
  });
  const head = [
    'Family',
    'Parent model',
    'Lint errors',
    'Lint warnings',
    'Documented',
    'Maintainer',
    'Inferred',
    'Assumption',
    'Open questions',
    'Partial',
    'Resolved',
    'Satellites',
    'Broken chains',
    'Drifted addenda',
    'Open changes',
    'Human-edited',
    'Stale changes',
    'Pin',
    'Newer tags',
  ];
  return page(`Campaign report: ${report.campaign}`, [
    h('h1', `Campaign report: ${report.campaign}`),
    h(
      'p',
      { className: ['muted'] },
      `${report.families.length} famil${report.families.length === 1 ? 'y' : 'ies'}, generated ${report.generatedAt}. Families needing attention come first.`,
    ),
    h('table', { id: 'overview' }, [
      h('thead', [
        h(
          'tr',
          head.map((t) => h('th', t)),
        ),
      ]),
      h('tbody', rows),
    ]),
  ]);
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
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const CHART_INIT = `
for (const canvas of document.querySelectorAll('canvas[data-chart]')) {
  const config = JSON.parse(document.getElementById(canvas.dataset.chart).textContent);
  new Chart(canvas, config);
}
`;

function hopItem(hop: HopReport): Element {
  const where = hop.path ? `${hop.repo ?? ''}:${hop.path}${hop.ref ? ` at ${hop.ref}` : ''}` : '(not reached)';
  const parts: (ElementContent | string)[] = [
    h('strong', hop.step),
    ' ',
    h('span', { className: [hop.ok ? 'good' : 'bad'] }, hop.ok ? 'ok' : 'broken'),
    ' ',
    sourceLink(hop.file, where, 1),
  ];
  if (hop.via) parts.push(' (linked from ', sourceLink(hop.via, `line ${hop.via.line}`, 1), ')');
  if (hop.kind) parts.push(`, ${hop.kind}`);
  if (hop.note) parts.push(`; ${hop.note}`);
  const problems = hop.problems.map((p) =>
    h('li', { className: [p.severity === 'error' ? 'bad' : 'warn'] }, [sourceLink(p.at, p.message, 1)]),
  );
  return h('li', { dataHop: hop.step }, [...parts, ...(problems.length ? [h('ul', problems)] : [])]);
}

function satelliteSection(s: SatelliteReport): Element {
  const c = s.chain;
  const chainClass = c.status === 'ok' ? 'good' : c.status === 'unverified' ? 'warn' : 'bad';
  const body: ElementContent[] = [
    h('h3', s.repo),
    h('p', [
      'Chain: ',
      h('span', { className: [chainClass] }, c.status),
      c.ref ? ` at ${c.ref}` : '',
      c.proposed ? ` (${c.proposed} with the open change)` : '',
    ]),
  ];
  if (c.error) body.push(h('p', { className: ['bad'] }, c.error));
  if (c.hops.length) body.push(h('ol', { className: ['chain'] }, c.hops.map(hopItem)));
  if (s.change)
    body.push(
      h('p', [
        'Change: ',
        h('a', { href: s.change.url }, `#${s.change.id} ${s.change.title}`),
        ` (${s.change.state}${s.change.stale ? ', stale: the tool would propose something else now' : ''})`,
      ]),
    );
  else body.push(h('p', s.changeError ? `Change: cannot be read: ${s.changeError}` : 'Change: none open'));
  for (const e of s.humanEdits) body.push(h('p', { className: ['bad'] }, `Human-edited: ${e.path}: ${e.message}`));
  for (const i of s.issues) body.push(h('p', { className: ['warn'] }, `${i.code}: ${i.path}: ${i.message}`));
  if (s.drift) {
    const d = s.drift;
    body.push(
      h('p', [
        'Drift: ',
        h('span', { className: [d.finding ? 'bad' : d.status === 'ok' ? 'good' : 'warn'] }, d.status),
        d.addendum ? ` (${d.addendum}` : ' (no addendum',
        d.recordedRef ? `, recorded at ${short(d.recordedRef)}, now ${d.nowRef})` : ')',
      ]),
    );
    const changed = d.sections.filter((x) => x.state !== 'same');
    if (changed.length)
      body.push(
        h(
          'ul',
          changed.map((x) => h('li', [`${x.label} ${x.title}: ${x.state}`, ...(x.diff ? [h('pre', x.diff)] : [])])),
        ),
      );
    for (const m of d.moved) body.push(h('p', { className: ['bad'] }, [sourceLink(m.at, m.message, 1)]));
    for (const p of d.problems) body.push(h('p', { className: ['warn'] }, p));
  } else if (s.driftError) body.push(h('p', { className: ['bad'] }, `Drift: cannot be checked: ${s.driftError}`));
  return h('section', { className: ['satellite'], dataRepo: s.repo }, body);
}

/** A family's page: parent, charts over its history, open questions, lint, satellites. */
function familyPage(f: FamilyReport): string {
  const model = f.parent.source;
  const at = (line: number): SourceLocation | null => (model ? { source: model, line } : null);
  const body: ElementContent[] = [
    h('nav', [h('a', { href: '../index.html' }, '← all families')]),
    h('h1', `Family ${f.name}`),
    h('p', [
      'Parent: ',
      sourceLink(at(1), `${f.parent.repo}:${f.parent.path}`, 1),
      f.parent.defaultBranch ? ` at ${f.parent.defaultBranch} (${short(f.parent.commit)})` : '',
      f.title ? ` — ${f.title}` : '',
    ]),
    h('p', [
      `Pointers link to ${f.parent.linkRef ?? '—'}`,
      f.parent.pin ? ` (pinned to ${f.parent.pin})` : ' (not pinned)',
      f.parent.newerTags.length ? `; newer tags: ${f.parent.newerTags.join(', ')}` : '',
    ]),
  ];
  if (f.parent.error) body.push(h('p', { className: ['bad'] }, f.parent.error));
  if (f.provenance)
    body.push(
      h('p', { id: 'provenance' }, [
        `Provenance: ${f.provenance.documented} documented, ${f.provenance.maintainer} maintainer, ${f.provenance.inferred} inferred, ${f.provenance.assumption} assumption.`,
      ]),
    );
  const scripts: ElementContent[] = [];
  body.push(h('h2', { id: 'history' }, 'History'));
  if (f.history?.length) {
    const charts = historyCharts(f.history);
    for (const [name, config] of Object.entries(charts)) {
      body.push(
        h('div', { className: ['chart'] }, [
          h('canvas', { id: `chart-${name}`, dataChart: `data-${name}`, dataPoints: String(f.history.length) }),
        ]),
      );
      scripts.push(h('script', { type: 'application/json', id: `data-${name}` }, scriptJson(config)));
    }
    scripts.push(h('script', { src: `../${CHART_ASSET}` }), h('script', CHART_INIT));
    body.push(
      h('table', { id: 'commits' }, [
        h('thead', [
          h(
            'tr',
            ['Commit', 'Date', 'Tags', 'Doc', 'Mnt', 'Inf', 'Asm', 'Open', 'Partial', 'Resolved', 'Subject'].map((t) =>
              h('th', t),
            ),
          ),
        ]),
        h(
          'tbody',
          f.history.map((p) =>
            h('tr', { dataSha: p.sha }, [
              h('td', h('code', short(p.sha))),
              h('td', p.date.slice(0, 10)),
              h('td', p.tags.join(', ')),
              num(p.provenance?.documented),
              num(p.provenance?.maintainer),
              num(p.provenance?.inferred),
              num(p.provenance?.assumption),
              num(p.questions?.open),
              num(p.questions?.partial),
              num(p.questions?.resolved),
              h('td', p.subject),
            ]),
          ),
        ),
      ]),
    );
  } else body.push(h('p', { className: ['muted'] }, f.historyError ?? 'No history.'));

  body.push(h('h2', { id: 'questions' }, 'Open and partial questions'));
  const items = f.questions?.items.filter((q) => q.state === 'open' || q.state === 'partial') ?? [];
  if (items.length)
    body.push(
      h('table', [
        h('thead', [
          h(
            'tr',
            ['Question', 'State', 'Wave', 'Open since', 'Cited by', 'Text'].map((t) => h('th', t)),
          ),
        ]),
        h(
          'tbody',
          items.map((q) =>
            h('tr', { dataQuestion: q.id }, [
              h('td', [sourceLink(at(q.line), q.id, 1)]),
              h('td', q.state),
              h('td', q.wave ?? '—'),
              h(
                'td',
                q.since
                  ? `${q.since.date.slice(0, 10)} (${q.since.commits} commit${q.since.commits === 1 ? '' : 's'})`
                  : '—',
              ),
              h(
                'td',
                q.citedBy.length
                  ? [
                      h(
                        'ul',
                        q.citedBy.map((c) =>
                          h('li', [sourceLink(at(c.line), `line ${c.line}`, 1), ` ${c.section ?? ''}: ${c.text}`]),
                        ),
                      ),
                    ]
                  : ['none'],
              ),
              h('td', q.text),
            ]),
          ),
        ),
      ]),
    );
  else body.push(h('p', { className: ['muted'] }, f.questions ? 'No open question.' : 'The model cannot be read.'));

  body.push(h('h2', { id: 'lint' }, 'Lint'));
  if (f.lint?.messages.length)
    body.push(
      h('table', [
        h('thead', [
          h(
            'tr',
            ['Line', 'Severity', 'Rule', 'Message'].map((t) => h('th', t)),
          ),
        ]),
        h(
          'tbody',
          f.lint.messages.map((m) =>
            h(
              'tr',
              { className: [m.severity === 'error' ? 'bad' : m.severity === 'warning' ? 'warn' : ''].filter(Boolean) },
              [
                h('td', [sourceLink(at(m.line), String(m.line), 1)]),
                h('td', m.severity),
                h('td', m.ruleId),
                h('td', m.message),
              ],
            ),
          ),
        ),
      ]),
    );
  else body.push(h('p', { className: ['muted'] }, f.lint ? 'No lint message.' : 'Not linted.'));

  body.push(
    h('h2', { id: 'satellites' }, `Satellites (${f.satellites.length})`),
    ...f.satellites.map(satelliteSection),
  );
  return page(`Family ${f.name}`, body, scripts);
}

/** A source file with numbered lines, each anchored as `#L<n>`. */
function sourcePage(s: SourceFile): string {
  const lines = s.text.split(/\r?\n/);
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();
  const children: (ElementContent | string)[] = [];
  lines.forEach((text, i) => {
    const n = i + 1;
    children.push(h('span', { id: `L${n}` }, [h('a', { className: ['ln'], href: `#L${n}` }, String(n)), text]), '\n');
  });
  return page(`${s.repo}:${s.path}`, [
    h('nav', [h('a', { href: '../index.html' }, '← all families')]),
    h('h1', `${s.repo}:${s.path}`),
    h('p', { className: ['muted'] }, [
      `at ${s.ref} (${short(s.commit)})`,
      ...(s.externalUrl ? [' — ', h('a', { href: s.externalUrl }, 'on the forge')] : []),
    ]),
    h('div', { className: ['src'] }, children),
  ]);
}

/** Renders the whole site: `index.html`, a page per family, a page per source file, the chart library, `report.json`. */
export function renderSite(report: CampaignReport, chartJs: string = chartLibrary()): Site {
  const site: Site = new Map();
  const seen = new Set<string>();
  for (const id of [...report.families.map((f) => f.slug), ...report.sources.map((s) => s.id)]) {
    if (!SLUG.test(id)) throw new Error(`report: "${id}" is not a page name (lower-case letters, digits, dashes)`);
  }
  for (const f of report.families) {
    if (seen.has(f.slug)) throw new Error(`report: two families have the page name ${f.slug}`);
    seen.add(f.slug);
  }
  site.set('index.html', overviewPage(report));
  for (const f of report.families) site.set(`families/${f.slug}.html`, familyPage(f));
  for (const s of report.sources) site.set(`sources/${s.id}.html`, sourcePage(s));
  site.set(CHART_ASSET, chartJs);
  // The figures for machines (and tests): the report without the sources' text.
  const data = { ...report, sources: report.sources.map(({ text: _text, ...rest }) => rest) };
  site.set('report.json', `${JSON.stringify(data, null, 2)}\n`);
  return site;
}
