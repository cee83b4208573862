/**
 * `not-a-threat-model` — the file is not a rubric threat model.
 *
 * Users point the linter at whatever is named like a threat model: a model
 * written in another outline (`## 2. Purpose`, `## 3. System Model`), a
 * `SECURITY.md`, a reStructuredText file, an empty or binary file. Such a
 * file gets exactly one message from this rule, saying what it looks like and
 * what to do, and no other rule runs on it (every other rule checks
 * `model.kind === 'rubric-model'` first), so there is no cascade of
 * missing-section errors.
 */
import { flattenSections } from '@tmsync/core';
import { threatModelOf } from '../model.js';
import { defineRule } from '../rule.js';

export default defineRule(
  {
    id: 'not-a-threat-model',
    severity: 'error',
    summary:
      'The file is not a rubric threat model (another outline, a SECURITY.md, reStructuredText, empty or binary).',
    description:
      'tmsync lints threat models written to the rubric (sections §1–§14, or 1.1–1.19 in the newer generation, with provenance tags). ' +
      'A file that is something else gets this one message instead of a cascade of missing sections; no other rule runs on it.',
    help: 'Point tmsync at the rubric threat model itself (often THREAT_MODEL.md), or convert the document to the rubric outline (tmsync init writes a skeleton).',
  },
  ({ file, report }) => {
    const model = threatModelOf(file);
    // A document over the input bounds gets its own finding (document-too-large, nesting-too-deep).
    if (model.kind === 'rubric-model' || model.kind === 'over-limit') return;
    const at = { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };
    const firstLineEnd = String(file).search(/\r?\n|$/);
    at.end = { line: 1, column: 1 + Math.max(0, firstLineEnd), offset: Math.max(0, firstLineEnd) };
    const codes = new Set(model.diagnostics.map((d) => d.ruleId));
    let reason: string;
    switch (model.kind) {
      case 'empty':
        reason =
          'The file is empty, so there is no threat model to check: write the model here (tmsync init gives a skeleton with every rubric section) or point tmsync lint at the file that holds it.';
        break;
      case 'security-policy':
        reason =
          "This file looks like a security policy (a SECURITY.md: how to report vulnerabilities, supported versions), not a threat model: lint the project's threat model instead (THREAT_MODEL.md), which the policy should link to.";
        break;
      case 'not-markdown':
        if (codes.has('parser:binary'))
          reason =
            "This file holds binary data, not Markdown text: point tmsync lint at the threat model's Markdown file.";
        else if (codes.has('parser:failed') || codes.has('parser:markdown'))
          reason = `This file could not be read as Markdown (${model.diagnostics[0]?.message ?? 'parse failure'}); check that it is the threat model's UTF-8 Markdown file.`;
        else if (codes.has('parser:restructuredtext'))
          reason = model.diagnostics.find((d) => d.ruleId === 'parser:restructuredtext')?.message ?? '';
        else
          reason =
            'This file looks like reStructuredText (underlined headings, `..` directives), not Markdown: tmsync reads rubric threat models written in Markdown, so convert it (pandoc -f rst -t gfm) or lint the Markdown model instead.';
        break;
      default: {
        const titles = flattenSections(model.sections)
          .filter((s) => s.level <= 2)
          .map((s) => `"${s.number ? `${s.number}. ` : ''}${s.title}"`)
          .slice(0, 4);
        reason =
          `This file looks like a threat model in another outline${titles.length ? ` (its sections begin ${titles.join(', ')})` : ''}, not one written to the rubric (§1 Header … §14 Open questions, with provenance tags): ` +
          "tmsync lint checks rubric models only, so restructure it into the rubric's sections (tmsync init writes a skeleton) or leave it out of the lint run.";
      }
    }
    report(reason, at);
  },
);
