/**
 * The three ways GitHub merges a pull request, on the emulator's bare
 * repositories: a merge commit (the head's commits kept), a squash (one new
 * commit with the head's tree, the head's commits not in the base), and a
 * rebase (each head commit made again on the base, committed by the merger).
 */
import type { BareRepo, GitPerson } from './git.js';

/** GitHub's `merge_method`. */
export type MergeMethod = 'merge' | 'squash' | 'rebase';

/** The merge methods GitHub accepts. */
export const MERGE_METHODS: readonly MergeMethod[] = ['merge', 'squash', 'rebase'];

/** What to merge: a head based on the base's tip (the caller checks), and how the merge commit reads. */
export interface MergeInput {
  baseSha: string;
  headSha: string;
  method: MergeMethod;
  who: GitPerson;
  /** The pull request's number, head label (`owner:ref`) and title, for the commit messages. */
  number: number;
  headLabel: string;
  title: string;
}

/** Writes the merge's commit(s); returns the new tip of the base (GitHub's `merge_commit_sha`). */
export async function writeMerge(git: BareRepo, m: MergeInput): Promise<string> {
  if (m.method === 'merge') {
    const tree = await git.peelToTree(m.headSha);
    if (!tree) throw new Error(`no tree for ${m.headSha}`);
    return git.commitTree({
      tree,
      parents: [m.baseSha, m.headSha],
      message: `Merge pull request #${m.number} from ${m.headLabel.replace(':', '/')}\n\n${m.title}\n`,
      author: m.who,
      committer: m.who,
    });
  }
  const commits = await git.revList(m.headSha, { exclude: m.baseSha, reverse: true });
  if (m.method === 'squash') {
    const tree = await git.peelToTree(m.headSha);
    if (!tree) throw new Error(`no tree for ${m.headSha}`);
    const bodies: string[] = [];
    for (const sha of commits) bodies.push(`* ${(await git.readCommit(sha)).message.trim()}`);
    return git.commitTree({
      tree,
      parents: [m.baseSha],
      message: `${m.title} (#${m.number})\n\n${bodies.join('\n\n')}\n`,
      author: m.who,
      committer: m.who,
    });
  }
  // rebase: the same trees on new parents, the original authors kept, the merger as committer.
  let parent = m.baseSha;
  for (const sha of commits) {
    const c = await git.readCommit(sha);
    parent = await git.commitTree({
      tree: c.tree,
      parents: [parent],
      message: c.message,
      author: c.author,
      committer: m.who,
    });
  }
  return parent;
}
