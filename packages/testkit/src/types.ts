import type { EmulatorClock } from './clock.js';

/** A user the emulator knows, keyed by its token in {@link EmulatorOptions.users}. */
export interface EmulatorUser {
  login: string;
  /** Numeric id; assigned deterministically (1, 2, ...) in configuration order when omitted. */
  id?: number;
  /** Display name used for commits made through the API (default: login). */
  name?: string;
  /** Commit e-mail (default: `ID+login@users.noreply.github.com`). Commits with this e-mail map to the user. */
  email?: string;
  /**
   * Push permission on repositories the user does not own (owners can always push to their own).
   * `true`, a list of `owner/repo` names, or a predicate. Default: false.
   */
  canPush?: boolean | readonly string[] | ((repoFullName: string) => boolean);
  /** Admin permission on repositories the user does not own. Same forms as canPush. Default: false. */
  canAdmin?: boolean | readonly string[] | ((repoFullName: string) => boolean);
}

export type FaultKind =
  /** extra latency ({@link FaultConfig.latencyMs}), then the request is served normally */
  | 'latency'
  /** 500, 502 or 503 with a JSON body, before the handler runs */
  | '5xx'
  /** 403 secondary-rate-limit response with `retry-after` */
  | '403-retry-after'
  /** 429 secondary-rate-limit response with `retry-after` */
  | '429'
  /** the socket is destroyed without any response, before the handler runs */
  | 'reset'
  /** the request IS applied, then the socket is destroyed (a lost response; opt-in) */
  | 'reset-after';

export interface FaultRequestInfo {
  method: string;
  /** Pathname without query string. */
  path: string;
  /** GitHub operation id, e.g. `pulls/create` (undefined for unknown routes). */
  operation?: string;
  /** Whether the request is content-creating (POST/PATCH/PUT/DELETE). */
  write: boolean;
  login?: string;
  /** 0-based count of earlier requests with the same method and path. */
  occurrence: number;
  /** 0-based sequence number of the request on the server. */
  seq: number;
}

export interface FaultConfig {
  /** Probability in [0,1] that a request gets a fault. */
  rate: number;
  kinds: readonly FaultKind[];
  /** Seed of the deterministic choice (default 1). */
  seed?: number;
  /** Only requests for which this returns true may get a fault. */
  match?: (req: FaultRequestInfo) => boolean;
  /** Extra latency of the 'latency' fault, milliseconds of the clock (default 200). */
  latencyMs?: number;
  /** Wait asked by '403-retry-after' and '429' faults, in GitHub seconds (scaled, sent per `limits.retryAfterUnit`; default 1). */
  retryAfterSeconds?: number;
}

/** A fault function: return a fault kind for this request or null/undefined for none. */
export type FaultFunction = (req: FaultRequestInfo) => FaultKind | null | undefined;

export interface LimitsConfig {
  /** Primary limit per user per hour (GitHub: 5000). */
  primaryPerHour?: number;
  /** Secondary: maximum concurrent requests per user (GitHub: 100). */
  maxConcurrent?: number;
  /** Secondary: content-creating requests per minute (GitHub: 80). */
  writesPerMinute?: number;
  /** Secondary: content-creating requests per hour (GitHub: 500). */
  writesPerHour?: number;
  /** Secondary: REST points per minute, GET 1, writes 5 (GitHub: 900). */
  pointsPerMinute?: number;
  /**
   * Secondary: minimum spacing between two content-creating requests of a user, in GitHub
   * milliseconds (scaled by timeScale). 0 disables (default). GitHub recommends 1000.
   */
  minWriteSpacingMs?: number;
  /** Status of secondary-limit responses: 403 (default, as GitHub mostly does) or 429. */
  secondaryStatus?: 403 | 429;
  /** Status of primary-limit responses: 403 (default) or 429. */
  primaryStatus?: 403 | 429;
  /**
   * Unit of `retry-after`: 'wall' (default) = real seconds to wait, rounded up (at least 1);
   * 'github' = unscaled GitHub seconds (for clients that scale their retry base themselves).
   */
  retryAfterUnit?: 'wall' | 'github';
}

export interface EmulatorOptions {
  /** Folder holding the bare repositories (`ROOT/owner/name.git`) and their metadata. */
  root: string;
  /** token -> user. Tokens never appear in responses or in the log. */
  users: Record<string, EmulatorUser>;
  /** Time scale of every rate-limit window (0.01: an hour lasts 36 s). Default 1. */
  timeScale?: number;
  limits?: LimitsConfig;
  /** Latency added to every request, milliseconds of the clock. */
  latencyMs?: number;
  faults?: FaultConfig | FaultFunction;
  /** A new fork is "being created" (git endpoints 409, like GitHub) for this many ms of the clock. Default 0. */
  forkReadyDelayMs?: number;
  /**
   * Time source of every rate-limit window, latency, fork delay and timestamp. Default: the
   * real clock; tests pass a ManualClock and advance it instead of sleeping.
   */
  clock?: EmulatorClock;
  /** Port to listen on (127.0.0.1 only). Default 0: ephemeral. */
  port?: number;
}

export interface RequestLogEntry {
  seq: number;
  method: string;
  /** Path with query string (never includes credentials). */
  path: string;
  operation?: string;
  status: number;
  login?: string;
  /** Counted against the primary rate limit (false for 304 and injected faults). */
  counted: boolean;
  /** Content-creating (POST/PATCH/PUT/DELETE). */
  write: boolean;
  notModified: boolean;
  rateLimited?: 'primary' | 'secondary';
  /** Which secondary rule was hit. */
  secondaryRule?: 'concurrency' | 'writes-per-minute' | 'writes-per-hour' | 'points-per-minute' | 'spacing' | 'penalty';
  fault?: FaultKind;
  startedAt: number;
  durationMs: number;
}

export interface EmulatorStats {
  requests: number;
  counted: number;
  writes: number;
  notModified: number;
  primaryRateLimited: number;
  secondaryRateLimited: number;
  faults: number;
  byOperation: Record<string, number>;
  maxConcurrent: number;
}

/** File contents for fixtures: text, bytes, `null` to delete, or an object with a mode. */
export type FileSpec =
  | string
  | Buffer
  | null
  | { content: string | Buffer; mode?: '100644' | '100755' }
  | { symlink: string };

export interface CreateRepoOptions {
  files?: Record<string, FileSpec>;
  /** path -> link target (mode 120000). */
  symlinks?: Record<string, string>;
  defaultBranch?: string;
  description?: string;
  /** Extra branches pointing at the initial commit. */
  branches?: string[];
  /** Lightweight tags pointing at the initial commit. */
  tags?: string[];
  private?: boolean;
  author?: { name: string; email: string };
  message?: string;
  /** Commit time of the initial commit (ms since epoch). Default: now. */
  date?: number;
}

export interface CommitAsOptions {
  author?: { name: string; email: string };
  committer?: { name: string; email: string };
  message?: string;
  date?: number;
  /** Base for a new branch (default: the default branch). */
  from?: string;
  symlinks?: Record<string, string>;
}

export interface RepoSummary {
  fullName: string;
  owner: string;
  name: string;
  id: number;
  path: string;
  defaultBranch: string;
  fork: boolean;
  parent?: string;
}

export interface PullSummary {
  number: number;
  id: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  draft: boolean;
  merged: boolean;
  user: string;
  head: { repo: string; ref: string; label: string; sha: string | null };
  base: { repo: string; ref: string };
  labels: string[];
  requestedReviewers: string[];
  requestedTeams: string[];
  comments: Array<{ id: number; user: string; body: string }>;
  createdAt: string;
  updatedAt: string;
}
