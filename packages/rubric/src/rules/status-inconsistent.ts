/**
 * `status-inconsistent` — the status says accepted while unconfirmed claims remain.
 *
 * The status rule: a model whose status is accepted (ratified, approved,
 * final, adopted) has zero *(inferred)* and zero *(assumption)* claims. The
 * status is read from its first sentence; words that undo acceptance there
 * ("draft", "not yet ratified", "partially ratified", "pending",
 * "awaiting", "proposed", "unratified") make it not accepted. The message
 * sits on the status value and names how many claims remain and where the
 * first one is.
 */
import { place, plural, rubricModel } from '../model.js';
import { defineRule } from '../rule.js';

const ACCEPTED_RE = /\b(accepted|ratified|approved|adopted|final)\b/i;
const NOT_YET_RE =
  /\b(draft|unratified|not\s+(?:yet\s+)?(?:been\s+)?(?:accepted|ratified|approved|adopted|final)|partially|pending|awaiting|proposed|under\s+review|to\s+be\s+(?:accepted|ratified|approved))\b/i;

/** Whether a status text says the model is accepted. */
export function statusAccepted(status: string): boolean {
  const first = status.split(/(?<=[.;!?])\s+/)[0] ?? status;
  return ACCEPTED_RE.test(first) && !NOT_YET_RE.test(first);
}

export default defineRule(
  {
    id: 'status-inconsistent',
    severity: 'error',
    summary: 'The status says the model is accepted or ratified while inferred or assumption claims remain.',
    description:
      'A model whose status is accepted (ratified, approved, final) has zero inferred and zero assumption claims: every claim has been confirmed by documentation or a maintainer.',
    help: 'Answer the remaining open questions and promote (or correct) the claims that cite them, or set the status back to a draft or review state until then.',
  },
  ({ file, report }) => {
    const model = rubricModel(file);
    if (!model?.status || !statusAccepted(model.status)) return;
    const pending = model.claims.filter((c) => c.provenance === 'inferred' || c.provenance === 'assumption');
    if (pending.length === 0) return;
    const field = model.header.find((f) => /^status$/i.test(f.name.trim()));
    if (!field) return;
    const inferred = pending.filter((c) => c.provenance === 'inferred').length;
    const assumption = pending.length - inferred;
    const parts = [
      inferred ? plural(inferred, 'inferred claim') : '',
      assumption ? plural(assumption, 'assumption claim') : '',
    ]
      .filter(Boolean)
      .join(' and ');
    const first = pending[0];
    report(
      `The status says the model is accepted, but ${parts} ${pending.length === 1 ? 'remains' : 'remain'} (the first at line ${first?.tagRange.start.line}): promote or correct them by answering their open questions, or set the status back to draft.`,
      place(field.valueRange),
    );
  },
);
