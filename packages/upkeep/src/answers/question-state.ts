/**
 * A question's state as `tmsync answer` and `tmsync diff` read it: the
 * parser's, so that lint, stats, history, diff and answer agree.
 */
import type { Question, ThreatModel } from '@tmsync/core';

/** What a question's entry says about its state, as `answer` reads it. */
export type QuestionState = 'open' | 'resolved' | 'struck';

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
 * A question's state as `answer` and `diff` read it: the parser's own reading
 * (`Question.status`, decided once in @tmsync/parser from the core vocabulary),
 * with a partly answered question counted as not yet answered.
 */
export function questionState(_model: ThreatModel, _text: string, q: Question): QuestionState {
  return q.status === 'partial' ? 'open' : q.status;
}
