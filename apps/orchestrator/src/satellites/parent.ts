/**
 * A family's parent as the satellites see it: the ref the pointers link to
 * (the pin, else `parent.ref`, else the default branch), the model read there,
 * its URL, and the fingerprint of every section the family inherits.
 */
import type { Family, SectionId, ThreatModel } from '@tmsync/core';
import { fingerprint, resolveSectionRef, sectionLabel } from '@tmsync/core';
import { findSection, parseThreatModel, sectionText } from '@tmsync/parser';
import type { Forge } from '../forge/types.js';
import { ForgeError } from '../forge/types.js';
import { similarModels } from './chain.js';
import { SECURITY_LOCATIONS } from './links.js';

/** One inherited section of the parent's model, at one ref. */
export interface InheritedSection {
  id: SectionId;
  /** As the parent numbers it (`§3`, `1.3`). */
  label: string;
  title: string;
  fingerprint: string;
  text: string;
}

/** The parent of a family, read at the ref the pointers link to. */
export interface ParentState {
  family: Family;
  repo: string;
  path: string;
  defaultBranch: string;
  /** The ref links carry: the pin, `parent.ref` or the default branch. */
  ref: string;
  /** Whether `ref` is a pinned tag. */
  pinned: boolean;
  commit: string;
  text: string;
  model: ThreatModel;
  /** The model's web page at `ref`, as the forge links it (`https://github.com/OWNER/REPO/blob/REF/PATH` on github.com). */
  modelUrl: string;
  /** The sections the family inherits, in the order the family lists them. */
  sections: InheritedSection[];
  /** The web page of the parent's own security policy on its default branch, or null when it has none. */
  securityUrl: string | null;
}

/** Why a parent cannot be used. */
export class ParentError extends Error {
  constructor(
    readonly repo: string,
    message: string,
  ) {
    super(message);
    this.name = 'ParentError';
  }
}

/** The ids of the sections a family inherits, in its order, without duplicates. */
export function inheritedIds(family: Family): SectionId[] {
  const out: SectionId[] = [];
  for (const ref of family.inherit) {
    const id = resolveSectionRef(ref);
    if (id && !out.includes(id)) out.push(id);
  }
  return out;
}

/** The inherited sections of a model text; missing ones are listed in `missing`. */
export function inheritedSections(
  text: string,
  ids: readonly SectionId[],
  path: string,
): { sections: InheritedSection[]; missing: SectionId[]; model: ThreatModel } {
  const model = parseThreatModel(text, { path });
  const sections: InheritedSection[] = [];
  const missing: SectionId[] = [];
  for (const id of ids) {
    const section = findSection(model, id);
    if (!section) {
      missing.push(id);
      continue;
    }
    const full = sectionText(text, section);
    sections.push({
      id,
      label: sectionLabel(id, model.generation),
      title: section.title,
      fingerprint: fingerprint(full),
      text: full,
    });
  }
  return { sections, missing, model };
}

/** Reads a family's parent at a ref (default: the family's pin, parent ref or default branch); throws ParentError. */
export async function resolveParent(forge: Forge, family: Family, refOverride?: string): Promise<ParentState> {
  const { repo, path } = family.parent;
  let defaultBranch: string;
  try {
    defaultBranch = await forge.defaultBranch(repo);
  } catch (error) {
    if (error instanceof ForgeError) throw new ParentError(repo, `parent ${error.message}`);
    throw error;
  }
  const ref = refOverride ?? family.pin ?? family.parent.ref ?? defaultBranch;
  const pinned = refOverride === undefined ? family.pin !== undefined : true;
  const commit = await forge.resolveRef(repo, ref).catch((error: unknown) => {
    if (error instanceof ForgeError && error.code === 'invalid-name') return null;
    throw error;
  });
  if (!commit) throw new ParentError(repo, `${ref} is not a branch, tag or commit of the parent ${repo}`);
  let file;
  try {
    file = await forge.readFile(repo, path, ref);
  } catch (error) {
    if (error instanceof ForgeError) throw new ParentError(repo, `parent ${repo}: ${path} at ${ref}: ${error.message}`);
    throw error;
  }
  if (!file) {
    const similar = await similarModels(forge, repo, ref, path);
    throw new ParentError(
      repo,
      `the parent's model ${path} does not exist in ${repo} at ${ref}` +
        (similar.length
          ? `; a threat model exists there as ${similar.join(', ')} (set parent.path, or rename the file first)`
          : ''),
    );
  }
  const { sections, missing, model } = inheritedSections(file.content, inheritedIds(family), path);
  if (model.kind !== 'rubric-model')
    throw new ParentError(
      repo,
      `${path} in ${repo} at ${ref} is not a rubric threat model (it reads as ${model.kind})`,
    );
  if (missing.length > 0)
    throw new ParentError(
      repo,
      `the parent's model ${path} at ${ref} has no section ${missing.map((id) => `${sectionLabel(id, model.generation)} (${id})`).join(', ')}, which the family inherits`,
    );
  const files = await forge.listFiles(repo, defaultBranch).catch(() => [] as string[]);
  const policy = SECURITY_LOCATIONS.find((l) => files.includes(l));
  return {
    securityUrl: policy ? forge.webUrl(repo, defaultBranch, policy) : null,
    family,
    repo,
    path,
    defaultBranch,
    ref,
    pinned,
    commit,
    text: file.content,
    model,
    modelUrl: forge.webUrl(repo, ref, path),
    sections,
  };
}
