/**
 * `closure-unlicensed` — a closing disposition rests only on unconfirmed claims.
 *
 * The closure constraint: a disposition that closes a report against its
 * reporter (`OUT-OF-MODEL: *`, `BY-DESIGN: *`, `KNOWN-NON-FINDING`) must be
 * licensed by a *(documented)* or *(maintainer)* claim; an *(inferred)* claim
 * may only escalate. Under `Triage policy: strict` (the default, and the
 * reading for documents that declare no policy) an *(assumption)* does not
 * license a close either; under `relaxed` it does.
 *
 * Checked in the out-of-scope and known-non-findings sections (§3 and §11a,
 * 1.3 and 1.15). The licensing claims are those in the same table row, else
 * the same list item (the innermost one holding any claim), else the same
 * paragraph. A disposition with no claim at all around it is not judged
 * here. The message sits on the disposition.
 *
 * Newer-generation documents (1.1–1.19) are judged per claim instead
 * (output-structure.md §1.17, "Closure constraint — all statuses"): each route
 * by the claims that license it (its row's Provenance cell, or its own clause
 * of a list item), with the relaxed policy's low-blast-radius limit and
 * security-critical floor for assumptions. There this rule speaks only for an
 * accepted model; in a draft the same finding is `closure-escalates`'s
 * warning.
 */
import type { Claim } from '@tmsync/core';
import { dispositionCloses } from '@tmsync/core';
import type { Root } from 'mdast';
import { answeredAlready, joinWords, place, rubricModel, sectionNumber } from '../model.js';
import { closingRoutes, isAcceptedModel } from '../newer/closure.js';
import { ancestorsAt, newerDoc, spanOf as span } from '../newer/doc.js';
import { defineRule } from '../rule.js';

/** Whether a disposition closes a report (rather than escalating or accepting it). */
export function isClosing(name: string): boolean {
  return dispositionCloses(name);
}

interface Unit {
  kind: 'table row' | 'list item' | 'paragraph';
  start: number;
  end: number;
}

/** Where licensing claims for a disposition at `offset` are looked for, innermost first. */
function unitsAt(tree: Root, offset: number): Unit[] {
  const path = ancestorsAt(tree, offset).reverse();
  const row = path.find((n) => n.type === 'tableRow');
  if (row) return [{ kind: 'table row', ...span(row) }];
  const items = path.filter((n) => n.type === 'listItem');
  if (items.length) return items.map((n) => ({ kind: 'list item' as const, ...span(n) }));
  const para = path.find((n) => n.type === 'paragraph' || n.type === 'heading');
  return para ? [{ kind: 'paragraph', ...span(para) }] : [];
}

function describe(claims: readonly Claim[]): string {
  const words = [...new Set(claims.map((c) => c.provenance))];
  const refs = [...new Set(claims.flatMap((c) => c.questionRefs.map((r) => r.id)))];
  return `${joinWords(words)}${refs.length ? ` (${joinWords(refs)})` : ''}`;
}

export default defineRule(
  {
    id: 'closure-unlicensed',
    severity: 'error',
    summary:
      'A closing disposition (OUT-OF-MODEL, BY-DESIGN, KNOWN-NON-FINDING) is licensed only by inferred (or, under strict triage, assumption) claims.',
    description:
      'The closure constraint: a disposition that closes a report must be licensed by a documented or maintainer claim; an inferred claim may only escalate. ' +
      'Under the strict triage policy (the default) an assumption may not license a close either; under relaxed it may. Checked in the out-of-scope and known-non-findings sections, against the claims in the same table row, list item or paragraph.',
    help: 'Get the question behind the claim answered and promote the claim to (maintainer), cite the documentation that licenses the close, or route such reports to the maintainers (escalate) instead of closing them.',
  },
  ({ tree, file, report }) => {
    const model = rubricModel(file);
    if (!model) return;
    if (model.generation === 'newer') {
      const doc = newerDoc(tree, file);
      if (!doc || !isAcceptedModel(doc)) return;
      const qn = sectionNumber(model, 'questions');
      for (const r of closingRoutes(doc)) {
        if (!r.blocked) continue;
        const answered = answeredAlready(model, r.blocked.questions);
        const refs = answered.length
          ? `${qn} already marks ${joinWords(answered)} answered, so promote the claim to a maintainer claim with the answer's who and date (\`tmsync answer MODEL --harvest\`)`
          : r.blocked.questions.length
            ? `get ${qn} ${joinWords(r.blocked.questions)} answered and promote the claim`
            : 'confirm the claim';
        report(
          `output-structure.md §1.17 closure constraint: the model is accepted, but \`${r.use.name}\` is licensed only by ${joinWords(r.blocked.kinds)}${r.blocked.floor ? ' (an assumption never licenses this route)' : ''}: ${refs}, or escalate such reports instead of closing them.`,
          place(r.use.range),
        );
      }
      return;
    }
    const policy = model.triagePolicy ?? 'strict';
    const licenses = (c: Claim) =>
      c.provenance === 'documented' ||
      c.provenance === 'maintainer' ||
      (policy === 'relaxed' && c.provenance === 'assumption');
    const q = sectionNumber(model, 'questions');
    for (const use of model.dispositionUses) {
      if (use.sectionId !== 'out-of-scope' && use.sectionId !== 'non-findings') continue;
      if (!isClosing(use.name)) continue;
      let found: { unit: Unit; claims: Claim[] } | null = null;
      for (const unit of unitsAt(tree, use.range.start.offset)) {
        const claims = model.claims.filter(
          (c) => c.tagRange.start.offset >= unit.start && c.tagRange.start.offset < unit.end,
        );
        if (claims.length) {
          found = { unit, claims };
          break;
        }
      }
      if (!found || found.claims.some(licenses)) continue;
      const needs =
        policy === 'relaxed'
          ? 'a documented, maintainer or (under the relaxed triage policy) assumption claim'
          : 'a documented or maintainer claim (the triage policy is strict)';
      const refs = [...new Set(found.claims.flatMap((c) => c.questionRefs.map((r) => r.id)))];
      const answered = refs.filter((id) => model.questions.some((x) => x.id === id && x.status === 'resolved'));
      const answer =
        refs.length && answered.length === refs.length
          ? `${q} already marks ${joinWords(answered)} answered, so promote the claim to a maintainer claim with the answer's who and date (\`tmsync answer MODEL --harvest\`)`
          : refs.length
            ? `get ${q} ${joinWords(refs.filter((id) => !answered.includes(id)))} answered and promote the claim`
            : 'confirm the claim with the maintainers or cite the documentation';
      report(
        `\`${use.name}\` closes reports, but the only claims in this ${found.unit.kind} are ${describe(found.claims)}, and closing needs ${needs}: ${answer}, or escalate such reports to the maintainers instead of closing them.`,
        place(use.range),
      );
    }
  },
);
