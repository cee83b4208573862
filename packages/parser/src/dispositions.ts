import type { Disposition, DispositionUse, Section } from '@tmsync/core';
import { dispositionUseRegExp } from '@tmsync/core';
import type { List, Paragraph, Root, RootContent, Table } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { Span } from './claims.js';
import type { SourceText } from './source.js';
import { plainInline } from './source.js';

const NAME_RE = /^([A-Z][A-Z0-9]+(?:-[A-Z0-9]+)*)(?:\s*:\s*([a-z][a-z0-9]*(?:[-_][a-z0-9]+)*))?/;
/** A disposition used in prose, built from the core vocabulary's families. */
const USE_RE = dispositionUseRegExp();

/** Normalises a disposition name: `OUT-OF-MODEL:trusted-input` → `OUT-OF-MODEL: trusted-input`. */
export function normaliseDisposition(name: string): string {
  const m = NAME_RE.exec(plainInline(name).trim());
  if (!m) return plainInline(name).trim();
  return m[2] ? `${m[1]}: ${m[2]}` : (m[1] as string);
}

/** Reads the dispositions the triage-dispositions section declares (a table, or a list of named items). */
export function scanDispositions(tree: Root, source: SourceText, section: Section): Disposition[] {
  const out: Disposition[] = [];
  const start = section.range.start.offset;
  const end = section.range.end.offset;
  for (const node of tree.children as RootContent[]) {
    const ns = node.position?.start.offset ?? -1;
    const ne = node.position?.end.offset ?? -1;
    if (ns < start || ns >= end) continue;
    if (node.type === 'table') {
      const rows = (node as Table).children;
      rows.slice(1).forEach((row) => {
        const cells = row.children.map((c) => plainInline(toString(c)));
        const first = cells[0] ?? '';
        if (!NAME_RE.test(first)) return;
        out.push({
          name: normaliseDisposition(first),
          meaning: cells[1] ?? '',
          licensedBy: cells.length >= 3 ? (cells[cells.length - 1] ?? '') : '',
          range: source.range(row.position?.start.offset ?? ns, row.position?.end.offset ?? ne),
        });
      });
    } else if (node.type === 'list') {
      for (const item of (node as List).children) {
        const first = item.children[0];
        if (first?.type !== 'paragraph') continue;
        const lead = (first as Paragraph).children[0];
        if (!lead || (lead.type !== 'inlineCode' && lead.type !== 'strong')) continue;
        const name = plainInline(toString(lead));
        if (!NAME_RE.test(name)) continue;
        const text = plainInline(toString(item))
          .slice(name.length)
          .replace(/^[\s:—–-]+/, '');
        const lic = /licensed by\s*:?\s*(.*)$/i.exec(text);
        out.push({
          name: normaliseDisposition(name),
          meaning: text,
          licensedBy: lic?.[1] ?? '',
          range: source.range(item.position?.start.offset ?? ns, item.position?.end.offset ?? ne),
        });
      }
    }
  }
  return out;
}

/** Finds dispositions named in the sections that route reports (out of scope, misuse, non-findings). */
export function scanDispositionUses(
  source: SourceText,
  sections: readonly Section[],
  excluded: readonly Span[],
  sectionAt: (offset: number) => { key: string | null; id: DispositionUse['sectionId'] },
): DispositionUse[] {
  const out: DispositionUse[] = [];
  for (const s of sections) {
    if (s.id !== 'out-of-scope' && s.id !== 'misuse' && s.id !== 'non-findings') continue;
    const start = s.heading.end.offset;
    const text = source.slice(start, s.range.end.offset);
    USE_RE.lastIndex = 0;
    for (let m = USE_RE.exec(text); m; m = USE_RE.exec(text)) {
      const at = start + m.index;
      if (excluded.some((e) => at >= e.start && at < e.end)) continue;
      const name = m[2] ? `${m[1]}: ${m[2]}` : (m[1] as string);
      const { key } = sectionAt(at);
      out.push({ name, section: key, sectionId: s.id, range: source.range(at, at + m[0].length) });
    }
  }
  return out;
}
