/**
 * `checkSidecar`: the sidecar against its schema (sidecar-schema.md) and
 * against the prose it derives from — prose-version binding, confidence,
 * status, triage policy, dispositions and their order, section coverage, the
 * relations the field notes state, and every record's provenance against the
 * prose tags (including that a record's question exists in 1.18).
 */
import type { SectionId } from '@tmsync/core';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Node } from 'yaml';
import type { ProseFacts } from './prose.js';
import { readProse } from './prose.js';
import type { Sidecar } from './schema.js';
import { DIMENSIONS, DISPOSITION_PRECEDENCE, DISPOSITIONS, SidecarSchema } from './schema.js';

/** One finding: which check, how bad, where in the sidecar (YAML path and line), and what to do. */
export interface SidecarFinding {
  check: SidecarCheckId;
  severity: 'error' | 'warning';
  message: string;
  /** The YAML path (`properties_claimed[2].tier`), '' for the whole file. */
  path: string;
  /** 1-based line in the sidecar, or null when the file does not parse. */
  line: number | null;
}

/** The checks, stable ids. */
export const SIDECAR_CHECKS = [
  'sidecar-yaml',
  'sidecar-schema',
  'sidecar-prose-version',
  'sidecar-confidence',
  'sidecar-status',
  'sidecar-triage-policy',
  'sidecar-generation',
  'sidecar-dispositions',
  'sidecar-coverage',
  'sidecar-provenance',
  'sidecar-references',
  'sidecar-matrix',
  'sidecar-closure-floor',
] as const;
export type SidecarCheckId = (typeof SIDECAR_CHECKS)[number];

/** What to check: the prose text and the path the sidecar names it by, and the sidecar text. */
export interface SidecarInput {
  prose: string;
  /** The prose file's path relative to the sidecar (normally its file name). */
  prosePath: string;
  sidecar: string;
}

type Path = (string | number)[];

function pathText(path: Path): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${p}` : p;
  return out;
}

/** Checks a sidecar against its schema and its prose. Findings are sorted by line. */
export function checkSidecar(input: SidecarInput): SidecarFinding[] {
  const counter = new LineCounter();
  const doc = parseDocument(input.sidecar, { lineCounter: counter });
  if (doc.errors.length) {
    return doc.errors.map((e) => ({
      check: 'sidecar-yaml',
      severity: 'error',
      message: `not valid YAML: ${(e.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')}`,
      path: '',
      line: e.linePos?.[0]?.line ?? null,
    }));
  }
  const findings: SidecarFinding[] = [];
  const lineOf = (path: Path): number | null => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as Node | undefined;
      const range = node && typeof node === 'object' && 'range' in node ? node.range : undefined;
      if (range) {
        // For a key's value, point at the key's line when the value is a block collection.
        return counter.linePos(keyOffset(doc, path.slice(0, n)) ?? range[0]).line;
      }
    }
    return 1;
  };
  const add = (check: SidecarCheckId, path: Path, message: string, severity: 'error' | 'warning' = 'error') =>
    findings.push({ check, severity, message, path: pathText(path), line: lineOf(path) });

  const raw = doc.toJS() as unknown;
  const parsed = SidecarSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      add('sidecar-schema', path, `${pathText(path) || '(top level)'}: ${issue.message}`);
    }
    return sortFindings(findings);
  }
  const sc = parsed.data;
  const prose = readProse(input.prose, input.prosePath);
  checkBinding(sc, prose, add);
  checkDispositions(sc, add);
  checkCoverage(sc, prose, add);
  checkProvenance(raw, prose, add);
  sc.contract_dimensions.forEach((d, i) => {
    if (d.question_id && !prose.questions.has(d.question_id))
      add(
        'sidecar-provenance',
        ['contract_dimensions', i, 'question_id'],
        `the row cites ${d.question_id}, which is not a question in the prose's 1.18.`,
      );
  });
  checkReferences(sc, add);
  checkMatrix(sc, add);
  return sortFindings(findings);
}

type Add = (check: SidecarCheckId, path: Path, message: string, severity?: 'error' | 'warning') => void;

function keyOffset(doc: Document, path: Path): number | null {
  if (path.length === 0) return null;
  const parent = doc.getIn(path.slice(0, -1), true) as Node | undefined;
  const last = path[path.length - 1];
  if (parent && isMap(parent)) {
    const pair = parent.items.find((p) => (p.key as { value?: unknown } | null)?.value === last);
    const key = pair?.key as Node | undefined;
    if (key?.range) return key.range[0];
  }
  if (parent && isSeq(parent) && typeof last === 'number') {
    const item = parent.items[last] as Node | undefined;
    if (item?.range) return item.range[0];
  }
  return null;
}

function sortFindings(f: SidecarFinding[]): SidecarFinding[] {
  return f.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || a.check.localeCompare(b.check));
}

