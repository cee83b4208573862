/** A satellite's section of the family page: its chain, its change and its drift. */
import type { Element, ElementContent } from 'hast';
import { h } from 'hastscript';
import { short, sourceLink } from './layout.js';
import type { HopReport, SatelliteReport } from './model.js';

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

/** What became of a change, in words. */
function changeWords(c: NonNullable<SatelliteReport['change']>): string[] {
  if (c.state === 'merged') return [c.mergedBy === 'content' ? 'merged: its content is in the base' : 'merged'];
  if (c.state === 'closed') return ['closed without merging'];
  const words = [c.state];
  if (c.humanEdited) words.push('human-edited: its branch holds commits tmsync did not make');
  if (c.stale) words.push(`stale: the base changed ${c.staleFiles.join(', ')} since`);
  if (c.outdated) words.push('outdated: the tool would propose something else now');
  return words;
}

/** A satellite's section of its family page: chain hop by hop, change, edits, drift. */
export function satelliteSection(s: SatelliteReport): Element {
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
        ` (${changeWords(s.change).join(', ')})`,
      ]),
    );
  else body.push(h('p', s.changeError ? `Change: cannot be read: ${s.changeError}` : 'Change: none'));
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
