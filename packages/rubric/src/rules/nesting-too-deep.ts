/**
 * `nesting-too-deep` — A line nests block quotes, lists or indentation deeper than the input bound, so the document was not parsed.
 *
 * The parser checks its input bounds on the raw text before parsing (one
 * linear pass); a document over them is not parsed and this rule passes the
 * parser's finding on, with its line. No other rule runs on such a document.
 */
import { place, threatModelOf } from '../model.js';
import { defineRule } from '../rule.js';

export default defineRule(
  {
    id: 'nesting-too-deep',
    severity: 'error',
    summary:
      'A line nests block quotes, lists or indentation deeper than the input bound, so the document was not parsed.',
    description:
      'Markdown parsing slows with the square of container nesting (10,000 nested list markers took 76 s): a document nesting deeper than limits.maxNestingDepth (default 100) on any line is refused before parsing, with this one finding at that line.',
    help: 'Flatten the structure of the line named; if the nesting is real, raise limits.maxNestingDepth in .tmsyncrc.',
  },
  ({ file, report }) => {
    const model = threatModelOf(file);
    if (model.kind !== 'over-limit') return;
    for (const d of model.diagnostics)
      if (d.ruleId === 'nesting-too-deep' && d.range) report(d.message, place(d.range));
  },
);
