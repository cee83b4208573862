/** A family's page (`families/SLUG.html`). */
import type { ElementContent } from 'hast';
import { h } from 'hastscript';
import { CHART_ASSET, CHART_INIT, historyCharts, scriptJson } from './charts.js';
import { num, page, short, sourceLink } from './layout.js';
import type { FamilyReport, SourceLocation } from './model.js';
import { satelliteSection } from './satellite.js';

/** A family's page: parent, charts over its history, open questions, lint, satellites. */
export function familyPage(f: FamilyReport): string {
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
