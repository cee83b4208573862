/**
 * A semantic diff of two versions of a threat model: sections added, removed
 * or changed (with a word-level diff), claims added and removed, tags promoted
 * and demoted, questions opened, resolved and struck, provenance counts.
 */
import type { Claim, Provenance, ProvenanceCounts, Question, Section, ThreatModel } from '@tmsync/core';
import { countProvenance, normaliseText } from '@tmsync/core';
import { sectionBody } from '@tmsync/parser';
import type { ChangeObject } from 'diff';
import { diffLines, diffWords } from 'diff';
import { questionState } from '../answers/question-state.js';

/** One version of the model. */
export interface DiffSide {
  model: ThreatModel;
  text: string;
  /** `FILE` or `REF:PATH`. */
  label: string;
}

/** A word-level change: kept, added or removed text. */
export interface WordChange {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

export interface SectionChange {
  id: Section['id'];
  key: string;
  title: string;
  /** The number as the newer version writes it (the older one for a removed section). */
  number: string | null;
  change: 'added' | 'removed' | 'changed';
  /** Line of the heading in the version that has it (B, or A when removed). */
  line: number;
  words: { added: number; removed: number };
  /** Word-level diff of a changed section (whitespace folded). */
  wordDiff: WordChange[];
}

export interface ClaimRef {
  text: string;
  provenance: Provenance;
  section: string | null;
  line: number;
}

export interface Retag {
  text: string;
  from: Provenance;
  to: Provenance;
  lineBefore: number;
  /** Line in B, or null when the claim was matched through its answered question (its text was rewritten). */
  lineAfter: number | null;
  /** How the claim was matched: its text (the same claim, retagged) or the question it cites being answered in B. */
  match: 'text' | 'question';
  /** The answered question, for `question` matches. */
  via?: string;
}

export interface SemanticDiff {
  a: string;
  b: string;
  sections: SectionChange[];
  claims: { added: ClaimRef[]; removed: ClaimRef[] };
  promotions: Retag[];
  demotions: Retag[];
  /** Other provenance changes of the same claim (documented ↔ maintainer, inferred ↔ assumption). */
  retagged: Retag[];
  questions: { opened: string[]; resolved: string[]; struck: string[]; removed: string[] };
  provenance: { before: ProvenanceCounts; after: ProvenanceCounts };
}

const UNRATIFIED: ReadonlySet<Provenance> = new Set(['inferred', 'assumption']);
const RATIFIED: ReadonlySet<Provenance> = new Set(['maintainer', 'documented']);

/** A claim's text as the diff compares it: emphasis, code ticks and links dropped, white space folded, lower case. */
function claimKey(text: string): string {
  return text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/[\s.;:,]+$/, '')
    .trim()
    .toLowerCase();
}

function words(s: string): number {
  const t = s.trim();
  return t ? t.split(/\s+/).length : 0;
}

/** Word-level diff of two texts: a line diff first, then words inside each changed block. */
export function wordDiff(a: string, b: string): WordChange[] {
  const out: WordChange[] = [];
  const push = (kind: WordChange['kind'], text: string) => {
    if (!text) return;
    const last = out[out.length - 1];
    if (last && last.kind === kind) last.text += text;
    else out.push({ kind, text });
  };
  const lines = diffLines(a, b);
  for (let i = 0; i < lines.length; i++) {
    const part = lines[i] as ChangeObject<string>;
    if (!part.added && !part.removed) {
      push('same', part.value);
      continue;
    }
    let removed = '';
    let added = '';
    while (
      i < lines.length &&
      ((lines[i] as ChangeObject<string>).added || (lines[i] as ChangeObject<string>).removed)
    ) {
      const p = lines[i] as ChangeObject<string>;
      if (p.added) added += p.value;
      else removed += p.value;
      i++;
    }
    i--;
    if (removed && added) {
      const inner = diffWords(removed, added, { maxEditLength: 800 });
      if (inner) {
        for (const w of inner) push(w.added ? 'added' : w.removed ? 'removed' : 'same', w.value);
        continue;
      }
    }
    push('removed', removed);
    push('added', added);
  }
  return cleanup(out).map((c) => ({ kind: c.kind, text: c.text.replace(/\s+/g, ' ') }));
}

