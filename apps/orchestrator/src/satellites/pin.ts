/** Pinning: checking that a tag of the parent holds the model before binding pointers and addenda to it. */
import type { Family } from '@tmsync/core';
import { sectionLabel } from '@tmsync/core';
import type { Forge } from '../forge/types.js';
import { ForgeError } from '../forge/types.js';
import { similarModels } from './chain.js';
import { inheritedIds, inheritedSections } from './parent.js';

/** Why a family cannot be pinned to a tag, or null when it can. */
export async function pinProblem(forge: Forge, family: Family, tag: string): Promise<string | null> {
  const { repo, path } = family.parent;
  let tags;
  try {
    tags = await forge.listTags(repo);
  } catch (error) {
    if (error instanceof ForgeError) return `family ${family.name}: parent ${error.message}`;
    throw error;
  }
  const found = tags.find((t) => t.name === tag);
  if (!found) {
    const names = tags.map((t) => t.name).sort();
    const list = names.length
      ? `its tags: ${names.slice(-10).join(', ')}${names.length > 10 ? ', …' : ''}`
      : 'it has no tags';
    return `family ${family.name}: tag ${tag} does not exist in the parent ${repo} (${list})`;
  }
  let file;
  try {
    file = await forge.readFile(repo, path, tag);
  } catch (error) {
    if (error instanceof ForgeError) return `family ${family.name}: ${path} at ${tag}: ${error.message}`;
    throw error;
  }
  if (!file) {
    const similar = await similarModels(forge, repo, tag, path);
    return (
      `family ${family.name}: the parent ${repo} at ${tag} has no ${path}` +
      (similar.length
        ? `; threat-model files at ${tag}: ${similar.join(', ')}`
        : '; no threat-model file exists there at all')
    );
  }
  const { model, missing } = inheritedSections(file.content, inheritedIds(family), path);
  if (model.kind !== 'rubric-model')
    return `family ${family.name}: ${path} in ${repo} at ${tag} is not a rubric threat model (it reads as ${model.kind})`;
  if (missing.length)
    return `family ${family.name}: ${path} at ${tag} has no ${missing.map((id) => `${sectionLabel(id, model.generation)} (${id})`).join(', ')}, which the family inherits`;
  return null;
}
