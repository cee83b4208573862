import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BareRepo } from './git.js';
import type { EmulatorUser } from './types.js';
import { KeyedMutex } from './util.js';

export interface LabelRecord {
  id: number;
  name: string;
  color: string;
  description: string | null;
  default: boolean;
}

export interface CommentRecord {
  id: number;
  user: string;
  body: string;
  createdAt: number;
  updatedAt: number;
}

export interface PullRecord {
  number: number;
  id: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  draft: boolean;
  locked: boolean;
  merged: boolean;
  mergedAt: number | null;
  mergeCommitSha: string | null;
  mergedBy: string | null;
  user: string;
  headRepo: string;
  headRef: string;
  /** Last known head sha (kept when the head branch is deleted). */
  headSha: string;
  baseRef: string;
  labels: string[];
  requestedReviewers: string[];
  requestedTeams: string[];
  comments: CommentRecord[];
  maintainerCanModify: boolean;
  createdAt: number;
  updatedAt: number;
  closedAt: number | null;
}

export interface RepoMeta {
  id: number;
  owner: string;
  name: string;
  private: boolean;
  description: string | null;
  defaultBranch: string;
  fork: boolean;
  parent?: string;
  source?: string;
  createdAt: number;
  updatedAt: number;
  pushedAt: number;
  /** Fork still "being created" until then (ms since epoch). */
  readyAt?: number;
  nextNumber: number;
  pulls: PullRecord[];
  labels: LabelRecord[];
}

interface GlobalState {
  nextRepoId: number;
  nextPullId: number;
  nextCommentId: number;
  nextLabelId: number;
  nextOwnerId: number;
  owners: Record<string, { id: number; type: 'User' | 'Organization' }>;
}

export interface OwnerInfo {
  login: string;
  id: number;
  type: 'User' | 'Organization';
}

export interface Permissions {
  admin: boolean;
  maintain: boolean;
  push: boolean;
  triage: boolean;
  pull: boolean;
}

export interface ResolvedUser extends EmulatorUser {
  id: number;
  name: string;
  email: string;
}

function allows(rule: EmulatorUser['canPush'], fullName: string): boolean {
  if (rule === undefined || rule === false) return false;
  if (rule === true) return true;
  if (typeof rule === 'function') return rule(fullName);
  return rule.some((r) => r.toLowerCase() === fullName.toLowerCase());
}

/** Repositories, owners, pull requests: metadata in JSON beside each bare repository. */
export class Store {
  readonly lock = new KeyedMutex();
  private readonly repos = new Map<string, RepoMeta>();
  private readonly global: GlobalState;
  private readonly usersByLogin = new Map<string, ResolvedUser>();
  private readonly usersByToken = new Map<string, ResolvedUser>();

  constructor(
    readonly root: string,
    users: Record<string, EmulatorUser>,
  ) {
    mkdirSync(root, { recursive: true });
    const globalPath = join(root, 'emulator-state.json');
    this.global = existsSync(globalPath)
      ? (JSON.parse(readFileSync(globalPath, 'utf8')) as GlobalState)
      : {
          nextRepoId: 100001,
          nextPullId: 2000001,
          nextCommentId: 3000001,
          nextLabelId: 4000001,
          nextOwnerId: 9001,
          owners: {},
        };
    let nextUserId = 1;
    for (const [token, u] of Object.entries(users)) {
      const id = u.id ?? nextUserId;
      nextUserId = Math.max(nextUserId, id) + 1;
      const resolved: ResolvedUser = {
        ...u,
        id,
        name: u.name ?? u.login,
        email: u.email ?? `${id}+${u.login}@users.noreply.github.com`,
      };
      this.usersByToken.set(token, resolved);
      this.usersByLogin.set(u.login.toLowerCase(), resolved);
      this.global.owners[u.login.toLowerCase()] = { id, type: 'User' };
    }
    this.loadRepos();
  }

