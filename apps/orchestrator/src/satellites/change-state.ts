/** What became of a satellite's change, in words and in counts, as `campaign status` and the report give it. */
import type { ChangeStatus } from '../forge/types.js';

/** One phrase for a change's state: `open`, `open, human-edited, stale (main changed AGENTS.md)`, `merged`, `closed without merging`. */
export function changeStateText(s: ChangeStatus): string {
  const c = s.change;
  if (c.state === 'merged') return s.mergedBy === 'content' ? 'merged (its content is in the base)' : 'merged';
  if (c.state === 'closed') return 'closed without merging';
  const parts = ['open'];
  if (s.humanEdited) parts.push('human-edited');
  if (s.stale) parts.push(`stale (${c.base} changed ${s.staleFiles.join(', ')} since)`);
  return parts.join(', ');
}

/** A change's state as the JSON outputs write it (`campaign status --format json`, the report's data). */
export function changeStatusJson(s: ChangeStatus) {
  return {
    id: s.change.id,
    title: s.change.title,
    url: s.change.url,
    state: s.change.state,
    mergedBy: s.mergedBy,
    humanEdited: s.humanEdited,
    stale: s.stale,
    staleFiles: s.staleFiles,
  };
}

/** What `changeStatusJson` gives. */
export type ChangeStatusJson = ReturnType<typeof changeStatusJson>;

/** Counts of changes by what became of them. */
export interface ChangeCounts {
  open: number;
  merged: number;
  closed: number;
  humanEdited: number;
  stale: number;
}

/** Counts of a list of change states (null: no change). */
export function changeCounts(states: readonly (ChangeStatus | null)[]): ChangeCounts {
  const present = states.filter((s): s is ChangeStatus => s !== null);
  return {
    open: present.filter((s) => s.change.state === 'open').length,
    merged: present.filter((s) => s.change.state === 'merged').length,
    closed: present.filter((s) => s.change.state === 'closed').length,
    humanEdited: present.filter((s) => s.humanEdited).length,
    stale: present.filter((s) => s.stale).length,
  };
}

/** The counts as the summary line says them. */
export function changeCountsText(c: ChangeCounts): string {
  return `${c.open} open change(s), ${c.merged} merged, ${c.humanEdited} human-edited, ${c.stale} stale`;
}
