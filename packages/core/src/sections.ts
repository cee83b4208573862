/**
 * The rubric's sections in one vocabulary for both generations.
 *
 * The older rubric numbers sections §1–§14 (with §5a and §11a); the newer one
 * numbers them 1.1–1.19 and adds outputs (1.8) and dependencies (1.9). A
 * section id here names the meaning, never a number, so `§7` (adversary, older)
 * and `1.10` (adversary, newer) are both `adversary`.
 */
import type { Generation, SectionId } from './ids.js';
import { SECTION_IDS } from './ids.js';

/** One row of the rubric's section table. */
export interface SectionDef {
  id: SectionId;
  /** Canonical title as the rubric writes it. */
  title: string;
  /** Number in the older generation (`1`, `5a`, `11a`), or null when it has none. */
  older: string | null;
  /** Number in the newer generation (`1.1` … `1.19`). */
  newer: string;
  /** Whether a document of each generation must have it. */
  required: { older: boolean; newer: boolean };
  /** Title patterns, tried in order; the first definition whose pattern matches wins. */
  titles: RegExp[];
}

/** The rubric's sections in rubric order (RUBRIC.md's table). */
export const SECTION_DEFS: readonly SectionDef[] = [
  {
    id: 'header',
    title: 'Header',
    older: '1',
    newer: '1.1',
    required: { older: true, newer: true },
    titles: [/^header\b/i],
  },
  {
    id: 'scope',
    title: 'Scope and intended use',
    older: '2',
    newer: '1.2',
    required: { older: true, newer: true },
    titles: [/\bintended use\b/i, /^scope\b(?!.*\bout\b)/i],
  },
  {
    id: 'out-of-scope',
    title: 'Out of scope (explicit non-goals)',
    older: '3',
    newer: '1.3',
    required: { older: true, newer: true },
    titles: [/\bout[ -]of[ -]scope\b/i, /\bnon-goals\b/i],
  },
  {
    id: 'trust-boundaries',
    title: 'Trust boundaries and data flow',
    older: '4',
    newer: '1.4',
    required: { older: true, newer: true },
    titles: [/\btrust boundar/i, /\bdata[ -]flow\b/i, /\bsecurity boundary\b/i],
  },
  {
    id: 'environment',
    title: 'Assumptions about the environment',
    older: '5',
    newer: '1.5',
    required: { older: true, newer: true },
    titles: [/\benvironment\b/i],
  },
  {
    id: 'variants',
    title: 'Build-time and configuration variants',
    older: '5a',
    newer: '1.6',
    required: { older: true, newer: true },
    titles: [/\bbuild[ -]time\b/i, /\bconfiguration variants\b/i, /\bvariants\b/i, /\bknobs?\b/i],
  },
  {
    id: 'inputs',
    title: 'Assumptions about inputs',
    older: '6',
    newer: '1.7',
    required: { older: true, newer: true },
    titles: [/\binputs?\b/i],
  },
  {
    id: 'outputs',
    title: 'Assumptions and guarantees about outputs',
    older: null,
    newer: '1.8',
    required: { older: false, newer: true },
    titles: [/\boutputs?\b/i],
  },
  {
    id: 'dependencies',
    title: 'Assumptions about dependencies',
    older: null,
    newer: '1.9',
    required: { older: false, newer: true },
    titles: [/\bassumptions about (the )?dependencies\b/i],
  },
  {
    id: 'adversary',
    title: 'Adversary model',
    older: '7',
    newer: '1.10',
    required: { older: true, newer: true },
    titles: [/\badversar/i, /\bthreat actors?\b/i],
  },
  {
    id: 'non-properties',
    title: 'Security properties the project does not provide',
    older: '9',
    newer: '1.12',
    required: { older: true, newer: true },
    titles: [/\bproperties\b.*\b(not|n't)\b/i, /\bnot provided?\b/i],
  },
  {
    id: 'properties',
    title: 'Security properties the project provides',
    older: '8',
    newer: '1.11',
    required: { older: true, newer: true },
    titles: [/\bsecurity properties\b/i, /\bproperties\b.*\bprovide/i, /\bguarantees\b/i],
  },
  {
    id: 'downstream',
    title: 'Downstream responsibilities',
    older: '10',
    newer: '1.13',
    required: { older: true, newer: true },
    titles: [/\bdownstream\b/i, /\bresponsibilit/i],
  },
  {
    id: 'misuse',
    title: 'Known misuse patterns',
    older: '11',
    newer: '1.14',
    required: { older: true, newer: true },
    titles: [/\bmisuse\b/i],
  },
  {
    id: 'non-findings',
    title: 'Known non-findings (recurring false positives)',
    older: '11a',
    newer: '1.15',
    required: { older: true, newer: true },
    titles: [/\bnon-findings?\b/i, /\bfalse positives\b/i],
  },
  {
    id: 'change-conditions',
    title: 'Conditions that would change this model',
    older: '12',
    newer: '1.16',
    required: { older: true, newer: true },
    titles: [/\bconditions\b.*\bchange\b/i, /\brevision triggers\b/i, /\bwould change\b/i],
  },
  {
    id: 'dispositions',
    title: 'Triage dispositions',
    older: '13',
    newer: '1.17',
    required: { older: true, newer: true },
    titles: [/\bdispositions?\b/i],
  },
  {
    id: 'questions',
    title: 'Open questions for the maintainers',
    older: '14',
    newer: '1.18',
    required: { older: true, newer: true },
    titles: [/\bopen questions\b/i, /\bquestions\b/i, /\bratification\b/i, /\bmaintainer decisions\b/i],
  },
  {
    id: 'companion',
    title: 'Machine-readable companion',
    older: '15',
    newer: '1.19',
    required: { older: false, newer: false },
    titles: [/\bmachine-readable\b/i, /\bcompanion\b/i, /threat-model\.yaml/i],
  },
];

/** Rubric order of the canonical ids (the rubric's table, as `SECTION_IDS` lists them). */
export const SECTION_ORDER: readonly SectionId[] = SECTION_IDS;

const BY_ID = new Map(SECTION_DEFS.map((d) => [d.id, d]));

/** The definition of a canonical section id. */
export function sectionDef(id: SectionId): SectionDef {
  const def = BY_ID.get(id);
  if (!def) throw new Error(`unknown section id ${id}`);
  return def;
}

/** Position of a canonical section in rubric order (0-based). */
export function sectionRank(id: SectionId): number {
  return SECTION_ORDER.indexOf(id);
}

/** The canonical section for a number as written in one generation (`7` older → adversary, `1.7` newer → inputs). */
export function sectionByNumber(number: string, generation: Generation): SectionId | null {
  const n = number.toLowerCase();
  for (const def of SECTION_DEFS) {
    if (generation === 'older' ? def.older === n : def.newer === n) return def.id;
  }
  return null;
}

/** The canonical section whose title patterns match a heading's title, or null. */
export function sectionByTitle(title: string): SectionId | null {
  const t = title.trim();
  for (const def of SECTION_DEFS) {
    if (def.titles.some((re) => re.test(t))) return def.id;
  }
  return null;
}

/** The number a section has in a generation, in the form documents write it (`§7`, `1.10`). */
export function sectionLabel(id: SectionId, generation: Generation): string {
  const def = sectionDef(id);
  if (generation === 'older') return def.older ? `§${def.older}` : def.newer;
  return def.newer;
}

/**
 * Resolves what a user writes for a section (a canonical id, `§3`, `3`, `1.3`)
 * to the canonical id; bare and `§` numbers are read in the older generation,
 * `1.N` numbers in the newer one. Returns null when nothing matches.
 */
export function resolveSectionRef(ref: string): SectionId | null {
  const r = ref.trim();
  if (BY_ID.has(r as SectionId)) return r as SectionId;
  const older = /^§?\s*(\d{1,2}[a-z]?)$/i.exec(r);
  if (older?.[1]) return sectionByNumber(older[1], 'older');
  const newer = /^§?\s*(1\.\d{1,2})$/.exec(r);
  if (newer?.[1]) return sectionByNumber(newer[1], 'newer');
  return sectionByTitle(r);
}
