/**
 * The cross-references between sidecar records: components, property,
 * obligation and invariant ids, non-finding scope and discharge, build flags,
 * and the closure floor on unratified claims.
 */
import type { Add, Path } from './findings.js';
import type { Sidecar } from './schema.js';

function componentsOf(r: { components?: string[]; component?: string }): string[] {
  return r.components ?? (r.component ? [r.component] : []);
}

/** Checks every cross-reference between records resolves and the closure floor holds. */
export function checkReferences(sc: Sidecar, add: Add): void {
  const components = new Map(sc.components.map((c) => [c.name, c.scope]));
  const claimed = new Map(sc.properties_claimed.map((p) => [p.id, p]));
  const disclaimed = new Map(sc.properties_disclaimed.map((p) => [p.id, p]));
  const component = (path: Path, name: string, allowAll = false) => {
    if (allowAll && name === 'all-in-scope') return;
    if (!components.has(name)) add('sidecar-references', path, `component ${name} is not in components.`);
  };
  sc.host_side_effects.forEach((e, i) => {
    e.components.forEach((c, j) => {
      component(['host_side_effects', i, 'components', j], c);
    });
  });
  const obligations = new Map<string, string>();
  sc.entry_points.forEach((ep, i) => {
    component(['entry_points', i, 'component'], ep.component);
    ep.parameters.forEach((p, j) => {
      const path: Path = ['entry_points', i, 'parameters', j];
      if (p.attacker_controllable && p.caller_must_enforce.trim() === '')
        add(
          'sidecar-references',
          [...path, 'caller_must_enforce'],
          `${ep.id}.${p.name} is attacker-controllable, so caller_must_enforce is non-empty (use "none — <property ID>" when a property covers it).`,
        );
      if (p.obligation_id) {
        const before = obligations.get(p.obligation_id);
        if (before !== undefined && before !== p.caller_must_enforce)
          add(
            'sidecar-references',
            [...path, 'obligation_id'],
            `obligation_id ${p.obligation_id} is bound to two different requirements ("${before}" and "${p.caller_must_enforce}"); obligation ids are unique across all entry points.`,
          );
        obligations.set(p.obligation_id, p.caller_must_enforce);
      }
    });
  });
  sc.outputs.forEach((o, i) => {
    component(['outputs', i, 'component'], o.component);
    o.invariants.forEach((v, j) => {
      if (!claimed.has(v.property_id))
        add(
          'sidecar-references',
          ['outputs', i, 'invariants', j, 'property_id'],
          `invariant ${v.id} links to ${v.property_id}, which is not a claimed property.`,
        );
    });
  });
  sc.adversaries.forEach((a, i) => {
    if (a.scope === 'in' && a.excluded_capabilities.length === 0)
      add(
        'sidecar-references',
        ['adversaries', i, 'excluded_capabilities'],
        `the in-scope adversary ${a.name} has no excluded_capabilities; OUT-OF-MODEL: adversary-not-in-scope cites them.`,
      );
  });
  if (sc.dependencies.length > 0 && sc.dependency_policy.zero_runtime_dependencies)
    add(
      'sidecar-references',
      ['dependency_policy', 'zero_runtime_dependencies'],
      'zero_runtime_dependencies is true, but dependencies lists some.',
    );
  sc.dependencies.forEach((d, i) => {
    d.outputs_consumed.forEach((o, j) => {
      const p = claimed.get(o.supports_property_id);
      if (p?.kind !== 'output-sanitization')
        add(
          'sidecar-references',
          ['dependencies', i, 'outputs_consumed', j, 'supports_property_id'],
          `${o.supports_property_id} is not a claimed output-sanitization property.`,
        );
    });
  });
  sc.build_flags.forEach((f, i) => {
    if (f.security_relevant && f.affects_properties.length === 0)
      add(
        'sidecar-references',
        ['build_flags', i, 'affects_properties'],
        `the security-relevant flag ${f.name} names no affects_properties.`,
      );
    f.affects_properties.forEach((a, j) => {
      if (!claimed.has(a.property_id))
        add(
          'sidecar-references',
          ['build_flags', i, 'affects_properties', j, 'property_id'],
          `${a.property_id} is not a claimed property.`,
        );
    });
  });
  if (
    sc.build_flags.length > 0 &&
    sc.build_policy.security_relevant_flags_present === false &&
    sc.build_flags.some((f) => f.security_relevant)
  )
    add(
      'sidecar-references',
      ['build_policy', 'security_relevant_flags_present'],
      'security_relevant_flags_present is false, but a build flag is security-relevant.',
    );
  sc.properties_claimed.forEach((p, i) => {
    p.components.forEach((c, j) => {
      component(['properties_claimed', i, 'components', j], c);
    });
    if ((p.provenance.kind === 'inferred' || p.provenance.kind === 'assumption') && p.tier === 'security-critical')
      add(
        'sidecar-closure-floor',
        ['properties_claimed', i, 'tier'],
        `the claimed property ${p.id} is ${p.provenance.kind} but tiered security-critical; an unratified guarantee may not carry that tier.`,
      );
  });
  sc.properties_disclaimed.forEach((p, i) => {
    p.components.forEach((c, j) => {
      component(['properties_disclaimed', i, 'components', j], c);
    });
  });
  sc.known_misuses.forEach((m, i) => {
    const cs = componentsOf(m);
    if (cs.length === 0) add('sidecar-schema', ['known_misuses', i], `known misuse ${m.id} lists no components.`);
    cs.forEach((c, j) => {
      component(['known_misuses', i, m.components ? 'components' : 'component', ...(m.components ? [j] : [])], c, true);
    });
  });
  sc.known_non_findings.forEach((k, i) => {
    const cs = componentsOf(k);
    const base: Path = ['known_non_findings', i];
    if (cs.length === 0) add('sidecar-schema', base, `known non-finding ${k.id} lists no components.`);
    if (cs.includes('all-in-scope'))
      add(
        'sidecar-references',
        [...base, 'components'],
        `known non-finding ${k.id} uses all-in-scope; a non-finding fires first, so one that matches everywhere suppresses everything.`,
      );
    cs.filter((c) => c !== 'all-in-scope').forEach((c) => {
      component([...base, 'components'], c);
      if (components.get(c) === 'out')
        add(
          'sidecar-references',
          [...base, 'components'],
          `known non-finding ${k.id} lists ${c}, which is out of scope.`,
        );
    });
    let propertyCount = 0;
    k.discharged_by.forEach((id, j) => {
      const p = claimed.get(id) ?? disclaimed.get(id);
      if (!p) return;
      propertyCount++;
      const uncovered = cs.filter(
        (c) => c !== 'all-in-scope' && !p.components.includes(c) && !p.components.includes('all-in-scope'),
      );
      if (uncovered.length)
        add(
          'sidecar-references',
          [...base, 'discharged_by', j],
          `${id} does not cover ${uncovered.join(', ')}; every discharging property covers each component the entry lists.`,
        );
    });
    if (propertyCount === 0)
      add(
        'sidecar-references',
        [...base, 'discharged_by'],
        `known non-finding ${k.id} is discharged by no §1.11/§1.12 property (${k.discharged_by.join(', ')}).`,
      );
    if (k.provenance.kind === 'assumption' || k.provenance.kind === 'inferred')
      add(
        'sidecar-closure-floor',
        [...base, 'provenance', 'kind'],
        `known non-finding ${k.id} is ${k.provenance.kind}: an assumption never licenses KNOWN-NON-FINDING and inferred never closes.`,
        'warning',
      );
  });
  const ids = new Set([
    ...obligations.keys(),
    ...claimed.keys(),
    ...sc.outputs.flatMap((o) => [...o.invariants, ...o.downstream_must_not_assume].map((x) => x.id)),
  ]);
  sc.downstream_responsibilities.forEach((r, i) => {
    r.enforces.forEach((e, j) => {
      if (!ids.has(e))
        add(
          'sidecar-references',
          ['downstream_responsibilities', i, 'enforces', j],
          `${r.id} enforces ${e}, which is no obligation, property, invariant or must-not-assume id.`,
        );
    });
  });
}
