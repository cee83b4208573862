/**
 * The local forge's knowledge of what became of a change: merged when its head
 * is in the base, or when the base holds its content although the commits are
 * not there (a squash or a rebase makes new commits); whose commits the tool
 * branch holds; and whether the base moved under the files a change touches.
 */
import type { RepoHandle } from './base.js';
import type { StoredChange } from './records.js';
import { LocalRecords } from './records.js';

/** How far back in the base a squash or rebase of a change is looked for. */
const MERGE_SEARCH_DEPTH = 200;

/** How a change landed in its base. */
export type LandedBy = 'ancestor' | 'content';

/** One layer of the local forge: recognising merged, human-edited and stale changes. */
export abstract class LocalMerged extends LocalRecords {
  /**
   * Whether `baseTip` holds what `head` changed: `ancestor` when the head is
   * in the base (fast-forward, merge commit), `content` when a commit of the
   * base since the two parted has the head's blob at every path the head
   * changed (squash, rebase, or the same edit made by hand), else null.
   */
  protected async landedIn(h: RepoHandle, head: string, baseTip: string): Promise<LandedBy | null> {
    const objects = this.repoObjects(h);
    const ahead = await objects.since(baseTip, head);
    if (ahead.length === 0) return 'ancestor';
    // The base has not moved since the change's branch left it: nothing of the change can be in it.
    if (await this.forkedAtTip(h, ahead, baseTip)) return null;
    const mb = await this.mergeBase(h, head, baseTip);
    if (!mb) return null;
    const paths = await this.changedPaths(h, mb, head);
    if (paths.length === 0) return null;
    const want = await this.blobsAt(h, head, paths);
    const candidates = (
      await this.git(h, ['rev-list', `--max-count=${MERGE_SEARCH_DEPTH}`, `${mb}..${baseTip}`, '--', ...paths])
    )
      .split('\n')
      .filter((c) => c.length > 0);
    for (const candidate of candidates) {
      const have = await this.blobsAt(h, candidate, paths);
      if (paths.every((p) => have.get(p) === want.get(p))) return 'content';
    }
    return null;
  }

  /**
   * Whether the oldest commit of a range ahead of the base sits directly on
   * the base's tip (read through the batch process, no subprocess): then the
   * base has not moved since the branch left it.
   */
  private async forkedAtTip(h: RepoHandle, ahead: readonly { sha: string }[], baseTip: string): Promise<boolean> {
    const oldest = ahead[ahead.length - 1];
    if (!oldest) return false;
    const parents = (await this.repoObjects(h).commitObject(oldest.sha))?.parents;
    return parents?.length === 1 && parents[0] === baseTip;
  }

  /** Whether an open change landed in its base (its branch tip, or its recorded head when the branch is gone). */
  protected async changeLanded(h: RepoHandle, change: StoredChange): Promise<LandedBy | null> {
    const baseTip = await this.revParseCommit(h, change.base);
    if (!baseTip) return null;
    const tip = (await this.branchTip(h, change.head)) ?? change.headSha;
    return this.landedIn(h, tip, baseTip);
  }

  /** Records an open change as merged (the caller saves the changes file). */
  protected markMerged(change: StoredChange, by: LandedBy): void {
    change.state = 'merged';
    change.mergedBy = by;
    change.updatedAt = this.now();
  }

  /** For an open change: commits on its branch tmsync did not make, and the files the base changed under it. */
  protected async openConditions(
    h: RepoHandle,
    change: StoredChange,
  ): Promise<{ humanEdited: boolean; staleFiles: string[] }> {
    const baseTip = await this.revParseCommit(h, change.base);
    const tip = (await this.branchTip(h, change.head)) ?? change.headSha;
    if (!baseTip) return { humanEdited: false, staleFiles: [] };
    const ahead = await this.repoObjects(h).since(baseTip, tip);
    const humanEdited = ahead.some((c) => !c.owned);
    if (ahead.length === 0 || (await this.forkedAtTip(h, ahead, baseTip))) return { humanEdited, staleFiles: [] };
    const mb = await this.mergeBase(h, tip, baseTip);
    if (!mb || mb === baseTip) return { humanEdited, staleFiles: [] };
    const ours = new Set(await this.changedPaths(h, mb, tip));
    const theirs = await this.changedPaths(h, mb, baseTip);
    return { humanEdited, staleFiles: theirs.filter((p) => ours.has(p)) };
  }

  private async mergeBase(h: RepoHandle, a: string, b: string): Promise<string | null> {
    const result = await this.try(h, ['merge-base', a, b]);
    return result.code === 0 ? result.stdout.trim() || null : null;
  }

  /** Paths whose content differs between two commits (renames as a deletion and an addition). */
  private async changedPaths(h: RepoHandle, from: string, to: string): Promise<string[]> {
    const out = await this.git(h, ['diff', '--no-renames', '--no-ext-diff', '--name-only', '-z', from, to]);
    return out.split('\0').filter((p) => p.length > 0);
  }

  /** The blob (mode and id) at each of `paths` in `commit`; absent paths are missing from the map. */
  private async blobsAt(h: RepoHandle, commit: string, paths: readonly string[]): Promise<Map<string, string>> {
    const out = await this.git(h, ['ls-tree', '-r', '-z', '--full-tree', commit, '--', ...paths]);
    const blobs = new Map<string, string>();
    for (const record of out.split('\0')) {
      const tab = record.indexOf('\t');
      if (tab < 0) continue;
      const [mode = '', , oid = ''] = record.slice(0, tab).split(' ');
      blobs.set(record.slice(tab + 1), `${mode} ${oid}`);
    }
    return blobs;
  }
}