  private loadRepos(): void {
    for (const owner of readdirSync(this.root)) {
      const dir = join(this.root, owner);
      if (!statSync(dir).isDirectory()) continue;
      for (const f of readdirSync(dir)) {
        if (!f.endsWith('.json')) continue;
        const meta = JSON.parse(readFileSync(join(dir, f), 'utf8')) as RepoMeta;
        this.repos.set(`${meta.owner}/${meta.name}`.toLowerCase(), meta);
      }
    }
  }

  userByToken(token: string): ResolvedUser | undefined {
    return this.usersByToken.get(token);
  }

  userByLogin(login: string): ResolvedUser | undefined {
    return this.usersByLogin.get(login.toLowerCase());
  }

  userByEmail(email: string): ResolvedUser | undefined {
    const e = email.toLowerCase();
    for (const u of this.usersByLogin.values()) if (u.email.toLowerCase() === e) return u;
    return undefined;
  }

  owner(login: string): OwnerInfo {
    const key = login.toLowerCase();
    let o = this.global.owners[key];
    if (!o) {
      o = { id: this.global.nextOwnerId++, type: 'Organization' };
      this.global.owners[key] = o;
      this.saveGlobal();
    }
    const u = this.usersByLogin.get(key);
    return { login: u?.login ?? login, id: o.id, type: o.type };
  }

  nextId(kind: 'repo' | 'pull' | 'comment' | 'label'): number {
    const field = ({ repo: 'nextRepoId', pull: 'nextPullId', comment: 'nextCommentId', label: 'nextLabelId' } as const)[
      kind
    ];
    const id = this.global[field]++;
    this.saveGlobal();
    return id;
  }

  private saveGlobal(): void {
    atomicWrite(join(this.root, 'emulator-state.json'), JSON.stringify(this.global, null, 2));
  }

  repoPath(fullName: string): string {
    const [owner, name] = splitFullName(fullName);
    const meta = this.repos.get(fullName.toLowerCase());
    return join(this.root, meta?.owner ?? owner, `${meta?.name ?? name}.git`);
  }

  git(meta: RepoMeta): BareRepo {
    return new BareRepo(join(this.root, meta.owner, `${meta.name}.git`));
  }

  get(fullName: string): RepoMeta | undefined {
    return this.repos.get(fullName.toLowerCase());
  }

  all(): RepoMeta[] {
    return [...this.repos.values()];
  }

  add(meta: RepoMeta): void {
    mkdirSync(join(this.root, meta.owner), { recursive: true });
    this.repos.set(`${meta.owner}/${meta.name}`.toLowerCase(), meta);
    this.save(meta);
  }

  save(meta: RepoMeta): void {
    atomicWrite(join(this.root, meta.owner, `${meta.name}.json`), JSON.stringify(meta, null, 2));
  }

  forksOf(meta: RepoMeta): RepoMeta[] {
    const full = `${meta.owner}/${meta.name}`.toLowerCase();
    return this.all().filter((r) => r.parent?.toLowerCase() === full);
  }

  /** All repositories of the fork network of `meta`. */
  network(meta: RepoMeta): RepoMeta[] {
    const root = (meta.source ?? `${meta.owner}/${meta.name}`).toLowerCase();
    return this.all().filter((r) => (r.source ?? `${r.owner}/${r.name}`).toLowerCase() === root);
  }

  permissions(login: string | undefined, meta: RepoMeta): Permissions {
    const fullName = `${meta.owner}/${meta.name}`;
    const user = login ? this.userByLogin(login) : undefined;
    const own = !!user && user.login.toLowerCase() === meta.owner.toLowerCase();
    const admin = own || (!!user && allows(user.canAdmin, fullName));
    const push = admin || (!!user && allows(user.canPush, fullName));
    const pull = !meta.private || push;
    return { admin, maintain: admin, push, triage: push, pull };
  }
}

export function splitFullName(fullName: string): [string, string] {
  const i = fullName.indexOf('/');
  if (i <= 0 || i === fullName.length - 1 || fullName.indexOf('/', i + 1) >= 0) {
    throw new Error(`not an owner/repo name: ${fullName}`);
  }
  return [fullName.slice(0, i), fullName.slice(i + 1)];
}

function atomicWrite(path: string, data: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}
