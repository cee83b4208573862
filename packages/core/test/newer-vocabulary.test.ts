/** The newer generation's vocabularies, shared by the rubric and the sidecar: the tables agree with each other. */
import { describe, expect, it } from 'vitest';
import {
  CONTRACT_DIMENSION_WORDS,
  CONTRACT_DIMENSIONS,
  CONTROL_KIND_ALIASES,
  CONTROL_KINDS,
  DISPOSITION_PRECEDENCE,
  dispositionCloses,
  LOW_BLAST_ROUTES,
  NEWER_DISPOSITIONS,
  SECTION_ORDER,
  SectionIdSchema,
} from '../src/index.js';

/** The first dimension whose words a lower-cased text holds, as the rubric reads a matrix cell. */
const dimensionIn = (text: string) =>
  CONTRACT_DIMENSION_WORDS.find(([, words]) => new RegExp(words).test(text.toLowerCase()))?.[0] ?? null;

describe('the newer vocabularies', () => {
  it('orders every disposition once in the precedence', () => {
    expect([...DISPOSITION_PRECEDENCE].sort()).toEqual([...NEWER_DISPOSITIONS].sort());
    expect(DISPOSITION_PRECEDENCE[0]).toBe('KNOWN-NON-FINDING');
  });

  it('lets an assumption close only closing routes, never a dependency contract', () => {
    for (const route of LOW_BLAST_ROUTES) expect(dispositionCloses(route), route).toBe(true);
    expect(LOW_BLAST_ROUTES).not.toContain('OUT-OF-MODEL: dependency-contract');
    expect(LOW_BLAST_ROUTES).not.toContain('KNOWN-NON-FINDING');
  });

  it('has words for each required dimension, and each sidecar name reads as itself', () => {
    expect(CONTRACT_DIMENSION_WORDS.map(([d]) => d).sort()).toEqual([...CONTRACT_DIMENSIONS].sort());
    for (const d of CONTRACT_DIMENSIONS) expect(dimensionIn(d)).toBe(d);
    expect(dimensionIn('Recursive/cyclic topology')).toBe('recursive-cyclic-topology');
    expect(dimensionIn('Reference cycles')).toBe('reference-lifecycle');
    expect(dimensionIn('Representational domain')).toBe('numeric-domain');
    expect(dimensionIn('Thread safety')).toBe('concurrency-reentrancy');
    expect(dimensionIn('Output encoding')).toBeNull();
  });

  it('keeps the control-kind aliases apart from the sidecar names', () => {
    for (const alias of CONTROL_KIND_ALIASES) expect(CONTROL_KINDS as readonly string[]).not.toContain(alias);
    for (const word of [...CONTROL_KINDS, ...CONTROL_KIND_ALIASES]) expect(word).toMatch(/^[a-z]+(?:-[a-z]+)*$/);
  });

  it('lists the section ids once: the rubric order is the schema order', () => {
    expect(SECTION_ORDER).toEqual(SectionIdSchema.options);
    expect(new Set(SECTION_ORDER).size).toBe(19);
  });
});
