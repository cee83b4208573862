/** The shapes of GitHub's answers the github forge reads, and its own records. */
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

export interface ApiRepo {
  full_name: string;
  name: string;
  owner: { login: string };
  default_branch: string;
  fork?: boolean;
  parent?: { full_name: string };
  permissions?: { push?: boolean };
}

export interface ApiObject {
  sha: string;
  type: string;
}

export interface ApiRef {
  ref: string;
  object: ApiObject;
}

export interface ApiUser {
  login: string;
}

export interface ApiPull {
  number: number;
  node_id: string;
  html_url: string;
  state: string;
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

export interface ApiCommit {
  sha: string;
  commit: { message: string; author: { name?: string; email?: string } | null };
  author: ApiUser | null;
}

export interface ApiCompare {
  status: string;
  commits: ApiCommit[];
  total_commits?: number;
}

export interface ApiGitCommit {
  sha: string;
  tree: { sha: string };
}

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
