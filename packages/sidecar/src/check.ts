/**
 * `checkSidecar`: the sidecar against its schema (sidecar-schema.md) and
 * against the prose it derives from — prose-version binding, confidence,
 * status, triage policy, dispositions and their order, section coverage, the
 * relations the field notes state, and every record's provenance against the
 * prose tags (including that a record's question exists in 1.18).
 */
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Node } from 'yaml';
import { checkBinding } from './binding.js';
import { checkCoverage, checkDispositions } from './coverage.js';
import type { Path, SidecarCheckId, SidecarFinding } from './findings.js';
import { checkMatrix } from './matrix.js';
import { readProse } from './prose.js';
import { checkProvenance } from './provenance.js';
import { checkReferences } from './references.js';
import { SidecarSchema } from './schema.js';

export { SIDECAR_CHECKS } from './findings.js';
export type { SidecarCheckId, SidecarFinding } from './findings.js';

/** What to check: the prose text and the path the sidecar names it by, and the sidecar text. */
export interface SidecarInput {
  prose: string;
  /** The prose file's path relative to the sidecar (normally its file name). */
  prosePath: string;
  sidecar: string;
}

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
