/** The overview page (`index.html`): one row per family. */
import type { Element } from 'hast';
import { h } from 'hastscript';
import { cell, num, page, sourceLink } from './layout.js';
import type { CampaignReport } from './model.js';
import { byAttention, overviewRow } from './model.js';

/** The overview page: one row per family, those needing attention first. */
export function overviewPage(report: CampaignReport): string {
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
      num(r.mergedChanges),
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
    'Merged changes',
    'Human-edited changes',
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