function checkBinding(sc: Sidecar, prose: ProseFacts, add: Add): void {
  const [path, digest] = sc.prose_version.split('@sha256:');
  const [wantPath, wantDigest] = prose.proseVersion.split('@sha256:');
  if (path !== wantPath)
    add(
      'sidecar-prose-version',
      ['prose_version'],
      `prose_version names ${path}, but the prose file is ${wantPath}: name the prose file beside the sidecar.`,
    );
  else if (digest !== wantDigest)
    add(
      'sidecar-prose-version',
      ['prose_version'],
      `prose_version is sha256:${digest?.slice(0, 12)}…, but the prose is sha256:${wantDigest?.slice(0, 12)}…: the prose changed since the sidecar was derived — run \`tmsync sidecar sync\`.`,
    );
  for (const k of ['documented', 'maintainer', 'inferred', 'assumption'] as const)
    if (sc.confidence[k] !== prose.confidence[k])
      add(
        'sidecar-confidence',
        ['confidence', k],
        `confidence.${k} is ${sc.confidence[k]}, but the prose's draft confidence says ${prose.confidence[k]}: the sidecar is stale — regenerate.`,
      );
  if (prose.status === null)
    add(
      'sidecar-status',
      ['model_status'],
      `the prose status "${prose.model.status ?? ''}" is none of draft / unratified draft / under maintainer review / accepted, so model_status cannot be checked.`,
      'warning',
    );
  else if (sc.model_status !== prose.status)
    add(
      'sidecar-status',
      ['model_status'],
      `model_status is ${sc.model_status}, but the prose status normalises to ${prose.status}.`,
    );
  if (sc.model_status === 'accepted') {
    if (sc.confidence.inferred > 0 || sc.confidence.assumption > 0)
      add(
        'sidecar-status',
        ['model_status'],
        `model_status is accepted, but confidence counts ${sc.confidence.inferred} inferred / ${sc.confidence.assumption} assumption: an accepted model has none — use under-review or unratified-draft.`,
      );
    for (const [path, p] of provenanceRecords(sc))
      if (p.kind === 'inferred' || p.kind === 'assumption')
        add(
          'sidecar-status',
          path,
          `model_status is accepted, but this record's provenance is ${p.kind} (${p.question_id}): an accepted model has no inferred or assumption records.`,
        );
  }
  const policy = sc.triage_policy ?? 'strict';
  if (policy !== prose.triagePolicy)
    add(
      'sidecar-triage-policy',
      ['triage_policy'],
      `triage_policy is ${policy}${sc.triage_policy ? '' : ' (the default)'}, but the prose declares ${prose.triagePolicy}.`,
    );
  if (prose.generationModel === '' && sc.generation)
    add(
      'sidecar-generation',
      ['generation'],
      'the prose marks the model human-authored, so the sidecar omits generation entirely.',
    );
  else if (prose.generationModel && !sc.generation)
    add(
      'sidecar-generation',
      [],
      `the prose records generation metadata (${prose.generationModel}), but the sidecar has no generation block.`,
    );
  else if (
    prose.generationModel &&
    sc.generation &&
    !prose.generationModel.toLowerCase().includes(sc.generation.model.trim().toLowerCase())
  )
    add(
      'sidecar-generation',
      ['generation', 'model'],
      `generation.model is "${sc.generation.model}", but the prose's generation metadata says "${prose.generationModel.slice(0, 80)}".`,
    );
}

function checkDispositions(sc: Sidecar, add: Add): void {
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

function checkCoverage(sc: Sidecar, prose: ProseFacts, add: Add): void {
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

type Prov = { kind: string; source?: string; date?: string; question_id?: string };

/** Every provenance object in the sidecar with its path. */
function provenanceRecords(value: unknown, path: Path = []): [Path, Prov][] {
  const out: [Path, Prov][] = [];
  if (Array.isArray(value))
    value.forEach((v, i) => {
      out.push(...provenanceRecords(v, [...path, i]));
    });
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      if ((k === 'provenance' || k === 'taint_provenance') && v && typeof v === 'object' && 'kind' in v)
        out.push([[...path, k], v as Prov]);
      else out.push(...provenanceRecords(v, [...path, k]));
    }
  return out;
}

function checkProvenance(raw: unknown, prose: ProseFacts, add: Add): void {
  const byQuestion = new Map<string, Set<string>>();
  for (const c of prose.claims)
    for (const r of c.questionRefs) byQuestion.set(r.id, (byQuestion.get(r.id) ?? new Set()).add(c.provenance));
  const maintainerDates = prose.claims.filter((c) => c.provenance === 'maintainer').map((c) => c.citation);
  const hasDocumented = prose.claims.some((c) => c.provenance === 'documented');
  for (const [path, p] of provenanceRecords(raw)) {
    if (p.kind === 'inferred' || p.kind === 'assumption') {
      const q = p.question_id ?? '';
      const state = prose.questions.get(q);
      if (!state) {
        add(
          'sidecar-provenance',
          [...path, 'question_id'],
          `the record cites ${q}, which is not a question in the prose's 1.18: if it was answered, promote the record (tmsync answer does); otherwise fix the id.`,
        );
        continue;
      }
      if (state !== 'open') {
        add(
          'sidecar-provenance',
          [...path, 'question_id'],
          `the record is still ${p.kind} on ${q}, which the prose marks ${state}: promote it to the answer's provenance.`,
        );
        continue;
      }
      const kinds = byQuestion.get(q);
      if (kinds && !kinds.has(p.kind))
        add(
          'sidecar-provenance',
          [...path, 'kind'],
          `the record is ${p.kind} on ${q}, but the prose tags ${q} only as ${[...kinds].join(', ')}.`,
        );
      else if (!kinds)
        add(
          'sidecar-provenance',
          [...path, 'question_id'],
          `the record is ${p.kind} on ${q}, but no prose tag cites ${q}.`,
          'warning',
        );
    } else if (p.kind === 'maintainer') {
      const date = p.date ?? '';
      if (!maintainerDates.some((c) => c.includes(date.slice(0, 7))))
        add(
          'sidecar-provenance',
          [...path, 'date'],
          `the record is maintainer (${date}), but no maintainer tag in the prose carries that date.`,
        );
    } else if (p.kind === 'documented' && !hasDocumented) {
      add('sidecar-provenance', path, 'the record is documented, but the prose carries no documented tag.');
    }
  }
}

function componentsOf(r: { components?: string[]; component?: string }): string[] {
  return r.components ?? (r.component ? [r.component] : []);
}

function checkReferences(sc: Sidecar, add: Add): void {
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

function checkMatrix(sc: Sidecar, add: Add): void {
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
