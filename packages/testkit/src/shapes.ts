import type { GitCommitObject, GitPerson, BareRepo } from './git.js';
import type { CommentRecord, LabelRecord, OwnerInfo, Permissions, PullRecord, RepoMeta, Store } from './store.js';
import { isoSeconds, nodeId, encodePath } from './util.js';

/** What the JSON builders need to know about the server. */
export interface ShapeEnv {
  /** API base URL, no trailing slash. */
  api: string;
  /** Web base URL, no trailing slash. */
  html: string;
  store: Store;
}

export function simpleUser(env: ShapeEnv, o: OwnerInfo): Record<string, unknown> {
  const u = `${env.api}/users/${o.login}`;
  return {
    login: o.login,
    id: o.id,
    node_id: nodeId(o.type === 'User' ? 'User' : 'Organization', o.id),
    avatar_url: `${env.html}/avatars/u/${o.id}?v=4`,
    gravatar_id: '',
    url: u,
    html_url: `${env.html}/${o.login}`,
    followers_url: `${u}/followers`,
    following_url: `${u}/following{/other_user}`,
    gists_url: `${u}/gists{/gist_id}`,
    starred_url: `${u}/starred{/owner}{/repo}`,
    subscriptions_url: `${u}/subscriptions`,
    organizations_url: `${u}/orgs`,
    repos_url: `${u}/repos`,
    events_url: `${u}/events{/privacy}`,
    received_events_url: `${u}/received_events`,
    type: o.type,
    user_view_type: 'public',
    site_admin: false,
  };
}

export function userByLogin(env: ShapeEnv, login: string): Record<string, unknown> {
  return simpleUser(env, env.store.owner(login));
}

export function privateUser(env: ShapeEnv, login: string, createdAt: number): Record<string, unknown> {
  const owner = env.store.owner(login);
  const u = env.store.userByLogin(login);
  const ownRepos = env.store.all().filter((r) => r.owner.toLowerCase() === login.toLowerCase());
  return {
    ...simpleUser(env, owner),
    user_view_type: 'private',
    name: u?.name ?? login,
    company: null,
    blog: '',
    location: null,
    email: null,
    notification_email: null,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: ownRepos.filter((r) => !r.private).length,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: isoSeconds(createdAt),
    updated_at: isoSeconds(createdAt),
    private_gists: 0,
    total_private_repos: ownRepos.filter((r) => r.private).length,
    owned_private_repos: ownRepos.filter((r) => r.private).length,
    disk_usage: 0,
    collaborators: 0,
    two_factor_authentication: true,
    plan: { name: 'free', space: 976562499, collaborators: 0, private_repos: 10000 },
  };
}

export function repoUrls(env: ShapeEnv, meta: RepoMeta): Record<string, string> {
  const full = `${meta.owner}/${meta.name}`;
  const r = `${env.api}/repos/${full}`;
  return {
    url: r,
    html_url: `${env.html}/${full}`,
    forks_url: `${r}/forks`,
    keys_url: `${r}/keys{/key_id}`,
    collaborators_url: `${r}/collaborators{/collaborator}`,
    teams_url: `${r}/teams`,
    hooks_url: `${r}/hooks`,
    issue_events_url: `${r}/issues/events{/number}`,
    events_url: `${r}/events`,
    assignees_url: `${r}/assignees{/user}`,
    branches_url: `${r}/branches{/branch}`,
    tags_url: `${r}/tags`,
    blobs_url: `${r}/git/blobs{/sha}`,
    git_tags_url: `${r}/git/tags{/sha}`,
    git_refs_url: `${r}/git/refs{/sha}`,
    trees_url: `${r}/git/trees{/sha}`,
    statuses_url: `${r}/statuses/{sha}`,
    languages_url: `${r}/languages`,
    stargazers_url: `${r}/stargazers`,
    contributors_url: `${r}/contributors`,
    subscribers_url: `${r}/subscribers`,
    subscription_url: `${r}/subscription`,
    commits_url: `${r}/commits{/sha}`,
    git_commits_url: `${r}/git/commits{/sha}`,
    comments_url: `${r}/comments{/number}`,
    issue_comment_url: `${r}/issues/comments{/number}`,
    contents_url: `${r}/contents/{+path}`,
    compare_url: `${r}/compare/{base}...{head}`,
    merges_url: `${r}/merges`,
    archive_url: `${r}/{archive_format}{/ref}`,
    downloads_url: `${r}/downloads`,
    issues_url: `${r}/issues{/number}`,
    pulls_url: `${r}/pulls{/number}`,
    milestones_url: `${r}/milestones{/number}`,
    notifications_url: `${r}/notifications{?since,all,participating}`,
    labels_url: `${r}/labels{/name}`,
    releases_url: `${r}/releases{/id}`,
    deployments_url: `${r}/deployments`,
    git_url: `git://${new URL(env.html).host}/${full}.git`,
    ssh_url: `git@${new URL(env.html).hostname}:${full}.git`,
    clone_url: `${env.html}/${full}.git`,
    svn_url: `${env.html}/${full}`,
  };
}

