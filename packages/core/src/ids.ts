/**
 * The closed word lists of the model, as plain constants: the schemas
 * (`model.ts`, zod) are built from them, and code that only reads a model
 * (the parser, the rules) uses them without loading zod.
 */

/** The canonical section ids, in rubric order (the rubric's table). */
export const SECTION_IDS = [
  'header',
  'scope',
  'out-of-scope',
  'trust-boundaries',
  'environment',
  'variants',
  'inputs',
  'outputs',
  'dependencies',
  'adversary',
  'properties',
  'non-properties',
  'downstream',
  'misuse',
  'non-findings',
  'change-conditions',
  'dispositions',
  'questions',
  'companion',
] as const;

/** The canonical id of a rubric section, shared by both generations. */
export type SectionId = (typeof SECTION_IDS)[number];

/** Whether a string is a canonical section id. */
export function isSectionId(value: string): value is SectionId {
  return (SECTION_IDS as readonly string[]).includes(value);
}

/** The provenance words, in the order reports list them. */
export const PROVENANCES = ['documented', 'inferred', 'maintainer', 'assumption'] as const;

/** The provenance of a claim: where the claim comes from. */
export type Provenance = (typeof PROVENANCES)[number];

/** The rubric generations. */
export const GENERATIONS = ['older', 'newer'] as const;

/** The rubric generation a document follows. */
export type Generation = (typeof GENERATIONS)[number];
