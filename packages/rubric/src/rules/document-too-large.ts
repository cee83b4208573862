/**
 * `document-too-large` — The document is larger than the input bound, so it was not parsed.
 *
 * The parser checks its input bounds on the raw text before parsing (one
 * linear pass); a document over them is not parsed and this rule passes the
 * parser's finding on, with its line. No other rule runs on such a document.
 */
import { place, threatModelOf } from '../model.js';
import { defineRule } from '../rule.js';

export default defineRule(
  {
    id: 'document-too-large',
    severity: 'error',
    summary: 'The document is larger than the input bound, so it was not parsed.',
    description:
      'Markdown parsing takes memory in proportion to the file (a 5 MB file took 1.5 GB): a file over limits.maxBytes (default 1 MiB) is refused before parsing, with this one finding.',
    help: 'Check that the file is the threat model; if it really is this large, raise limits.maxBytes in .tmsyncrc.',
  },
  ({ file, report }) => {
    const model = threatModelOf(file);
    if (model.kind !== 'over-limit') return;
    for (const d of model.diagnostics)
      if (d.ruleId === 'document-too-large' && d.range) report(d.message, place(d.range));
  },
);
