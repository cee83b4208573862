/**
 * A question's state as `tmsync answer` and `tmsync diff` read it. One
 * function, so that it can give way to the parser's own reading of states.
 */
import type { Question, ThreatModel } from '@tmsync/core';

/** What a question's entry says about its state, as `answer` reads it. */
export type QuestionState = 'open' | 'resolved' | 'struck';

const RESOLVED_SIGNATURE =
  /\*\(Answered(?: with a correction)? — maintainer\b|\*Resolution: (?:confirmed|corrected) by\b/;
const STRUCK_SIGNATURE = /\bstruck by\b/i;
const STRONG_HEAD =
  /^(?:✅|✔|☑|confirmed\b|answered\b|resolved\b|agreed\b|resolution\s*:|decision\s*:|ratified\b|\(\s*answered\b)/i;
const RESOLVED_WAVE = /✅|\banswered\b|\bresolved\b|\bconfirmed\b|\bratified\b|\bdecided\b/i;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether other questions share `q`'s label (`**Q18/Q25 …**`, `**Q7, Q8, Q9–Q13 …**`). */
export function sharesLabel(model: ThreatModel, q: Question): boolean {
  if (q.labelRange.start.offset === q.labelRange.end.offset) return false;
  return model.questions.some(
    (o) =>
      o !== q &&
      o.id !== q.id &&
      o.labelRange.start.offset === q.labelRange.start.offset &&
      o.labelRange.end.offset === q.labelRange.end.offset,
  );
}

/**
 * A question's state as `answer` reads it: the parser's status, trusted when a
 * marker stands in the label, the wave, or right after the label; a resolution
 * word deep inside the question's own text ("— agreed (proposed: …)?") is not
 * an answer. `tmsync answer`'s own marks count whatever the parser reads.
 */
export function questionState(model: ThreatModel, text: string, q: Question): QuestionState {
  const entry = text.slice(q.range.start.offset, q.range.end.offset);
  if (sharesLabel(model, q)) {
    const id = escapeRe(q.id);
    if (new RegExp(`\\(${id} struck by\\b`).test(entry)) return 'struck';
    if (new RegExp(`\\(${id} answered —`).test(entry)) return 'resolved';
  } else {
    const afterLabel = text.slice(q.labelRange.end.offset, q.range.end.offset);
    if (STRUCK_SIGNATURE.test(afterLabel.slice(0, 400))) return 'struck';
    if (RESOLVED_SIGNATURE.test(entry)) return 'resolved';
  }
  if (q.status === 'struck') return 'struck';
  if (q.status === 'open') return 'open';
  const marker = (q.statusMarker ?? '').toLowerCase();
  if (!marker) return 'resolved';
  if (q.wave && RESOLVED_WAVE.test(q.wave) && !/\bopen\b/i.test(q.wave)) return 'resolved';
  if (q.label.toLowerCase().includes(marker)) return 'resolved';
  const plainAfter = text.slice(q.labelRange.end.offset, q.range.end.offset).replace(/[*_`]/g, '').replace(/\s+/g, ' ');
  const at = plainAfter.toLowerCase().indexOf(marker);
  if (at < 0) return 'resolved';
  const lead = plainAfter.replace(/^[\s:.,;—–→>-]+/, '');
  return STRONG_HEAD.test(lead) ? 'resolved' : 'open';
}