/**
 * The repository object (GitHub's "repository" / "full-repository" shape). With `full`,
 * adds parent/source (forks), network and subscriber counts.
 */
export function repository(
  env: ShapeEnv,
  meta: RepoMeta,
  perms: Permissions | undefined,
  opts: { full?: boolean } = {},
): Record<string, unknown> {
  const forks = env.store.forksOf(meta).length;
  const openIssues = meta.pulls.filter((p) => p.state === 'open').length;
  const r: Record<string, unknown> = {
    id: meta.id,
    node_id: nodeId('Repository', meta.id),
    name: meta.name,
    full_name: `${meta.owner}/${meta.name}`,
    private: meta.private,
    owner: userByLogin(env, meta.owner),
    description: meta.description,
    fork: meta.fork,
    ...repoUrls(env, meta),
    homepage: null,
    size: 0,
    stargazers_count: 0,
    watchers_count: 0,
    language: null,
    has_issues: !meta.fork,
    has_projects: true,
    has_downloads: true,
    has_wiki: true,
    has_pages: false,
    has_discussions: false,
    forks_count: forks,
    mirror_url: null,
    archived: false,
    disabled: false,
    open_issues_count: openIssues,
    license: null,
    allow_forking: true,
    is_template: false,
    web_commit_signoff_required: false,
    topics: [],
    visibility: meta.private ? 'private' : 'public',
    forks,
    open_issues: openIssues,
    watchers: 0,
    default_branch: meta.defaultBranch,
    created_at: isoSeconds(meta.createdAt),
    updated_at: isoSeconds(meta.updatedAt),
    pushed_at: isoSeconds(meta.pushedAt),
  };
  if (perms) r.permissions = { ...perms };
  if (opts.full) {
    r.allow_squash_merge = true;
    r.allow_merge_commit = true;
    r.allow_rebase_merge = true;
    r.allow_auto_merge = false;
    r.delete_branch_on_merge = false;
    r.allow_update_branch = false;
    r.use_squash_pr_title_as_default = false;
    r.squash_merge_commit_title = 'COMMIT_OR_PR_TITLE';
    r.squash_merge_commit_message = 'COMMIT_MESSAGES';
    r.merge_commit_title = 'MERGE_MESSAGE';
    r.merge_commit_message = 'PR_TITLE';
    const owner = env.store.owner(meta.owner);
    if (owner.type === 'Organization') r.organization = simpleUser(env, owner);
    const net = env.store.network(meta);
    r.network_count = net.length - 1;
    r.subscribers_count = 0;
    if (meta.fork && meta.parent) {
      const parent = env.store.get(meta.parent);
      const source = env.store.get(meta.source ?? meta.parent);
      if (parent) r.parent = repository(env, parent, undefined);
      if (source) r.source = repository(env, source, undefined);
    }
  }
  return r;
}

/** Minimal repository (as in fork listings). */
export function minimalRepository(
  env: ShapeEnv,
  meta: RepoMeta,
  perms: Permissions | undefined,
): Record<string, unknown> {
  const r = repository(env, meta, perms);
  return r;
}

export function gitPerson(p: GitPerson): Record<string, string> {
  return { name: p.name, email: p.email, date: isoSeconds(p.time) };
}

const UNSIGNED = { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null };

export function gitCommit(env: ShapeEnv, meta: RepoMeta, c: GitCommitObject): Record<string, unknown> {
  const r = `${env.api}/repos/${meta.owner}/${meta.name}`;
  const h = `${env.html}/${meta.owner}/${meta.name}`;
  return {
    sha: c.sha,
    node_id: nodeId('Commit', c.sha),
    url: `${r}/git/commits/${c.sha}`,
    html_url: `${h}/commit/${c.sha}`,
    author: gitPerson(c.author),
    committer: gitPerson(c.committer),
    tree: { sha: c.tree, url: `${r}/git/trees/${c.tree}` },
    message: c.message.replace(/\n$/, ''),
    parents: c.parents.map((p) => ({ sha: p, url: `${r}/git/commits/${p}`, html_url: `${h}/commit/${p}` })),
    verification: c.signature ? { ...UNSIGNED, reason: 'unknown_key', signature: c.signature } : UNSIGNED,
  };
}

function githubUserForEmail(env: ShapeEnv, email: string): Record<string, unknown> | null {
  const u = env.store.userByEmail(email);
  return u ? userByLogin(env, u.login) : null;
}

