/**
 * `initSidecar`, `syncSidecar`, `promoteAnswered`: write or refresh the
 * sidecar fields the prose determines — prose_version, model_status,
 * triage_policy, confidence, dispositions and their precedence, and the open
 * questions (`x-open-questions`) — keeping every other key, comment and the
 * key order (yaml's Document API).
 */
import { isMap, isSeq, parseDocument, YAMLMap } from 'yaml';
import type { Document } from 'yaml';
import type { ProseFacts } from './prose.js';
import { readProse } from './prose.js';
import { DISPOSITION_PRECEDENCE, DISPOSITIONS, REQUIRED_KEYS } from './schema.js';

/** A sidecar that cannot be refreshed (not YAML, not a mapping); the message says what to do. */
export class SidecarSyncError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SidecarSyncError';
  }
}

/** The fields the prose determines, in sidecar order. */
export function derivedFields(prose: ProseFacts): Record<string, unknown> {
  return {
    prose_version: prose.proseVersion,
    model_status: prose.status ?? 'draft',
    triage_policy: prose.triagePolicy,
    confidence: { ...prose.confidence },
    dispositions: [...DISPOSITIONS],
    disposition_precedence: [...DISPOSITION_PRECEDENCE],
    'x-open-questions': [...prose.openQuestions],
  };
}

function setDerived(doc: Document, prose: ProseFacts): void {
  for (const [key, value] of Object.entries(derivedFields(prose))) {
    const node = doc.get(key, true);
    if (key === 'confidence' && isMap(node)) {
      // Keep the flow style and comments of an existing confidence map; set its four counts.
      for (const [k, v] of Object.entries(value as Record<string, number>)) node.set(k, v);
      continue;
    }
    if (
      isSeq(node) &&
      Array.isArray(value) &&
      node.items.length === value.length &&
      node.toJSON().every((v: unknown, i: number) => v === value[i])
    )
      continue;
    doc.set(key, doc.createNode(value));
  }
}

/** A new sidecar for a prose model: the derived fields, the generation block when the prose records one, and empty lists for the author to fill. */
export function initSidecar(proseText: string, prosePath: string): string {
  const prose = readProse(proseText, prosePath);
  const doc = parseDocument('schema: threat-model-sidecar/v2\n');
  doc.commentBefore = ` threat-model.yaml — derived index; the prose threat model (${prosePath}) is canonical.\n tmsync sidecar sync refreshes prose_version, model_status, triage_policy, confidence,\n dispositions and x-open-questions; fill in the records below from the prose.`;
  doc.set('project', prose.project ?? prosePath);
  const derived = derivedFields(prose);
  for (const key of ['prose_version', 'model_status', 'triage_policy', 'confidence'])
    doc.set(key, doc.createNode(derived[key]));
  const confidence = doc.get('confidence', true);
  if (confidence instanceof YAMLMap) confidence.flow = true;
  for (const key of REQUIRED_KEYS) {
    if (doc.has(key) || key === 'dispositions' || key === 'disposition_precedence') continue;
    if (key === 'dependency_policy' || key === 'build_policy') continue;
    doc.set(key, doc.createNode([]));
  }
  doc.set('dispositions', doc.createNode(derived.dispositions));
  doc.set('disposition_precedence', doc.createNode(derived.disposition_precedence));
  doc.set('x-open-questions', doc.createNode(derived['x-open-questions']));
  return doc.toString({ lineWidth: 0 });
}

function load(sidecarText: string, where: string): Document {
  const doc = parseDocument(sidecarText);
  if (doc.errors.length) {
    const e = doc.errors[0];
    throw new SidecarSyncError(
      `${where}:${e?.linePos?.[0]?.line ?? 1}: not valid YAML (${e?.message.split('\n')[0]}); fix it before syncing.`,
    );
  }
  if (!isMap(doc.contents))
    throw new SidecarSyncError(`${where}:1: the sidecar is not a YAML mapping; run tmsync sidecar init to start one.`);
  return doc;
}

/** Refreshes the derived fields of an existing sidecar from the prose, keeping everything else as written. */
export function syncSidecar(
  sidecarText: string,
  proseText: string,
  prosePath: string,
  where = 'threat-model.yaml',
): string {
  const doc = load(sidecarText, where);
  setDerived(doc, readProse(proseText, prosePath));
  return doc.toString({ lineWidth: 0 });
}

/** An answered question: its id and the answer's date (`YYYY-MM` or `YYYY-MM-DD`). */
export interface AnsweredQuestion {
  id: string;
  date: string;
}

/**
 * Promotes every record whose provenance cites an answered question to
 * `{kind: maintainer, date}` (the month of the answer), then refreshes the
 * derived fields from the prose as it stands after the answers.
 */
export function promoteAnswered(
  sidecarText: string,
  answered: readonly AnsweredQuestion[],
  proseText: string,
  prosePath: string,
  where = 'threat-model.yaml',
): { text: string; promoted: number } {
  const doc = load(sidecarText, where);
  const byId = new Map(answered.map((a) => [a.id, a.date.slice(0, 7)]));
  let promoted = 0;
  const visit = (node: unknown) => {
    if (isSeq(node)) for (const item of node.items) visit(item);
    else if (isMap(node)) {
      for (const pair of node.items) {
        const key = (pair.key as { value?: unknown } | null)?.value;
        const value = pair.value;
        if ((key === 'provenance' || key === 'taint_provenance') && isMap(value)) {
          const kind = value.get('kind');
          const q = value.get('question_id');
          const date = typeof q === 'string' ? byId.get(q) : undefined;
          if ((kind === 'inferred' || kind === 'assumption') && date) {
            const flow = value.flow;
            for (const k of value.items.map((p) => (p.key as { value?: unknown }).value)) value.delete(k);
            value.set('kind', 'maintainer');
            value.set('date', date);
            value.flow = flow;
            promoted++;
          }
        } else visit(value);
      }
    }
  };
  visit(doc.contents);
  setDerived(doc, readProse(proseText, prosePath));
  return { text: doc.toString({ lineWidth: 0 }), promoted };
}
