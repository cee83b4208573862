/**
 * What a satellite's standalone draft holds that the parent's model does not:
 * when a pointer change deletes the draft, its own sections (not inherited by
 * the family, not a copy of the parent's text) move into the addendum with
 * their provenance tags and the open questions they cite; inherited and copied
 * sections become references with the parent's fingerprints; the rest (the
 * draft's header, its preamble) is named so the change can link the draft.
 */
import type { Section, SectionId } from '@tmsync/core';
import { fingerprint, flattenSections, normaliseIgnoringProvenance, sectionLabel } from '@tmsync/core';
import { findQuestionRefs, findSection, parseThreatModel, sectionText } from '@tmsync/parser';
import type { ParentState } from './parent.js';

/** A section of the draft the parent's model covers. */
export interface DraftReference {
  /** As the draft numbers it. */
  label: string;
  title: string;
  /** The parent's label of the same section. */
  parentLabel: string;
  /** `inherited`: the family inherits it (the addendum's record holds its fingerprint); `copy`: the draft repeats the parent's text. */
  why: 'inherited' | 'copy';
  /** The parent's fingerprint of the section at the ref the pointers link to. */
  fingerprint: string;
}

/** What a draft gives the addendum. */
export interface DraftCarry {
  path: string;
  /** The draft as it stood at its last commit, on the forge's web. */
  blobUrl: string;
  /** The satellite's own sections, verbatim (heading included), in the draft's order. */
  own: { label: string; title: string; text: string }[];
  references: DraftReference[];
  /** The open questions the carried sections cite, verbatim. */
  questions: { id: string; text: string }[];
  /** What stays only in the draft (its header, its preamble, questions about parent sections), named for the change's body. */
  notCarried: string[];
}

function labelOf(section: Section): string {
  return section.number ? `§${section.number.replace(/^§/, '')}` : section.title;
}

/** The top-level sections of a model (those under a level-1 title, or the first level there is). */
function topSections(sections: readonly Section[]): Section[] {
  const flat = flattenSections([...sections]).filter((s) => s.level >= 2);
  const top = Math.min(...flat.map((s) => s.level));
  return flat.filter((s) => s.level === top);
}

/** Splits a draft into what moves into the addendum, what becomes a reference, and what stays behind. */
export function carryDraft(
  text: string,
  path: string,
  blobUrl: string,
  parent: ParentState,
  inherited: readonly SectionId[],
): DraftCarry {
  const model = parseThreatModel(text, { path });
  const carry: DraftCarry = { path, blobUrl, own: [], references: [], questions: [], notCarried: [] };
  const sections = topSections(model.sections);
  const first = sections[0]?.range.start.offset ?? text.length;
  const preamble = text
    .slice(0, first)
    .replace(/^#\s.*$/m, '')
    .trim();
  if (preamble) carry.notCarried.push('the introduction before its first section');
  for (const section of sections) {
    const label = labelOf(section);
    const full = sectionText(text, section);
    if (section.id === 'header') {
      carry.notCarried.push(`${label} ${section.title} (the draft's own header)`);
      continue;
    }
    if (section.id === 'questions') continue;
    const parentSection = section.id ? findSection(parent.model, section.id) : null;
    const parentText = parentSection ? sectionText(parent.text, parentSection) : null;
    const why =
      section.id && inherited.includes(section.id)
        ? 'inherited'
        : parentText !== null && normaliseIgnoringProvenance(parentText) === normaliseIgnoringProvenance(full)
          ? 'copy'
          : null;
    if (why && parentText !== null && section.id) {
      carry.references.push({
        label,
        title: section.title,
        parentLabel: sectionLabel(section.id, parent.model.generation),
        why,
        fingerprint: fingerprint(parentText),
      });
      continue;
    }
    carry.own.push({ label, title: section.title, text: full.replace(/\s+$/, '') });
  }
  const cited = new Set(carry.own.flatMap((s) => findQuestionRefs(s.text).map((r) => r.id)));
  for (const q of model.questions) {
    if (cited.has(q.id))
      carry.questions.push({ id: q.id, text: text.slice(q.range.start.offset, q.range.end.offset).trim() });
  }
  const left = model.questions.filter((q) => !cited.has(q.id)).map((q) => q.id);
  if (left.length) carry.notCarried.push(`the open questions ${left.join(', ')} (not cited by a carried section)`);
  return carry;
}

/** The addendum text a draft's carried sections make (after the managed header), or '' when nothing is carried. */
export function carriedText(carry: DraftCarry, repo: string, modelUrl: string): string {
  const lines: string[] = [];
  const name = repo.split('/')[1] ?? repo;
  if (carry.own.length) {
    lines.push(
      `_Carried over from the standalone draft \`${carry.path}\` (as it stood at <${carry.blobUrl}>): the sections specific to ${name}, with their provenance tags._`,
      '',
    );
    for (const s of carry.own) lines.push(s.text, '');
  }
  if (carry.references.length) {
    lines.push(`## Sections of the draft that the parent's model covers`, '');
    for (const r of carry.references) {
      const how =
        r.why === 'inherited'
          ? `inherited: see the parent's ${r.parentLabel} (recorded above as \`${r.fingerprint}\`)`
          : `the draft repeated the parent's ${r.parentLabel}: see it there (\`${r.fingerprint}\`)`;
      lines.push(`- ${r.label} ${r.title} — ${how}, <${modelUrl}>.`);
    }
    lines.push('');
  }
  if (carry.questions.length) {
    lines.push(`## Open questions carried from the draft`, '');
    lines.push(`_Numbered as in \`${carry.path}\`; the sections above cite them._`, '');
    for (const q of carry.questions) lines.push(q.text, '');
  }
  return lines.join('\n');
}

/** One sentence for the change's body about a deleted draft: what moved, what became a reference, what stays in the draft's history. */
export function carryReason(carry: DraftCarry, addendum: string): string {
  const parts: string[] = [];
  if (carry.own.length)
    parts.push(
      `its own sections (${carry.own.map((s) => s.label).join(', ')}) move into \`${addendum}\` with their provenance tags${carry.questions.length ? ` and the open questions they cite (${carry.questions.map((q) => q.id).join(', ')})` : ''}`,
    );
  if (carry.references.length)
    parts.push(
      `${carry.references.map((r) => r.label).join(', ')} ${carry.references.length === 1 ? 'becomes a reference' : 'become references'} to the parent's sections, with their fingerprints`,
    );
  const left = carry.notCarried.length ? `; not carried over: ${carry.notCarried.join('; ')}` : '';
  return `${parts.join('; ')}${left}. The draft as it stood before this change: <${carry.blobUrl}>.`;
}
