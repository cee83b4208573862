/** What the sidecar derives from, read from the prose: counts, status, policy, questions, sections, tags, digest. */
import { createHash } from 'node:crypto';
import type { Claim, Section, SectionId, ThreatModel } from '@tmsync/core';
import { countProvenance, flattenSections } from '@tmsync/core';
import { parseThreatModel, sectionBody } from '@tmsync/parser';

/** The prose facts the sidecar must agree with. */
export interface ProseFacts {
  model: ThreatModel;
  /** `<path>@sha256:<hex>` of the exact bytes. */
  proseVersion: string;
  project: string | null;
  /** Normalised status (`draft`, `unratified-draft`, `under-review`, `accepted`), or null when the prose's status is none of the four. */
  status: string | null;
  triagePolicy: 'strict' | 'relaxed';
  confidence: { documented: number; maintainer: number; inferred: number; assumption: number };
  /** Open question ids of 1.18, in order. */
  openQuestions: string[];
  /** Every question id of 1.18 with its state. */
  questions: Map<string, string>;
  /** Rubric sections present, with whether each is N/A. */
  sections: Map<SectionId, { section: Section; notApplicable: boolean }>;
  claims: Claim[];
  /** The header's generation metadata as written (plain), '' for a human-authored model, null when not stated. */
  generationModel: string | null;
}

/** SHA-256 of a text's UTF-8 bytes, lower-case hex. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The `prose_version` value for a prose file: its path relative to the sidecar and the digest of its bytes. */
export function proseVersionOf(text: string, prosePath: string): string {
  return `${prosePath}@sha256:${sha256(text)}`;
}

const STATUS_LABELS: [RegExp, string][] = [
  [/^unratified draft\b/, 'unratified-draft'],
  [/^under maintainer review\b/, 'under-review'],
  [/^draft\b/, 'draft'],
  [/^accepted\b/, 'accepted'],
];

/** Normalises a prose status label as sidecar-schema.md's field notes say; null when it is none of the four. */
export function normaliseStatus(status: string): string | null {
  const s = status.replace(/[*_`]/g, '').trim().toLowerCase();
  for (const [re, norm] of STATUS_LABELS) if (re.test(s)) return norm;
  return null;
}

/** Reads the prose facts from the text of a newer-generation model; `prosePath` is the path the sidecar names it by. */
export function readProse(text: string, prosePath: string): ProseFacts {
  const model = parseThreatModel(text, { path: prosePath });
  const counted = countProvenance(model.claims) as Record<string, number>;
  const d = model.declared;
  const confidence = {
    documented: d?.documented?.value ?? counted.documented ?? 0,
    maintainer: d?.maintainer?.value ?? counted.maintainer ?? 0,
    inferred: d?.inferred?.value ?? counted.inferred ?? 0,
    assumption: d?.assumption?.value ?? counted.assumption ?? 0,
  };
  const sections = new Map<SectionId, { section: Section; notApplicable: boolean }>();
  for (const s of flattenSections(model.sections)) {
    if (!s.id || sections.has(s.id)) continue;
    const body = sectionBody(text, s)
      .replace(/<!--[\s\S]*?-->/g, '')
      .trim();
    sections.set(s.id, {
      section: s,
      notApplicable: !body.includes('\n') && /^not applicable\s*[—–-]+\s*\S/i.test(body.replace(/^[*_]+/, '')),
    });
  }
  const projectField = model.header.find((f) => /^project$/i.test(f.name.trim()));
  const project = projectField
    ? (/^[^,—–(:;]+/.exec(projectField.value.replace(/[*_`]/g, ''))?.[0].trim() ?? null)
    : null;
  const generationField = model.header.find((f) =>
    /generat|model\s*\/\s*agent|produced (by|with)|tooling/i.test(f.name),
  );
  const humanAuthored = /human[- ]authored/i.test(text.slice(0, model.sections[1]?.range.start.offset ?? text.length));
  const generationText = generationField?.value.replace(/[*_`]/g, '').trim() ?? null;
  const generationModel =
    generationText !== null && !/human[- ]authored/i.test(generationText) ? generationText : humanAuthored ? '' : null;
  return {
    model,
    proseVersion: proseVersionOf(text, prosePath),
    project,
    status: model.status ? normaliseStatus(model.status) : null,
    triagePolicy: model.triagePolicy ?? 'strict',
    confidence,
    openQuestions: model.questions.filter((q) => q.status === 'open').map((q) => q.id),
    questions: new Map(model.questions.map((q) => [q.id, q.status])),
    sections,
    claims: model.claims,
    generationModel,
  };
}
