/**
 * The closed disposition set and its precedence order, and that every
 * substantive prose section is represented in the sidecar.
 */
import type { SectionId } from '@tmsync/core';
import type { Add } from './findings.js';
import type { ProseFacts } from './prose.js';
import type { Sidecar } from './schema.js';
import { DISPOSITION_PRECEDENCE, DISPOSITIONS } from './schema.js';

/** Checks the disposition set is the closed ten and the precedence the fixed §1.17 order. */
export function checkDispositions(sc: Sidecar, add: Add): void {
  const set = new Set<string>(DISPOSITIONS);
  sc.dispositions.forEach((d, i) => {
    if (!set.has(d))
      add(
        'sidecar-dispositions',
        ['dispositions', i],
        `"${d}" is not in the fixed disposition set; a finding that fits none is MODEL-GAP.`,
      );
  });
  const missing = DISPOSITIONS.filter((d) => !sc.dispositions.includes(d));
  if (missing.length)
    add(
      'sidecar-dispositions',
      ['dispositions'],
      `dispositions lacks ${missing.join(', ')}; it is the closed set of ten.`,
    );
  const dup = sc.dispositions.find((d, i) => sc.dispositions.indexOf(d) !== i);
  if (dup) add('sidecar-dispositions', ['dispositions'], `dispositions lists ${dup} twice.`);
  const order = sc.disposition_precedence;
  const wrong = DISPOSITION_PRECEDENCE.findIndex((d, i) => order[i] !== d);
  if (wrong >= 0 || order.length !== DISPOSITION_PRECEDENCE.length)
    add(
      'sidecar-dispositions',
      wrong >= 0 && wrong < order.length ? ['disposition_precedence', wrong] : ['disposition_precedence'],
      `disposition_precedence is not the fixed §1.17 first-match order${wrong >= 0 ? `: position ${wrong + 1} is ${order[wrong] ?? '(missing)'}, expected ${DISPOSITION_PRECEDENCE[wrong]}` : ''}.`,
    );
}

/** Which sidecar lists carry which substantive section. */
const COVERAGE: [SectionId, keyof Sidecar, (sc: Sidecar) => boolean][] = [
  ['scope', 'components', () => false],
  ['environment', 'host_side_effects', () => false],
  ['inputs', 'entry_points', () => false],
  ['inputs', 'contract_dimensions', () => false],
  ['outputs', 'outputs', () => false],
  ['adversary', 'adversaries', () => false],
  ['dependencies', 'dependencies', (sc) => sc.dependency_policy.zero_runtime_dependencies === true],
  ['variants', 'build_flags', (sc) => sc.build_policy.security_relevant_flags_present === false],
  ['properties', 'properties_claimed', () => false],
  ['non-properties', 'properties_disclaimed', () => false],
  ['downstream', 'downstream_responsibilities', () => false],
  ['misuse', 'known_misuses', () => false],
  ['non-findings', 'known_non_findings', () => false],
];

/** Checks every substantive prose section has its sidecar records. */
export function checkCoverage(sc: Sidecar, prose: ProseFacts, add: Add): void {
  for (const [id, key, excused] of COVERAGE) {
    const s = prose.sections.get(id);
    const list = sc[key] as unknown[];
    if (!s || s.notApplicable || list.length > 0 || excused(sc)) continue;
    add(
      'sidecar-coverage',
      [key],
      `${key} is empty, but the prose's ${s.section.number ?? ''} ${s.section.title} is substantive (line ${s.section.heading.start.line}): every substantive section is represented.`,
    );
  }
  if (
    sc.dependencies.length === 0 &&
    !sc.dependency_policy.zero_runtime_dependencies &&
    !prose.sections.get('dependencies')?.notApplicable
  )
    add(
      'sidecar-coverage',
      ['dependencies'],
      'dependencies is empty without dependency_policy.zero_runtime_dependencies: true; an empty list alone is not a claim.',
    );
}
