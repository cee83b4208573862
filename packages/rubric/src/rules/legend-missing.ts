/**
 * `legend-missing` — the header has no provenance legend.
 *
 * The legend defines the provenance words (*(documented)*, *(maintainer)*,
 * *(inferred)*, and *(assumption)* in the newer rubric) and what each may
 * license; it is read as a `**Provenance legend:**` field (with or without a
 * table after it) or a `### Provenance legend` heading in the header. The
 * message sits on the header's first line. A document without any header is
 * left to `section-missing`.
 */
import { placeLine, rubricModel, sectionName } from '../model.js';
import { defineRule } from '../rule.js';

export default defineRule(
  {
    id: 'legend-missing',
    severity: 'warning',
    summary: 'The header has no provenance legend.',
    description:
      'The header must define the provenance tags the body uses (*(documented)*, *(maintainer)*, *(inferred)*, and *(assumption)* in the newer rubric), so a reader knows what each tag is worth and which may close a report.',
    help: 'Add a `**Provenance legend:**` field (or a `### Provenance legend` table) to the header that defines each tag.',
  },
  ({ file, report }) => {
    const model = rubricModel(file);
    if (!model || model.legend) return;
    const header = model.sections.find((s) => s.id === 'header');
    if (!header) return;
    const text = String(file);
    const first = model.header[0];
    const at =
      header.level > 0
        ? placeLine(header.heading, text)
        : first
          ? placeLine(first.range, text)
          : placeLine(header.range, text);
    const words =
      model.generation === 'newer'
        ? '*(documented)*, *(maintainer)*, *(inferred)* and *(assumption)*'
        : '*(documented)*, *(maintainer)* and *(inferred)*';
    report(
      `The header (${sectionName(model, 'header')}) has no provenance legend: add a \`**Provenance legend:**\` field defining ${words}, so readers know what each tag is worth.`,
      at,
    );
  },
);
