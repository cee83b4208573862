/**
 * The skeleton of a new threat model: every section of the older rubric
 * generation (§1–§14 with §5a and §11a) in order, the header fields, the
 * provenance legend, §13 with the base dispositions and §14 with a first wave.
 */

/** The base triage dispositions (RUBRIC.md), with what each means and what licenses it. */
export const BASE_DISPOSITIONS: readonly { name: string; meaning: string; licensedBy: string }[] = [
  { name: 'VALID', meaning: 'a vulnerability: the report breaks a property of §8', licensedBy: '§8' },
  {
    name: 'VALID-HARDENING',
    meaning: 'not a break of §8, but a fix the project will take to harden a default',
    licensedBy: '§5a, §8',
  },
  {
    name: 'OUT-OF-MODEL: trusted-input',
    meaning: 'the report needs control of an input the model trusts',
    licensedBy: '§6',
  },
  {
    name: 'OUT-OF-MODEL: adversary-not-in-scope',
    meaning: 'the report needs an adversary the model excludes',
    licensedBy: '§7',
  },
  {
    name: 'OUT-OF-MODEL: unsupported-component',
    meaning: 'the report concerns code the project does not support',
    licensedBy: '§2, §3',
  },
  {
    name: 'OUT-OF-MODEL: non-default-build',
    meaning: 'the report needs a build or configuration variant the project does not support',
    licensedBy: '§5a',
  },
  {
    name: 'OUT-OF-MODEL: equivalent-harm',
    meaning: 'the attacker already has the capability the report demonstrates',
    licensedBy: '§7',
  },
  {
    name: 'BY-DESIGN: property-disclaimed',
    meaning: 'the report asks for a property the project disclaims',
    licensedBy: '§9',
  },
  { name: 'KNOWN-NON-FINDING', meaning: 'a recurring false positive already explained', licensedBy: '§11a' },
  { name: 'MODEL-GAP', meaning: 'the model is silent or wrong; the model is revised', licensedBy: '§12' },
];

/** What a new draft is made from. */
export interface InitOptions {
  project: string;
  /** YYYY-MM-DD. */
  date: string;
  /** The commit the model describes, when known. */
  commit?: string;
}

/** Renders a new draft threat model for a project. */
export function renderInitTemplate(options: InitOptions): string {
  const { project, date } = options;
  const commit = options.commit ? `\`${options.commit}\`` : '_the commit this model describes (fill in)_';
  const table = BASE_DISPOSITIONS.map((d) => `| \`${d.name}\` | ${d.meaning} | ${d.licensedBy} |`).join('\n');
  return `# ${project} threat model

## §1 Header

- **Project:** ${project}
- **Commit:** ${commit}
- **Date:** ${date}
- **Authors:** _who wrote this draft (fill in)_
- **Status:** draft — not yet reviewed by the maintainers.
- **Version binding:** a report against release N is triaged against this model as it stood at release N's tag, not against the default branch.
- **Reporting:** _the project's private vulnerability-reporting channel (fill in)_; a report that lands in §3, §9 or §11a is closed citing this document.
- **Provenance legend:** every claim carries one tag. *(documented: source)* = stated in the project's own docs or code, source named; *(maintainer — who, date)* = stated by a maintainer in answer to a §14 question; *(inferred — §14 Qn)* = reasoned by the authors, not yet confirmed, naming the §14 question that would confirm it.
- **Draft confidence:** 0 documented / 0 maintainer / 1 inferred

## §2 Scope and intended use

${project} is used by the callers and in the deployments described here *(inferred — §14 Q1)*.

<!-- Intended use, deployment shape, caller roles (a table), component families (a table). -->

## §3 Out of scope (explicit non-goals)

<!-- A numbered list; each item ends in its disposition, e.g. → \`OUT-OF-MODEL: unsupported-component\`. -->

## §4 Trust boundaries and data flow

<!-- A boundary table (B1…Bn) and, per component family, what an attacker must reach first. -->

## §5 Assumptions about the environment

<!-- Runtime, host, network, clock; what the project does to its host. -->

## §5a Build-time and configuration variants

<!-- A knob table: knob, default, maintainer stance, effect on the model. -->

## §6 Assumptions about inputs

<!-- Per entry point: who controls the input and how far it is trusted; size, shape and rate. -->

## §7 Adversary model

<!-- An actors table: who is in scope and who is not. -->

## §8 Security properties the project provides

<!-- One subsection per property: ### P1 — title, with its condition, violation symptom and severity. -->

## §9 Security properties the project does not provide

<!-- False-friend properties and attack classes not defended. -->

## §10 Downstream responsibilities

<!-- A numbered list of what callers and operators must do. -->

## §11 Known misuse patterns

<!-- Ways the project is commonly misused, and the disposition of reports that rely on them. -->

## §11a Known non-findings (recurring false positives)

<!-- Each: the symptom, why it is safe, the disposition (\`KNOWN-NON-FINDING\`). -->

## §12 Conditions that would change this model

<!-- New features, deployments or adversaries that would call for a revision. -->

## §13 Triage dispositions

| Disposition | Meaning | Licensed by |
| --- | --- | --- |
${table}

## §14 Open questions for the maintainers

### Wave 1 — scope and intended use

**Q1.** Are the callers and deployments described in §2 the ones ${project} supports? *(maps to §2)*
`;
}
