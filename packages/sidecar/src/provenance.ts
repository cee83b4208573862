/** Every record's provenance against the prose's provenance tags and 1.18 questions. */
import type { Add, Path } from './findings.js';
import type { ProseFacts } from './prose.js';

type Prov = { kind: string; source?: string; date?: string; question_id?: string };

/** Every provenance object in the sidecar with its path. */
export function provenanceRecords(value: unknown, path: Path = []): [Path, Prov][] {
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

/** Checks each provenance record against the prose tags and the questions in 1.18. */
export function checkProvenance(raw: unknown, prose: ProseFacts, add: Add): void {
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
