/**
 * `tag-unclosed` — a provenance tag has no closing parenthesis.
 *
 * `*(inferred — §14 Q3*` without its `)` swallows the rest of the line into
 * the tag; the parser reads it to the end of the line and reports it. This
 * rule passes that finding on, at the tag.
 */
import { place, rubricModel } from '../model.js';
import { defineRule } from '../rule.js';

export default defineRule(
  {
    id: 'tag-unclosed',
    severity: 'warning',
    summary: 'A provenance tag is not closed.',
    description:
      'A provenance tag that opens a parenthesis and never closes it is read to the end of its line, which may take in text that is not part of the tag.',
    help: 'Close the tag with ")" right after its citation.',
  },
  ({ file, report }) => {
    const model = rubricModel(file);
    if (!model) return;
    for (const d of model.diagnostics) {
      if (d.ruleId !== 'parser:unclosed-tag' || !d.range) continue;
      report(d.message, place(d.range));
    }
  },
);
