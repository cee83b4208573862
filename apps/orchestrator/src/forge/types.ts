/**
 * The one interface through which tmsync touches repositories. Everything
 * above it (pointers, chain, drift, pin, campaigns) is forge-agnostic; the
 * `local` adapter works on git repositories on disk, the `github` adapter on
 * the GitHub REST API.
 */

/** A file as read at a ref, after following symlinks inside the repository. */
export interface FileAtRef {
  /** The path asked for. */
  path: string;
  /** The path whose content this is, after following symlinks (equal to `path` when none). */
  resolvedPath: string;
  /** Symlinks followed on the way, each `{ from, to }` with repository-relative paths. */
  symlinks: { from: string; to: string }[];
  content: string;
  /** The commit the file was read at. */
  commit: string;
}

/**
 * What became of the tool's latest change on a branch: its state (a change
 * merged by squash or rebase is `merged`), and for an open one whether a
 * person added commits to it or its base moved under the files it touches.
 */
export interface ChangeStatus {
  change: ChangeRequest;
  /** How a merged change was recognised: the forge says so, its head is in the base, or the base holds its content (squash, rebase). */
  mergedBy: 'forge' | 'ancestor' | 'content' | null;
  /** Open, and the tool branch holds commits tmsync did not make. */
  humanEdited: boolean;
  /** Open, and the base changed files the change touches since the change's branch left it (the change no longer applies to the base as it is). */
  stale: boolean;
  /** The files the base changed under an open change (when `stale`). */
  staleFiles: string[];
}

/** One file of a proposed change: new content, or null to delete the file. */
export interface FileChange {
  path: string;
  content: string | null;
}

/** A change request: a pull request on GitHub, its recorded equivalent on disk for `local`. */
export interface ChangeRequest {
  repo: string;
  /** PR number on GitHub, a sequence number for `local`. */
  id: number;
  title: string;
  body: string;
  base: string;
  head: string;
  /** The head commit. */
  headSha: string;
  state: 'open' | 'closed' | 'merged';
  url: string;
  /** Where a human can pick the change up (`local`: the format-patch file). */
  patchPath?: string;
  labels: string[];
  draft: boolean;
}

export interface ProposeInput {
  repo: string;
  /** The tool branch (deterministic per campaign). */
  branch: string;
  /** Base branch; the repository's default branch when absent. */
  base?: string;
  title: string;
  body: string;
  /** Commit message; every commit the tool makes carries the `TOOL_TRAILER`. */
  message: string;
  changes: FileChange[];
  labels?: string[];
  reviewers?: string[];
  draft?: boolean;
}

/** What `propose` did. */
export type ProposeOutcome =
  /** A new branch, commit and change request. */
  | 'created'
  /** A new commit on the tool branch and the change request updated in place. */
  | 'updated'
  /** The branch already holds exactly these files: nothing written (the change request refreshed if its text differed). */
  | 'unchanged'
  /** The tool branch holds commits the tool did not make: left alone. */
  | 'foreign-commits';

export interface ProposeResult {
  outcome: ProposeOutcome;
  change: ChangeRequest | null;
  /** One sentence for the user. */
  detail: string;
}

/** A tag and the commit it points at. */
export interface TagRef {
  name: string;
  commit: string;
}

/** Trailer every commit made by tmsync carries; commits without it are someone else's. */
export const TOOL_TRAILER = 'Generated-by: tmsync';

export type ForgeErrorCode =
  | 'repo-not-found'
  | 'ref-not-found'
  | 'symlink-escape'
  | 'symlink-loop'
  | 'invalid-name'
  | 'conflict'
  | 'permission'
  | 'rate-limited'
  | 'git-failed'
  | 'http';

/** An error from a forge, with a code callers can act on and a message a user can read. */
export class ForgeError extends Error {
  constructor(
    readonly code: ForgeErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ForgeError';
  }
}

export interface Forge {
  readonly kind: 'local' | 'github';
  /** The repository's default branch. */
  defaultBranch(repo: string): Promise<string>;
  /** The commit a ref (branch, tag, sha) resolves to, or null when it does not exist. */
  resolveRef(repo: string, ref: string): Promise<string | null>;
  /** Whether `branch` exists in the repository (read from the ref listing the forge keeps; no tag look-up). */
  hasBranch(repo: string, branch: string): Promise<boolean>;
  /** Tags of the repository. */
  listTags(repo: string): Promise<TagRef[]>;
  /**
   * Reads a file at a ref (the default branch when absent), following symlinks
   * inside the repository. Null when the path does not exist; a ForgeError
   * (`symlink-escape`) when a symlink leaves the repository.
   */
  readFile(repo: string, path: string, ref?: string): Promise<FileAtRef | null>;
  /** Paths of all files at a ref (for "did you mean" messages and scanner-style lookups). */
  listFiles(repo: string, ref?: string): Promise<string[]>;
  /** The open change request whose head is `branch`, or null (a change merged any way, squash and rebase included, is not open). */
  findChange(repo: string, branch: string): Promise<ChangeRequest | null>;
  /** The latest change request whose head is `branch`, whatever its state, with what became of it; null when there never was one. */
  changeStatus(repo: string, branch: string): Promise<ChangeStatus | null>;
  /** Proposes a change: one commit with all files on `branch`, and a change request for it. Idempotent. */
  propose(input: ProposeInput): Promise<ProposeResult>;
  /** Closes a change request with a comment. */
  closeChange(repo: string, id: number, comment: string): Promise<void>;
  /** The web page of a file at a ref (`ORIGIN/OWNER/REPO/blob/REF/PATH`), on this forge's host. */
  webUrl(repo: string, ref: string, path: string): string;
  /** Ends what the forge keeps open for a run (the local forge's git processes); the forge stays usable. */
  close?(): Promise<void>;
}
