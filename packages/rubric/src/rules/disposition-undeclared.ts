/**
 * `disposition-undeclared` — a disposition is used that §13 does not declare.
 *
 * §13 (1.17) fixes the vocabulary of triage dispositions; §3, §11 and §11a
 * (1.3, 1.14, 1.15) route reports with them (`→ OUT-OF-MODEL: trusted-input`).
 * A disposition used there must be declared. A bare family name
 * (`OUT-OF-MODEL`, `BY-DESIGN`) matches any declared member of the family
 * (`OUT-OF-MODEL: trusted-input`), and a family declared bare accepts any
 * member. When §13 is missing, `section-missing` reports it and this rule is
 * silent; when §13 is there but declares nothing readable, one message says so.
 */
import { joinWords, place, placeLine, plural, rubricModel, sectionById, sectionName } from '../model.js';
import { defineRule } from '../rule.js';

function family(name: string): string {
  return name.split(':')[0]?.trim() ?? name;
}

/** Whether a used disposition is covered by the declared ones. */
export function isDeclared(used: string, declared: readonly string[]): boolean {
  if (declared.includes(used)) return true;
  const fam = family(used);
  if (!used.includes(':')) return declared.some((d) => family(d) === fam);
  return declared.includes(fam);
}

export default defineRule(
  {
    id: 'disposition-undeclared',
    severity: 'error',
    summary:
      'A disposition used in out-of-scope, misuse or non-finding entries is not declared in the triage dispositions.',
    description:
      'Triage dispositions form a closed vocabulary declared in §13 (1.17). Every disposition that §3, §11 or §11a (1.3, 1.14, 1.15) routes reports to must be one of them; a bare family name (OUT-OF-MODEL) matches any declared member of the family.',
    help: "Use a disposition that §13 declares, or add a row for the new one to §13's table with its meaning and what licenses it.",
  },
  ({ file, report }) => {
    const model = rubricModel(file);
    if (!model) return;
    const section = sectionById(model, 'dispositions');
    if (!section) return;
    const uses = model.dispositionUses;
    if (uses.length === 0) return;
    const declared = model.dispositions.map((d) => d.name);
    const where = sectionName(model, 'dispositions');
    if (declared.length === 0) {
      report(
        `${where} declares no disposition that tmsync can read, yet the document routes reports to ${plural(uses.length, 'disposition')}: list them in a table (disposition | meaning | licensed by) in ${where}.`,
        placeLine(section.heading, String(file)),
      );
      return;
    }
    for (const use of uses) {
      if (isDeclared(use.name, declared)) continue;
      const sameFamily = declared.filter((d) => family(d) === family(use.name));
      const hint = sameFamily.length ? ` (it declares ${joinWords(sameFamily.map((d) => `\`${d}\``))})` : '';
      report(
        `\`${use.name}\` is used here but ${where} does not declare it${hint}: use a declared disposition, or add \`${use.name}\` to ${where} with its meaning and what licenses it.`,
        place(use.range),
      );
    }
  },
);
