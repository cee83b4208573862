/** The local forge's public face: the `Forge` interface over the layers below. */
import { validateBranchName, validateRepoPath } from '../../git.js';
import { ForgeError } from '../types.js';
import type { ChangeRequest, ChangeStatus, Forge, ProposeInput, ProposeResult } from '../types.js';
import { blobUrl, GITHUB_ORIGIN } from '../web.js';
import { LocalPropose } from './propose.js';
import type { StoredChange } from './records.js';
import { publicChange } from './records.js';

/** Git repositories on disk behind the `Forge` interface. */
export class LocalForge extends LocalPropose implements Forge {
  /** The open change request whose head is `branch`, or null; one that landed in its base (squash and rebase included) is recorded merged. */
  async findChange(repo: string, branch: string): Promise<ChangeRequest | null> {
    validateBranchName(branch);
    const h = await this.open(repo);
    return this.withLock(h.gitDir, async () => {
      const file = await this.loadChanges(h);
      const found = file.changes.find((c) => c.state === 'open' && c.head === branch);
      if (!found) return null;
      const landed = await this.changeLanded(h, found);
      if (landed) {
        this.markMerged(found, landed);
        await this.saveChanges(h, file);
        return null;
      }
      return publicChange(found);
    });
  }

  /** The latest change request of `branch` (any state; one that landed is recorded merged), with its conditions. */
  async changeStatus(repo: string, branch: string): Promise<ChangeStatus | null> {
    validateBranchName(branch);
    const h = await this.open(repo);
    return this.withLock(h.gitDir, async () => {
      const file = await this.loadChanges(h);
      const latest = file.changes.filter((c) => c.head === branch).sort((a, b) => b.id - a.id)[0];
      if (!latest) return null;
      if (latest.state === 'open') {
        const landed = await this.changeLanded(h, latest);
        if (landed) {
          this.markMerged(latest, landed);
          await this.saveChanges(h, file);
        }
      }
      const none = { humanEdited: false, staleFiles: [] as string[] };
      const { humanEdited, staleFiles } = latest.state === 'open' ? await this.openConditions(h, latest) : none;
      return {
        change: publicChange(latest),
        mergedBy: latest.state === 'merged' ? (latest.mergedBy ?? 'ancestor') : null,
        humanEdited,
        stale: staleFiles.length > 0,
        staleFiles,
      };
    });
  }

  /** Every recorded change request of a repository, open or not. */
  async listChanges(repo: string): Promise<StoredChange[]> {
    const h = await this.open(repo);
    return (await this.loadChanges(h)).changes;
  }

  /** Proposes one commit with all the file changes on `branch` and records a change request. Idempotent. */
  async propose(input: ProposeInput): Promise<ProposeResult> {
    const h = await this.open(input.repo);
    validateBranchName(input.branch);
    const base = input.base !== undefined ? validateBranchName(input.base) : await this.defaultBranch(input.repo);
    if (base === input.branch)
      throw new ForgeError('invalid-name', `the tool branch ${input.branch} cannot be the base branch`);
    const seen = new Set<string>();
    for (const change of input.changes) {
      validateRepoPath(change.path);
      if (seen.has(change.path)) throw new ForgeError('invalid-name', `${change.path} is listed twice in one change`);
      seen.add(change.path);
      if (change.content !== null && typeof change.content !== 'string')
        throw new ForgeError('invalid-name', `${change.path}: content must be a string or null`);
    }
    return this.withLock(h.gitDir, () => this.proposeLocked(h, input, base));
  }

  /** The web page a file would have on github.com: the local forge stands in for it, so links read as they will once pushed. */
  webUrl(repo: string, ref: string, path: string): string {
    return blobUrl(GITHUB_ORIGIN, repo, ref, path);
  }

  /** Marks a change request closed, recording the comment. Closing a closed one does nothing. */
  async closeChange(repo: string, id: number, comment: string): Promise<void> {
    const h = await this.open(repo);
    await this.withLock(h.gitDir, async () => {
      const file = await this.loadChanges(h);
      const change = file.changes.find((c) => c.id === id);
      if (!change) throw new ForgeError('ref-not-found', `${repo}: no change request #${id}`);
      if (change.state !== 'open') return;
      const now = this.now();
      change.state = 'closed';
      change.closedAt = now;
      change.updatedAt = now;
      change.comments.push({ at: now, body: comment });
      await this.saveChanges(h, file);
    });
  }
}
