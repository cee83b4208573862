/**
 * The shapes of GitHub's answers the github forge reads (from Octokit's `Endpoints`, so the
 * compiler checks them against GitHub's OpenAPI description), and the forge's own records.
 */
import type { Endpoints } from '@octokit/types';

/** A REST route as Octokit names it, e.g. `GET /repos/{owner}/{repo}`. */
export type Route = keyof Endpoints;
/** The answer's body of a route. */
export type DataOf<R extends Route> = Endpoints[R]['response']['data'];

/** What the forge knows of a repository. */
export interface RepoInfo {
  fullName: string;
  owner: string;
  name: string;
  defaultBranch: string;
  push: boolean;
  fork: boolean;
  parent: string | null;
}

/** A repository as `GET /repos/{owner}/{repo}` answers it. */
export type ApiRepo = DataOf<'GET /repos/{owner}/{repo}'>;

/** The object a ref or tag points at. */
export type ApiObject = ApiRef['object'];

/** A git ref. */
export type ApiRef = DataOf<'GET /repos/{owner}/{repo}/git/ref/{ref}'>;

/** The part of a user the forge reads (the forge also builds these). */
export type ApiUser = Pick<DataOf<'GET /user'>, 'login'>;

/**
 * The part of a pull request the forge reads and updates in memory (labels added, head
 * moved). Both `GET .../pulls` items and `GET .../pulls/{pull_number}` answers are
 * assigned to it without a cast, so the compiler checks it against Octokit's types.
 */
export interface ApiPull {
  number: number;
  node_id: string;
  html_url: string;
  state: string;
  /** When the pull request was merged (any method: merge commit, squash, rebase); null when it was not. */
  merged_at?: string | null;
  title: string;
  body: string | null;
  draft?: boolean;
  user: ApiUser | null;
  labels: { name?: string }[];
  requested_reviewers?: ApiUser[] | null;
  requested_teams?: { slug: string }[] | null;
  head: { ref: string; sha: string; repo: { full_name: string; owner: ApiUser } | null };
  base: { ref: string; repo: { full_name: string; default_branch?: string } };
}

/** The part of a compared commit the forge keeps (it builds these from `ApiCompare` commits). */
export interface ApiCommit {
  sha: string;
  commit: { message: string; author: { name?: string; email?: string } | null };
  author: ApiUser | null;
}

/** A comparison of two commits. */
export type ApiCompare = DataOf<'GET /repos/{owner}/{repo}/compare/{basehead}'>;

/** A git commit object. */
export type ApiGitCommit = DataOf<'GET /repos/{owner}/{repo}/git/commits/{commit_sha}'>;

/** Where a tool branch lives: this repository, a fork, or a repurposed draft's branch. */
export interface Head {
  repo: string;
  ref: string;
  /** Owner of the head repository (the `owner:` of the PR's head). */
  owner: string;
}

/** A commit of the tool branch and whether tmsync made it. */
export interface BranchCommit {
  sha: string;
  owned: boolean;
  mine: boolean;
  raw: ApiCommit;
}

export type Pending =
  | { path: string; mode: string; content: string }
  | { path: string; mode: string; sha: string }
  | { path: string; delete: true };