/** Folds short runs of kept words between two changes into the changes, so that a rewritten sentence reads as one change. */
function cleanup(changes: WordChange[]): WordChange[] {
  type Group = { same: string } | { removed: string; added: string };
  const groups: Group[] = [];
  for (const c of changes) {
    const last = groups[groups.length - 1];
    if (c.kind === 'same') groups.push({ same: c.text });
    else if (last && !('same' in last)) last[c.kind] += c.text;
    else groups.push(c.kind === 'added' ? { removed: '', added: c.text } : { removed: c.text, added: '' });
  }
  const merged: Group[] = [];
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i] as Group;
    const prev = merged[merged.length - 1];
    const next = groups[i + 1];
    if (
      'same' in g &&
      prev &&
      !('same' in prev) &&
      next &&
      !('same' in next) &&
      words(g.same.replace(/[^\p{L}\p{N}\s]+/gu, ' ')) <= 3
    ) {
      prev.removed += g.same + next.removed;
      prev.added += g.same + next.added;
      i++;
      continue;
    }
    if (!('same' in g) && prev && !('same' in prev)) {
      prev.removed += g.removed;
      prev.added += g.added;
      continue;
    }
    merged.push('same' in g ? { same: g.same } : { removed: g.removed, added: g.added });
  }
  const out: WordChange[] = [];
  for (const g of merged) {
    if ('same' in g) out.push({ kind: 'same', text: g.same });
    else {
      if (g.removed) out.push({ kind: 'removed', text: g.removed });
      if (g.added) out.push({ kind: 'added', text: g.added });
    }
  }
  return out;
}

interface ClaimRefInternal extends ClaimRef {
  offset: number;
}

function claimRef(c: Claim): ClaimRefInternal {
  return {
    text: c.text,
    provenance: c.provenance,
    section: c.section,
    line: c.tagRange.start.line,
    offset: c.range.start.offset,
  };
}