/** The "commit" shape of /repos/{o}/{r}/commits (and compare, branches). */
export async function repoCommit(
  env: ShapeEnv,
  meta: RepoMeta,
  c: GitCommitObject,
  opts: { git?: BareRepo; withFiles?: boolean } = {},
): Promise<Record<string, unknown>> {
  const r = `${env.api}/repos/${meta.owner}/${meta.name}`;
  const h = `${env.html}/${meta.owner}/${meta.name}`;
  const out: Record<string, unknown> = {
    sha: c.sha,
    node_id: nodeId('Commit', c.sha),
    commit: {
      author: gitPerson(c.author),
      committer: gitPerson(c.committer),
      message: c.message.replace(/\n$/, ''),
      tree: { sha: c.tree, url: `${r}/git/trees/${c.tree}` },
      url: `${r}/git/commits/${c.sha}`,
      comment_count: 0,
      verification: UNSIGNED,
    },
    url: `${r}/commits/${c.sha}`,
    html_url: `${h}/commit/${c.sha}`,
    comments_url: `${r}/commits/${c.sha}/comments`,
    author: githubUserForEmail(env, c.author.email),
    committer: githubUserForEmail(env, c.committer.email),
    parents: c.parents.map((p) => ({ sha: p, url: `${r}/commits/${p}`, html_url: `${h}/commit/${p}` })),
  };
  if (opts.withFiles && opts.git) {
    const files = await opts.git.diff(c.parents[0] ?? null, c.sha);
    const add = files.reduce((s, f) => s + f.additions, 0);
    const del = files.reduce((s, f) => s + f.deletions, 0);
    out.stats = { total: add + del, additions: add, deletions: del };
    out.files = files.map((f) => diffEntry(env, meta, c.sha, f));
  }
  return out;
}

export function diffEntry(
  env: ShapeEnv,
  meta: RepoMeta,
  ref: string,
  f: { path: string; status: string; sha: string | null; additions: number; deletions: number },
): Record<string, unknown> {
  const r = `${env.api}/repos/${meta.owner}/${meta.name}`;
  const h = `${env.html}/${meta.owner}/${meta.name}`;
  const p = encodePath(f.path);
  return {
    sha: f.sha,
    filename: f.path,
    status: f.status,
    additions: f.additions,
    deletions: f.deletions,
    changes: f.additions + f.deletions,
    blob_url: `${h}/blob/${ref}/${p}`,
    raw_url: `${h}/raw/${ref}/${p}`,
    contents_url: `${r}/contents/${p}?ref=${ref}`,
  };
}

export function gitRef(env: ShapeEnv, meta: RepoMeta, ref: string, sha: string, type: string): Record<string, unknown> {
  const r = `${env.api}/repos/${meta.owner}/${meta.name}`;
  const kind = type === 'tag' ? 'tags' : type === 'tree' ? 'trees' : type === 'blob' ? 'blobs' : 'commits';
  return {
    ref,
    node_id: nodeId('Ref', `${meta.id}:${ref}`),
    url: `${r}/git/${ref}`,
    object: { sha, type, url: `${r}/git/${kind}/${sha}` },
  };
}

export function label(env: ShapeEnv, meta: RepoMeta, l: LabelRecord): Record<string, unknown> {
  return {
    id: l.id,
    node_id: nodeId('Label', l.id),
    url: `${env.api}/repos/${meta.owner}/${meta.name}/labels/${encodeURIComponent(l.name)}`,
    name: l.name,
    color: l.color,
    default: l.default,
    description: l.description,
  };
}

export function issueComment(
  env: ShapeEnv,
  meta: RepoMeta,
  pr: PullRecord,
  c: CommentRecord,
  perms: Permissions,
): Record<string, unknown> {
  const r = `${env.api}/repos/${meta.owner}/${meta.name}`;
  return {
    id: c.id,
    node_id: nodeId('IssueComment', c.id),
    url: `${r}/issues/comments/${c.id}`,
    html_url: `${env.html}/${meta.owner}/${meta.name}/pull/${pr.number}#issuecomment-${c.id}`,
    body: c.body,
    user: userByLogin(env, c.user),
    created_at: isoSeconds(c.createdAt),
    updated_at: isoSeconds(c.updatedAt),
    issue_url: `${r}/issues/${pr.number}`,
    author_association: association(env, meta, c.user, perms),
    performed_via_github_app: null,
    reactions: {
      url: `${r}/issues/comments/${c.id}/reactions`,
      total_count: 0,
      '+1': 0,
      '-1': 0,
      laugh: 0,
      hooray: 0,
      confused: 0,
      heart: 0,
      rocket: 0,
      eyes: 0,
    },
  };
}

export function association(env: ShapeEnv, meta: RepoMeta, login: string, _perms?: Permissions): string {
  if (login.toLowerCase() === meta.owner.toLowerCase()) return 'OWNER';
  const p = env.store.permissions(login, meta);
  if (p.push) return 'COLLABORATOR';
  const authored = meta.pulls.some((x) => x.user.toLowerCase() === login.toLowerCase());
  return authored ? 'CONTRIBUTOR' : 'NONE';
}
