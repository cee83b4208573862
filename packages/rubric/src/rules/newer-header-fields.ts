/**
 * `newer-header-fields` — the 1.1 header lacks a field the newer spec requires there.
 *
 * output-structure.md, "1.1 Header", and self-check.md Gate 1: the header
 * carries the **Provenance legend**; the **Draft confidence** count
 * (documented / maintainer / inferred, with "/ N assumption" appended when the
 * model uses assumption tags); the **Status**, one of draft / unratified
 * draft / under maintainer review / accepted; the **Triage policy**, `strict`
 * or `relaxed`; and the **generation metadata** (model/agent, effort level,
 * plugins/skills), or a "human-authored" mark. One message per missing item,
 * on the header's first line (or the field). Older-generation documents are
 * not checked.
 */
import { atLine, newerDoc, normaliseStatus, plain, section } from '../newer/doc.js';
import { place } from '../model.js';
import { defineRule } from '../rule.js';

const CLAUSE = 'output-structure.md, "1.1 Header"';

export default defineRule(
  {
    id: 'newer-header-fields',
    severity: 'error',
    summary: 'The 1.1 header lacks the legend, draft confidence, status, triage policy or generation metadata.',
    description: `${CLAUSE} and self-check.md Gate 1: the header explains the provenance legend, reports a draft-confidence count (with the assumption count when assumption tags are used), the status in the four-label vocabulary, the triage policy (strict or relaxed), and the generation metadata or a human-authored mark.`,
    help: 'Add the missing `- **Field**: value` line to the 1.1 header.',
  },
  ({ tree, file, report }) => {
    const doc = newerDoc(tree, file);
    if (!doc) return;
    const header = section(doc, 'header');
    if (!header) return;
    const { model } = doc;
    const where = atLine(doc, header.range.start.offset, header.range.end.offset);
    const field = (re: RegExp) => model.header.find((f) => re.test(f.name));
    if (!model.legend)
      report(`${CLAUSE}: the header has no **Provenance legend**, the one-line key for the four tags.`, where);
    if (!model.declared) {
      report(
        `${CLAUSE}: the header has no **Draft confidence** count ("N documented / N maintainer / N inferred", "/ N assumption" when assumption tags are used).`,
        where,
      );
    } else if (!model.declared.assumption && model.claims.some((c) => c.provenance === 'assumption')) {
      report(
        `${CLAUSE}: the model uses assumption tags, so the **Draft confidence** count appends "/ N assumption".`,
        place(model.declared.range),
      );
    }
    const status = field(/^status$/i);
    if (!status)
      report(
        `${CLAUSE}: the header has no **Status** (draft / unratified draft / under maintainer review / accepted).`,
        where,
      );
    else if (!normaliseStatus(status.value))
      report(
        `${CLAUSE}: the status "${plain(status.value).slice(0, 40)}" is none of draft / unratified draft / under maintainer review / accepted.`,
        place(status.valueRange),
      );
    const policy = field(/triage policy/i);
    if (!policy)
      report(`${CLAUSE}: the header has no **Triage policy** line declaring \`strict\` or \`relaxed\`.`, where);
    else if (!/\b(strict|relaxed)\b/i.test(policy.value))
      report(`${CLAUSE}: the triage policy must be \`strict\` or \`relaxed\`.`, place(policy.valueRange));
    const generation = field(/generat|model\s*\/\s*agent|produced (by|with)|tooling/i);
    const headerText = doc.text.slice(header.range.start.offset, header.range.end.offset);
    if (!generation && !/human[- ]authored/i.test(headerText))
      report(
        `${CLAUSE}: the header records no **Generation metadata** (model/agent + version, effort level, plugins/skills) and is not marked human-authored.`,
        where,
      );
  },
);
