/** The contract-dimension matrix: each in-scope component × the eight dimensions exactly once. */
import type { Add, Path } from './findings.js';
import type { Sidecar } from './schema.js';
import { DIMENSIONS } from './schema.js';

/** Checks the contract-dimension rows are unique, complete and resolve to properties. */
export function checkMatrix(sc: Sidecar, add: Add): void {
  const claimed = new Set(sc.properties_claimed.map((p) => p.id));
  const disclaimed = new Set(sc.properties_disclaimed.map((p) => p.id));
  const seen = new Map<string, number>();
  sc.contract_dimensions.forEach((d, i) => {
    const path: Path = ['contract_dimensions', i];
    const key = `${d.component}\u0000${d.dimension}`;
    if (seen.has(key))
      add(
        'sidecar-matrix',
        path,
        `${d.component} × ${d.dimension} appears twice (first at contract_dimensions[${seen.get(key)}]).`,
      );
    seen.set(key, i);
    if (d.status === 'claimed' && !(d.property_id && claimed.has(d.property_id)))
      add(
        'sidecar-matrix',
        [...path, 'property_id'],
        `a claimed row needs a property_id in properties_claimed (${d.property_id ?? 'none'}).`,
      );
    if (d.status === 'disclaimed' && !(d.property_id && disclaimed.has(d.property_id)))
      add(
        'sidecar-matrix',
        [...path, 'property_id'],
        `a disclaimed row needs a property_id in properties_disclaimed (${d.property_id ?? 'none'}).`,
      );
    if (d.status === 'unresolved' && (d.provenance.kind !== 'inferred' || !(d.question_id ?? d.provenance.question_id)))
      add('sidecar-matrix', [...path, 'status'], 'an unresolved row requires inferred provenance and a question_id.');
    if (d.status === 'not-applicable' && (!d.conditions?.trim() || d.property_id))
      add('sidecar-matrix', path, 'a not-applicable row gives its reason in conditions and names no property.');
  });
  for (const c of sc.components.filter((x) => x.scope === 'in')) {
    const missing = DIMENSIONS.filter((d) => !seen.has(`${c.name}\u0000${d}`));
    if (missing.length)
      add(
        'sidecar-matrix',
        ['contract_dimensions'],
        `the in-scope component ${c.name} has no row for ${missing.join(', ')}; every in-scope component × each of the eight dimensions appears exactly once.`,
      );
  }
}
