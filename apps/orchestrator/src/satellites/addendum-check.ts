/**
 * The addendum a satellite's security policy links, checked as part of its
 * chain: it carries a valid `tmsync:inherits` record, the parent's sections it
 * names exist at the recorded ref with the recorded fingerprints, and those
 * fingerprints are still the parent's at the ref the pointers link to.
 */
import type { SectionId } from '@tmsync/core';
import { fingerprint, sectionLabel } from '@tmsync/core';
import { findSection, parseThreatModel, sectionText } from '@tmsync/parser';
import type { FileAtRef, Forge } from '../forge/types.js';
import { forgeOrigin } from '../forge/web.js';
import { findInherits, recordedIds } from './inherits.js';
import type { Inherits } from './inherits.js';
import { classifyLink, dirOf, extractLinks } from './links.js';

/** What was found wrong with an addendum; a `stale` record (drift, which `tmsync drift` reports) is a warning, not a broken chain. */
export interface AddendumProblem {
  code: 'missing-file' | 'not-linked' | 'bad-record' | 'section-missing' | 'record-mismatch' | 'stale' | 'unreadable';
  severity: 'error' | 'warning';
  message: string;
}

/** One addendum checked. */
export interface AddendumCheck {
  path: string;
  /** Where the security policy links it (null when only the campaign names it). */
  linkedFrom: { path: string; line: number } | null;
  record: Inherits | null;
  /** The recorded sections, as the parent labels them. */
  sections: string[];
  ok: boolean;
  problems: AddendumProblem[];
}

/** Where the chain reached the parent's model, to compare the record with. */
export interface ModelAt {
  repo: string;
  path: string;
  resolvedPath: string;
  commit: string;
  ref: string;
}

function same(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Fingerprints of sections of a model text, with the ids it lacks. */
function fingerprintsOf(text: string, path: string, ids: readonly SectionId[]) {
  const model = parseThreatModel(text, { path });
  const found = new Map<SectionId, { label: string; fingerprint: string }>();
  for (const id of ids) {
    const section = findSection(model, id);
    if (section)
      found.set(id, {
        label: sectionLabel(id, model.generation),
        fingerprint: fingerprint(sectionText(text, section)),
      });
  }
  return found;
}

/** Checks one addendum's record against the parent, at the recorded ref and where the pointers link. */
async function checkRecord(forge: Forge, check: AddendumCheck, record: Inherits, model: ModelAt | null) {
  const ids = recordedIds(record);
  const at = record.commit ?? record.ref;
  const recorded = await forge.readFile(record.parent, record.path, at).catch(() => null);
  if (!recorded) {
    check.problems.push({
      code: 'unreadable',
      severity: 'warning',
      message: `${check.path}: its record names ${record.parent}:${record.path} at ${record.ref}, which could not be read`,
    });
    return;
  }
  const then = fingerprintsOf(recorded.content, record.path, ids);
  check.sections = ids.map((id) => then.get(id)?.label ?? id);
  for (const id of ids) {
    const found = then.get(id);
    const want = record.sections[id];
    if (!found)
      check.problems.push({
        code: 'section-missing',
        severity: 'error',
        message: `${check.path}: the record inherits ${id}, which ${record.parent}:${record.path} does not have at ${record.ref}`,
      });
    else if (found.fingerprint !== want)
      check.problems.push({
        code: 'record-mismatch',
        severity: 'error',
        message: `${check.path}: the record gives ${found.label} as ${want}, but at ${record.ref} it is ${found.fingerprint} (run \`tmsync pointers apply\` to re-record it)`,
      });
  }
  if (!model || !same(model.repo, record.parent) || model.resolvedPath !== record.path) return;
  if (model.commit === recorded.commit) return;
  const current = await forge.readFile(model.repo, model.resolvedPath, model.commit).catch(() => null);
  if (!current) return;
  const now = fingerprintsOf(current.content, record.path, ids);
  const moved = ids.filter((id) => then.get(id) && now.get(id)?.fingerprint !== then.get(id)?.fingerprint);
  if (moved.length)
    check.problems.push({
      code: 'stale',
      severity: 'warning',
      message: `${check.path}: ${moved.map((id) => then.get(id)?.label ?? id).join(', ')} changed in ${record.parent} between the recorded ${record.ref} and ${model.ref}, which the pointers link (run \`tmsync drift --fix\`)`,
    });
}

/**
 * The addenda of a chain: the relative links of the security policy to files
 * carrying an inherits record, and the campaign's `addendum` (which must be
 * linked there).
 */
export async function checkAddenda(
  forge: Forge,
  repo: string,
  ref: string,
  security: FileAtRef | null,
  model: ModelAt | null,
  configured?: string,
): Promise<AddendumCheck[]> {
  const checks: AddendumCheck[] = [];
  const linked = new Map<string, { path: string; line: number }>();
  if (security)
    for (const link of extractLinks(security.content)) {
      const t = classifyLink(link.url, dirOf(security.resolvedPath), forgeOrigin(forge));
      if (t.kind === 'relative' && t.path !== model?.resolvedPath && !linked.has(t.path))
        linked.set(t.path, { path: security.path, line: link.line });
    }
  const paths = [...linked.keys()];
  if (configured && !paths.includes(configured)) paths.push(configured);
  for (const path of paths) {
    const file = await forge.readFile(repo, path, ref).catch(() => null);
    const from = linked.get(path) ?? null;
    const found = file ? findInherits(file.content) : null;
    if (path !== configured && !found) continue;
    const check: AddendumCheck = { path, linkedFrom: from, record: null, sections: [], ok: false, problems: [] };
    checks.push(check);
    if (!file) {
      check.problems.push({
        code: 'missing-file',
        severity: 'error',
        message: `${path}: the addendum does not exist at ${ref}`,
      });
      continue;
    }
    if (!from)
      check.problems.push({
        code: 'not-linked',
        severity: 'warning',
        message: `${path}: the addendum is not linked from ${security?.path ?? 'the security policy'}`,
      });
    if (!found?.record) {
      check.problems.push({
        code: 'bad-record',
        severity: 'error',
        message: `${path}: ${found?.error ?? 'it has no tmsync:inherits record'}`,
      });
      continue;
    }
    check.record = found.record;
    await checkRecord(forge, check, found.record, model);
    check.ok = !check.problems.some((p) => p.severity === 'error');
  }
  return checks;
}
