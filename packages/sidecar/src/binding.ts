/**
 * The sidecar's binding to its prose: `prose_version`, `confidence`,
 * `model_status`, `triage_policy` and the `generation` block.
 */
import type { Add } from './findings.js';
import type { ProseFacts } from './prose.js';
import { provenanceRecords } from './provenance.js';
import type { Sidecar } from './schema.js';

/** Checks prose version, confidence, status, triage policy and generation against the prose. */
export function checkBinding(sc: Sidecar, prose: ProseFacts, add: Add): void {
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
