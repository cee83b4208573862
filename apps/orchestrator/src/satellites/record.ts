/** The inherits record of an addendum: a fresh one, the one kept, and how the parent's sections moved since it was written. */
import { normaliseIgnoringProvenance } from '@tmsync/core';
import type { Forge } from '../forge/types.js';
import { wordDiff } from './diffs.js';
import type { Inherits } from './inherits.js';
import { recordedIds } from './inherits.js';
import type { InheritedSection, ParentState } from './parent.js';
import { inheritedIds, inheritedSections } from './parent.js';
import type { SectionChange } from './plan-types.js';

/** The record an addendum gets now: the parent's ref (tag when pinned, else commit) and its current fingerprints. */
export function freshRecord(parent: ParentState): Inherits {
  const sections: Record<string, string> = {};
  for (const s of parent.sections) sections[s.id] = s.fingerprint;
  return {
    parent: parent.repo,
    path: parent.path,
    ref: parent.pinned ? parent.ref : parent.commit,
    commit: parent.commit,
    sections,
  };
}

/** Sections of the parent's model as they stood at a recorded ref, or null when that ref cannot be read. */
export async function sectionsAt(forge: Forge, record: Inherits): Promise<InheritedSection[] | null> {
  const ref = record.commit ?? record.ref;
  try {
    const file = await forge.readFile(record.parent, record.path, ref);
    if (!file) return null;
    return inheritedSections(file.content, recordedIds(record), record.path).sections;
  } catch {
    return null;
  }
}

/** The changes between a recorded inheritance and the parent now, section by section (only changed ones). */
export async function compareRecord(
  forge: Forge,
  parent: ParentState,
  record: Inherits,
  next: Inherits,
): Promise<SectionChange[]> {
  const changes: SectionChange[] = [];
  const old = await sectionsAt(forge, record);
  for (const s of parent.sections) {
    const from = record.sections[s.id] ?? null;
    const to = next.sections[s.id] ?? s.fingerprint;
    if (from === to) continue;
    const before = old?.find((o) => o.id === s.id) ?? null;
    changes.push({
      id: s.id,
      label: s.label,
      title: s.title,
      from,
      to,
      fromRef: from === null ? null : record.ref,
      toRef: next.ref,
      provenanceOnly:
        before !== null && normaliseIgnoringProvenance(before.text) === normaliseIgnoringProvenance(s.text),
      diff: before ? wordDiff(before.text, s.text) : null,
    });
  }
  return changes;
}

/** A commit shortened to 12 digits; a tag or branch as it is. */
export function shortRef(ref: string): string {
  return /^[0-9a-f]{40,64}$/.test(ref) ? ref.slice(0, 12) : ref;
}

/** The labels of sections, for a sentence (`§3, §4`). */
export function reasonList(labels: readonly InheritedSection[]): string {
  return labels.map((s) => s.label).join(', ') || 'no section';
}

/** A recorded inheritance kept as it is, its section list aligned with the family's (added sections fingerprinted at the recorded ref). */
export async function keepRecord(forge: Forge, parent: ParentState, current: Inherits): Promise<Inherits> {
  const ids = inheritedIds(parent.family);
  const missing = ids.filter((id) => current.sections[id] === undefined);
  const extra = Object.keys(current.sections).filter((k) => !ids.includes(k as (typeof ids)[number]));
  if (missing.length === 0 && extra.length === 0) return current;
  let at: InheritedSection[] | null = null;
  if (missing.length > 0) {
    try {
      const file = await forge.readFile(current.parent, current.path, current.commit ?? current.ref);
      at = file ? inheritedSections(file.content, missing, current.path).sections : null;
    } catch {
      at = null;
    }
    if (!at || at.length < missing.length) return freshRecord(parent);
  }
  const sections: Record<string, string> = {};
  for (const id of ids) sections[id] = current.sections[id] ?? at?.find((s) => s.id === id)?.fingerprint ?? '';
  return { ...current, sections };
}
