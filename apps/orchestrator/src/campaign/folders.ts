/**
 * The folders a campaign names on this machine (`local.root`, `state`), checked
 * once before any repository is touched: a missing root or a state path that
 * is a file is one line and exit 2, not a failure per repository.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UsageError } from '../io.js';
import type { LoadedCampaign } from './load.js';

/** What is at a path: a folder, a file (or anything else), or nothing. */
async function kindOf(path: string): Promise<'folder' | 'other' | 'missing'> {
  try {
    return (await stat(path)).isDirectory() ? 'folder' : 'other';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'missing';
    // ENOTDIR: a file stands where a folder of the path should be.
    if (code === 'ENOTDIR') return 'other';
    throw new UsageError(`${path}: cannot read (${code ?? 'unknown error'})`);
  }
}

/** The problem line of a key of the campaign file (`campaign.yaml: state: … (line 4)`). */
function problem(loaded: LoadedCampaign, key: string[], message: string): UsageError {
  const line = loaded.lineOf(key);
  return new UsageError(`${loaded.file}: ${key.join('.')}: ${message}${line ? ` (line ${line})` : ''}`);
}

/** The nearest folder at or above `path` that exists, or null when a file stands in the way. */
async function existingAncestor(path: string): Promise<string | null> {
  let at = path;
  for (;;) {
    const kind = await kindOf(at);
    if (kind === 'folder') return at;
    if (kind === 'other') return null;
    const up = dirname(at);
    if (up === at) return null;
    at = up;
  }
}

/** Checks `local.root` (when the local forge is used) is a folder; throws a one-line UsageError naming the key. */
export async function checkLocalRoot(loaded: LoadedCampaign): Promise<void> {
  const root = loaded.localRoot;
  if (root === null) return;
  const shown = root;
  const kind = await kindOf(root);
  if (kind === 'missing')
    throw problem(
      loaded,
      ['local', 'root'],
      `${shown} does not exist; set local.root to the folder holding the repositories as owner/name (relative to the campaign file)`,
    );
  if (kind === 'other')
    throw problem(loaded, ['local', 'root'], `${shown} is a file, not a folder; set local.root to a folder`);
}

/**
 * Checks the `state` folder can be used: a folder, or missing under a folder
 * (it is made on first write); with `write`, that folder is writable.
 * Throws a one-line UsageError naming the key.
 */
export async function checkStateDir(loaded: LoadedCampaign, write: boolean): Promise<void> {
  const state = loaded.stateDir;
  const shown = state;
  const kind = await kindOf(state);
  if (kind === 'other')
    throw problem(
      loaded,
      ['state'],
      `${shown} is a file (or under one), not a folder; set state to a folder for tmsync's records (default .tmsync)`,
    );
  const folder = kind === 'folder' ? state : await existingAncestor(dirname(state));
  if (folder === null)
    throw problem(loaded, ['state'], `${shown} cannot be made: a file stands in its path; set state to a folder`);
  if (!write) return;
  try {
    await access(folder, constants.W_OK);
  } catch {
    throw problem(loaded, ['state'], `${folder} is not writable; set state to a folder this user can write`);
  }
}
