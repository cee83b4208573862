/** The local forge's writes: one tool commit through plumbing (`hash-object`, `mktree`, `commit-tree`, compare-and-swap `update-ref`). */
import { join } from 'node:path';
import { stderrHeadline } from '../../git.js';
import { withTrailer } from '../tool-commit.js';
import { ForgeError } from '../types.js';
import type { ProposeInput, ProposeResult } from '../types.js';
import type { RepoHandle, TreeEntry } from './base.js';
import { LocalMerged } from './merged.js';
import { publicChange } from './records.js';
import type { Pending } from './write-tree.js';
import { writeTree } from './write-tree.js';

/** One layer of the local forge: proposing commits. */
export abstract class LocalPropose extends LocalMerged {
  protected async proposeLocked(h: RepoHandle, input: ProposeInput, base: string): Promise<ProposeResult> {
    const branch = input.branch;
    const baseTip = (await this.branchTip(h, base)) ?? (await this.revParseCommit(h, base));
    if (!baseTip) throw new ForgeError('ref-not-found', `${h.repo}: base branch ${base} does not exist`);
    let branchTip = await this.branchTip(h, branch);
    const file = await this.loadChanges(h);
    let existing = file.changes.find((c) => c.state === 'open' && c.head === branch);
    // What the branch holds already landed in the base (any merge, squash and rebase included):
    // the change is merged, and a new one starts from the base rather than on the old commits.
    const movedFrom = branchTip;
    if (branchTip && branchTip !== baseTip) {
      const landed = await this.landedIn(h, branchTip, baseTip);
      if (landed) {
        if (existing) {
          this.markMerged(existing, landed);
          await this.saveChanges(h, file);
          existing = undefined;
        }
        branchTip = null;
      }
    }

    let own = 0;
    if (branchTip) {
      const commits = await this.repoObjects(h).since(baseTip, branchTip);
      const foreign = commits.filter((c) => !c.owned);
      if (foreign.length > 0) {
        const shas = foreign.map((c) => c.sha.slice(0, 12)).join(', ');
        return {
          outcome: 'foreign-commits',
          change: existing ? publicChange(existing) : null,
          detail: `Branch ${branch} of ${h.repo} holds ${foreign.length} commit(s) tmsync did not make (${shas}); left it alone.`,
        };
      }
      own = commits.length;
      if (own === 0 && existing && (await this.isAncestor(h, existing.headSha, baseTip))) {
        // The change landed on the base: record it as merged.
        this.markMerged(existing, 'ancestor');
        await this.saveChanges(h, file);
        existing = undefined;
      }
    }
    const parent = own > 0 && branchTip ? branchTip : baseTip;

    const pending: Pending[] = [];
    for (const change of input.changes) {
      const entry = await this.entryAt(h, parent, change.path);
      if (entry && entry.type !== 'blob')
        throw new ForgeError(
          'invalid-name',
          `${h.repo}: ${change.path} is a ${entry.type === 'tree' ? 'directory' : 'submodule'}, not a file`,
        );
      if (change.content === null) {
        if (entry) pending.push({ path: change.path, content: null });
        continue;
      }
      if (entry?.mode === '120000')
        throw new ForgeError('invalid-name', `${h.repo}: ${change.path} is a symlink; write to the path it points at`);
      if (!entry || !(await this.repoObjects(h).blob(entry.oid)).equals(Buffer.from(change.content, 'utf8')))
        pending.push({ path: change.path, content: change.content, mode: entry?.mode ?? '100644' });
    }

    if (pending.length === 0) {
      if (own === 0) {
        return {
          outcome: 'unchanged',
          change: existing ? publicChange(existing) : null,
          detail: `${h.repo}: ${base} already holds these files; nothing to propose.`,
        };
      }
      if (existing) {
        const refreshed = this.refreshText(existing, input);
        const moved = existing.headSha !== parent;
        if (moved) {
          existing.headSha = parent;
          await this.writePatch(h, existing, baseTip, parent);
        }
        if (refreshed || moved) {
          existing.updatedAt = this.now();
          await this.saveChanges(h, file);
        }
        return {
          outcome: 'unchanged',
          change: publicChange(existing),
          detail:
            `${h.repo}: branch ${branch} already holds these files` +
            (refreshed
              ? `; refreshed the text of change request #${existing.id}.`
              : `; change request #${existing.id} is up to date.`),
        };
      }
      const change = await this.record(h, file, input, base, parent, baseTip);
      return {
        outcome: 'created',
        change: publicChange(change),
        detail: `${h.repo}: branch ${branch} already held these files; recorded change request #${change.id} (${change.patchPath}).`,
      };
    }

    await this.assertNotCheckedOut(h, branch);
    const tree = await writeTree(h, this.repoObjects(h), parent, pending, join(this.stateDir, 'tmp'));
    const commit = (
      await this.git(h, ['commit-tree', '--no-gpg-sign', '-p', parent, '-F', '-', tree], {
        input: withTrailer(input.message),
        env: await this.commitEnvFor(h),
      })
    ).trim();
    const zero = '0'.repeat(parent.length);
    const update = await this.try(h, [
      'update-ref',
      '-m',
      `tmsync: propose ${branch}`,
      `refs/heads/${branch}`,
      commit,
      movedFrom ?? zero,
    ]);
    if (update.code !== 0)
      throw new ForgeError(
        'conflict',
        `${h.repo}: branch ${branch} changed while proposing (${stderrHeadline(update.stderr)}); run again`,
      );
    this.repoObjects(h).wrote(branch, commit);

    const files = pending.length;
    if (existing) {
      this.refreshText(existing, input);
      existing.headSha = commit;
      existing.base = base;
      existing.updatedAt = this.now();
      await this.writePatch(h, existing, baseTip, commit);
      await this.saveChanges(h, file);
      return {
        outcome: 'updated',
        change: publicChange(existing),
        detail: `${h.repo}: added a commit (${files} file(s)) to ${branch} and updated change request #${existing.id}.`,
      };
    }
    const change = await this.record(h, file, input, base, commit, baseTip);
    return {
      outcome: 'created',
      change: publicChange(change),
      detail: `${h.repo}: committed ${files} file(s) on ${branch} and recorded change request #${change.id} (${change.patchPath}).`,
    };
  }

  /** The tree entry at exactly `path` in `commit` (no symlink following); refuses a path under a file or symlink. */
  private async entryAt(h: RepoHandle, commit: string, path: string): Promise<TreeEntry | null> {
    const segments = path.split('/');
    let tree = commit;
    for (let i = 0; i < segments.length; i++) {
      const entry = (await this.lsTree(h, tree)).get(segments[i] ?? '');
      if (!entry) return null;
      if (i === segments.length - 1) return entry;
      if (entry.type !== 'tree') {
        const prefix = segments.slice(0, i + 1).join('/');
        const what = entry.mode === '120000' ? 'a symlink' : 'a file';
        throw new ForgeError('invalid-name', `${h.repo}: cannot write ${path}: ${prefix} is ${what}`);
      }
      tree = entry.oid;
    }
    return null;
  }
}
