/** The §1.11 vocabulary: violation symptoms, and which of them are consequential or memory outcomes. */

/** output-structure.md 1.11, "Violation symptom — closed vocabulary". */
export const SYMPTOMS = [
  'crash',
  'oob-read',
  'oob-write',
  'buffer-overflow',
  'use-after-free',
  'uninitialized-read',
  'info-leak',
  'hang',
  'unbounded-allocation',
  'wrong-output',
  'bad-data-accepted',
  'integrity-bypass',
  'data-race',
] as const;

/** Symptoms whose evidence must include a `file:line` ("A memory-safety symptom needs a code citation"). */
export const MEMORY_SYMPTOMS = new Set(['oob-read', 'oob-write', 'buffer-overflow', 'use-after-free']);

/** Symptoms for which "what voids it" is required ("Required when the violation symptom is consequential"). */
export const CONSEQUENTIAL_SYMPTOMS = new Set([
  'oob-read',
  'oob-write',
  'buffer-overflow',
  'use-after-free',
  'uninitialized-read',
  'bad-data-accepted',
  'integrity-bypass',
  'unbounded-allocation',
]);

/** The symptom words of a Violation symptom value (`oob-read`, `x-foo`), lower-cased. */
export function symptomsIn(value: string): string[] {
  return [...value.toLowerCase().matchAll(/\b(x-[a-z0-9-]+|[a-z]+(?:-[a-z]+)*)\b/g)]
    .map((m) => m[1] ?? '')
    .filter((w) => (SYMPTOMS as readonly string[]).includes(w) || w.startsWith('x-'));
}