/** Compares two versions of a model. */
export function semanticDiff(a: DiffSide, b: DiffSide): SemanticDiff {
  // Sections: top-level sections matched by key (canonical id, else number, else title).
  const sections: SectionChange[] = [];
  const aByKey = new Map(a.model.sections.map((s) => [s.key, s]));
  const bByKey = new Map(b.model.sections.map((s) => [s.key, s]));
  for (const s of b.model.sections) {
    const before = aByKey.get(s.key);
    if (!before) {
      const body = sectionBody(b.text, s);
      sections.push({
        id: s.id,
        key: s.key,
        title: s.title,
        number: s.number,
        change: 'added',
        line: s.heading.start.line,
        words: { added: words(body), removed: 0 },
        wordDiff: [],
      });
      continue;
    }
    const bodyA = sectionBody(a.text, before);
    const bodyB = sectionBody(b.text, s);
    if (normaliseText(bodyA) === normaliseText(bodyB) && before.title === s.title) continue;
    const diff = wordDiff(bodyA, bodyB);
    const count = (kind: WordChange['kind']) =>
      diff.filter((w) => w.kind === kind).reduce((n, w) => n + words(w.text), 0);
    sections.push({
      id: s.id,
      key: s.key,
      title: s.title,
      number: s.number,
      change: 'changed',
      line: s.heading.start.line,
      words: { added: count('added'), removed: count('removed') },
      wordDiff: diff,
    });
  }
  for (const s of a.model.sections) {
    if (bByKey.has(s.key)) continue;
    sections.push({
      id: s.id,
      key: s.key,
      title: s.title,
      number: s.number,
      change: 'removed',
      line: s.heading.start.line,
      words: { added: 0, removed: words(sectionBody(a.text, s)) },
      wordDiff: [],
    });
  }

  // Claims: matched by normalised text; a pair with another provenance is a promotion, a demotion or a retag.
  const group = (claims: Claim[]) => {
    const map = new Map<string, Claim[]>();
    for (const c of claims) {
      const k = claimKey(c.text);
      const list = map.get(k);
      if (list) list.push(c);
      else map.set(k, [c]);
    }
    return map;
  };
  const ga = group(a.model.claims);
  const gb = group(b.model.claims);
  const added: ClaimRefInternal[] = [];
  const removed: ClaimRefInternal[] = [];
  const promotions: Retag[] = [];
  const demotions: Retag[] = [];
  const retagged: Retag[] = [];
  for (const key of new Set([...ga.keys(), ...gb.keys()])) {
    const left = [...(ga.get(key) ?? [])];
    const right = [...(gb.get(key) ?? [])];
    // Same provenance on both sides: unchanged.
    for (let i = left.length - 1; i >= 0; i--) {
      const j = right.findIndex((c) => c.provenance === (left[i] as Claim).provenance);
      if (j >= 0) {
        left.splice(i, 1);
        right.splice(j, 1);
      }
    }
    while (left.length && right.length) {
      const from = left.shift() as Claim;
      // Prefer pairing an unratified claim with a ratified one (and the reverse).
      let j = right.findIndex((c) =>
        UNRATIFIED.has(from.provenance) ? RATIFIED.has(c.provenance) : UNRATIFIED.has(c.provenance),
      );
      if (j < 0) j = 0;
      const to = right.splice(j, 1)[0] as Claim;
      const retag: Retag = {
        text: to.text,
        from: from.provenance,
        to: to.provenance,
        lineBefore: from.tagRange.start.line,
        lineAfter: to.tagRange.start.line,
        match: 'text',
      };
      if (UNRATIFIED.has(from.provenance) && RATIFIED.has(to.provenance)) promotions.push(retag);
      else if (RATIFIED.has(from.provenance) && UNRATIFIED.has(to.provenance)) demotions.push(retag);
      else retagged.push(retag);
    }
    removed.push(...left.map(claimRef));
    added.push(...right.map(claimRef));
  }
  // Questions, read the way `tmsync answer` reads them.
  const states = (side: DiffSide) => {
    const map = new Map<string, { q: Question; state: ReturnType<typeof questionState> }>();
    for (const q of side.model.questions)
      if (!map.has(q.id)) map.set(q.id, { q, state: questionState(side.model, side.text, q) });
    return map;
  };
  const qa = states(a);
  const qb = states(b);
  const opened: string[] = [];
  const resolved: string[] = [];
  const struck: string[] = [];
  const removedQ: string[] = [];
  for (const [id, { state }] of qb) {
    const before = qa.get(id)?.state;
    if (state === 'open' && before !== 'open') opened.push(id);
    if (state === 'resolved' && before !== 'resolved') resolved.push(id);
    if (state === 'struck' && before !== 'struck') struck.push(id);
  }
  for (const id of qa.keys()) if (!qb.has(id)) removedQ.push(id);

  // A removed unratified claim whose question B answers was ratified through that answer (its text rewritten on the way).
  const answered = new Set([...qb].filter(([, v]) => v.state === 'resolved').map(([id]) => id));
  const removedClaims = new Map(a.model.claims.map((c) => [c.range.start.offset, c]));
  for (let i = removed.length - 1; i >= 0; i--) {
    const r = removed[i] as ClaimRefInternal;
    if (!UNRATIFIED.has(r.provenance)) continue;
    const claim = removedClaims.get(r.offset);
    const via = claim?.questionRefs.map((q) => q.id).find((id) => answered.has(id));
    if (!claim || !via) continue;
    removed.splice(i, 1);
    promotions.push({
      text: claim.text,
      from: claim.provenance,
      to: 'maintainer',
      lineBefore: claim.tagRange.start.line,
      lineAfter: null,
      match: 'question',
      via,
    });
  }
  const byLine = (x: { line?: number; lineBefore?: number }, y: { line?: number; lineBefore?: number }) =>
    (x.line ?? x.lineBefore ?? 0) - (y.line ?? y.lineBefore ?? 0);
  added.sort(byLine);
  removed.sort(byLine);
  promotions.sort(byLine);
  demotions.sort(byLine);
  retagged.sort(byLine);
  for (const list of [added, removed] as ClaimRefInternal[][])
    for (const c of list) delete (c as Partial<ClaimRefInternal>).offset;

  return {
    a: a.label,
    b: b.label,
    sections,
    claims: { added, removed },
    promotions,
    demotions,
    retagged,
    questions: { opened, resolved, struck, removed: removedQ },
    provenance: { before: countProvenance(a.model.claims), after: countProvenance(b.model.claims) },
  };
}

/** The `diff --format json` document (a contract: keys are kept, more may be added). */
export function diffJson(d: SemanticDiff) {
  return {
    a: d.a,
    b: d.b,
    sections: d.sections.map((s) => ({
      id: s.id,
      title: s.title,
      change: s.change,
      key: s.key,
      number: s.number,
      line: s.line,
      words: s.words,
    })),
    promoted: d.promotions.length,
    demoted: d.demotions.length,
    questions: d.questions,
    provenance: d.provenance,
    claims: {
      added: d.claims.added,
      removed: d.claims.removed,
      promoted: d.promotions,
      demoted: d.demotions,
      retagged: d.retagged,
    },
  };
}
