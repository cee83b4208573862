/** The local forge's change-request records: `changes.json` and the `git format-patch` file of each change. */
import { readFile as fsReadFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeAtomic } from '../../fsutil.js';
import { ForgeError } from '../types.js';
import type { ChangeRequest, ProposeInput } from '../types.js';
import type { RepoHandle } from './base.js';
import { LocalReads } from './reads.js';

/** A change request as stored in `changes.json`. */
export interface StoredChange extends ChangeRequest {
  reviewers: string[];
  createdAt: string;
  updatedAt: string;
  closedAt?: string;
  /** How a merged change was recognised: its head in the base, or the base holding its content (squash, rebase). */
  mergedBy?: 'ancestor' | 'content';
  comments: { at: string; body: string }[];
}

/** The content of `stateDir/local/<owner>/<name>/changes.json`. */
export interface ChangesFile {
  version: 1;
  nextId: number;
  changes: StoredChange[];
}

/** One layer of the local forge: recording change requests. */
export abstract class LocalRecords extends LocalReads {
  private repoStateDir(h: RepoHandle): string {
    return join(this.stateDir, 'local', h.owner, h.name);
  }

  protected async loadChanges(h: RepoHandle): Promise<ChangesFile> {
    const path = join(this.repoStateDir(h), 'changes.json');
    let text: string;
    try {
      text = await fsReadFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, nextId: 1, changes: [] };
      throw error;
    }
    try {
      const parsed = JSON.parse(text) as ChangesFile;
      if (parsed.version !== 1 || !Array.isArray(parsed.changes) || typeof parsed.nextId !== 'number')
        throw new Error('unexpected shape');
      return parsed;
    } catch (error) {
      throw new ForgeError('conflict', `${path} is not a tmsync change record (${(error as Error).message})`);
    }
  }

  protected async saveChanges(h: RepoHandle, file: ChangesFile): Promise<void> {
    await writeAtomic(join(this.repoStateDir(h), 'changes.json'), `${JSON.stringify(file, null, 2)}\n`);
  }

  protected refreshText(change: StoredChange, input: ProposeInput): boolean {
    const labels = input.labels ?? [];
    const reviewers = input.reviewers ?? [];
    const draft = input.draft ?? false;
    const differs =
      change.title !== input.title ||
      change.body !== input.body ||
      change.draft !== draft ||
      JSON.stringify(change.labels) !== JSON.stringify(labels) ||
      JSON.stringify(change.reviewers) !== JSON.stringify(reviewers);
    if (differs)
      Object.assign(change, {
        title: input.title,
        body: input.body,
        labels: [...labels],
        reviewers: [...reviewers],
        draft,
      });
    return differs;
  }

  protected async record(
    h: RepoHandle,
    file: ChangesFile,
    input: ProposeInput,
    base: string,
    head: string,
    baseTip: string,
  ): Promise<StoredChange> {
    const now = this.now();
    const id = file.nextId;
    file.nextId += 1;
    const patchPath = join(this.repoStateDir(h), `change-${id}.patch`);
    const change: StoredChange = {
      repo: h.repo,
      id,
      title: input.title,
      body: input.body,
      base,
      head: input.branch,
      headSha: head,
      state: 'open',
      url: pathToFileURL(patchPath).href,
      patchPath,
      labels: [...(input.labels ?? [])],
      draft: input.draft ?? false,
      reviewers: [...(input.reviewers ?? [])],
      createdAt: now,
      updatedAt: now,
      comments: [],
    };
    await this.writePatch(h, change, baseTip, head);
    file.changes.push(change);
    await this.saveChanges(h, file);
    return change;
  }

  /** Writes `git format-patch` of `baseTip..head` (every tool commit of the branch) to the change's patch file. */
  protected async writePatch(h: RepoHandle, change: StoredChange, baseTip: string, head: string): Promise<void> {
    const patch = await this.git(h, [
      '-c',
      'diff.noprefix=false',
      '-c',
      'diff.mnemonicPrefix=false',
      'format-patch',
      '--stdout',
      '--no-color',
      '--no-ext-diff',
      '--no-signature',
      '--src-prefix=a/',
      '--dst-prefix=b/',
      `${baseTip}..${head}`,
    ]);
    const patchPath = change.patchPath ?? join(this.repoStateDir(h), `change-${change.id}.patch`);
    await writeAtomic(patchPath, patch);
  }
}

/** The `ChangeRequest` part of a stored change (what callers of the forge see). */
export function publicChange(c: StoredChange): ChangeRequest {
  const out: ChangeRequest = {
    repo: c.repo,
    id: c.id,
    title: c.title,
    body: c.body,
    base: c.base,
    head: c.head,
    headSha: c.headSha,
    state: c.state,
    url: c.url,
    labels: [...c.labels],
    draft: c.draft,
  };
  if (c.patchPath !== undefined) out.patchPath = c.patchPath;
  return out;
}
