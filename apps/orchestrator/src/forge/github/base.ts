/** The github forge's ground floor: settings, the client, cache, budget and journal, and one way to make a request. */
import { githubWebUrl } from './web-url.js';
import type { CommitIdentity } from '../tool-commit.js';
import type { DataOf, Route } from './api.js';
import type { GitHubSettings, GitHubSettingsInput } from '@tmsync/core';
import { GitHubSettingsSchema } from '@tmsync/core';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { validateRepoName } from '../../git.js';
import { ForgeError } from '../types.js';
import { WriteBudget } from './budget.js';
import { ResponseCache } from './cache.js';
import type { Client, ClientStats } from './client.js';
import { createClient, REVALIDATE_HEADER } from './client.js';
import { forgeErrorFrom, statusOf } from './errors.js';
import type { JournalStep } from './journal.js';
import { Journal } from './journal.js';
import type { TreeView } from './objects.js';
import { type Clock, type Mutex, systemClock } from './pacing.js';
import type { ApiUser, Head, RepoInfo } from './api.js';

export interface GitHubForgeOptions {
  /** The token (see resolveGitHubToken); it never appears in any output, log, file or error. */
  token: string;
  /** The campaign's `github` settings (defaults applied). */
  settings?: GitHubSettingsInput;
  /** Campaign state folder; the forge keeps `github/` in it (cache, budget, journal). Null: nothing persisted. */
  stateDir?: string | null;
  /** REST API base URL (GitHub Enterprise Server); overrides `settings.apiUrl`. */
  apiUrl?: string;
  /**
   * Scale of GitHub time (tests and benchmarks against a time-scaled emulator): the
   * budget window (an hour) and waits are multiplied by it. Default 1.
   */
  timeScale?: number;
  /** Milliseconds one `retry-after` second stands for (default 1000 x timeScale). */
  retryAfterBaseMs?: number;
  /** Called after each journaled step (tests use it to stop a run at every boundary). */
  onStep?: (step: JournalStep, info: { repo: string; branch: string }) => void | Promise<void>;
  /** Diagnostics: rate-limit waits, retries given up (already redacted). */
  log?: (line: string) => void;
  userAgent?: string;
  /** Longest wait for a new fork to become usable (default 5 minutes x timeScale). */
  forkTimeoutMs?: number;
  /** Time of every wait and deadline (default the real clock; tests share a virtual one with the emulator). */
  clock?: Clock;
  /**
   * Total time one request may spend retrying server errors and lost connections before it
   * fails (default 30 s of the clock). Refused connections, unknown hosts and TLS failures are
   * never retried.
   */
  retryDeadlineMs?: number;
  /** Author and committer of the tool's commits (the campaign's `commit`); the token's user when absent. */
  identity?: CommitIdentity;
}

/** The state and requests every layer of the github forge shares. */
export abstract class GitHubForgeBase {
  readonly kind = 'github' as const;
  /** A web link to a file at a ref, on this API's host (github.com, or a GitHub Enterprise Server). */
  webUrl(repo: string, ref: string, path: string): string {
    return githubWebUrl(this.apiUrl, repo, ref, path);
  }
  readonly settings: GitHubSettings;
  readonly apiUrl: string;
  /** `<state>/github`, or null. */
  readonly stateDir: string | null;
  protected readonly client: Client;
  protected readonly cache: ResponseCache;
  protected readonly budget: WriteBudget;
  protected readonly journal: Journal;
  protected readonly secrets: string[];
  protected readonly timeScale: number;
  protected readonly clock: Clock;
  protected readonly runId = randomUUID().slice(0, 8);
  protected readonly onStep: GitHubForgeOptions['onStep'];
  protected readonly forkTimeoutMs: number;
  protected readonly repos = new Map<string, Promise<RepoInfo>>();
  protected readonly defaults = new Map<string, Promise<string>>();
  protected readonly trees = new Map<string, Promise<TreeView>>();
  protected readonly aliases = new Map<string, Head>();
  protected readonly manyBranches = new Set<string>();
  protected readonly locks = new Map<string, Mutex>();
  protected mePromise: Promise<ApiUser> | null = null;
  /** Author and committer of the tool's commits, or undefined for the token's user. */
  protected readonly identity: CommitIdentity | undefined;

  constructor(options: GitHubForgeOptions) {
    if (!options.token) throw new ForgeError('permission', 'the github forge needs a token');
    this.settings = GitHubSettingsSchema.parse(options.settings ?? {});
    this.apiUrl = (options.apiUrl ?? this.settings.apiUrl ?? 'https://api.github.com').replace(/\/+$/, '');
    this.stateDir = options.stateDir ? join(resolve(options.stateDir), 'github') : null;
    this.secrets = [options.token];
    this.timeScale = options.timeScale ?? 1;
    this.clock = options.clock ?? systemClock;
    this.onStep = options.onStep;
    this.identity = options.identity;
    this.forkTimeoutMs = options.forkTimeoutMs ?? 5 * 60_000 * this.timeScale;
    const log = options.log ?? (() => undefined);
    this.cache = new ResponseCache(this.stateDir ? join(this.stateDir, 'etag-cache') : null);
    this.budget = new WriteBudget({
      dir: this.stateDir,
      limit: this.settings.hourlyBudget,
      windowMs: 3_600_000 * this.timeScale,
      mode: this.settings.onBudgetExhausted,
      clock: this.clock,
    });
    this.journal = new Journal(this.stateDir);
    this.client = createClient({
      token: options.token,
      baseUrl: this.apiUrl,
      userAgent: options.userAgent ?? 'tmsync',
      concurrency: this.settings.concurrency,
      writeSpacingMs: this.settings.writeSpacingMs,
      createSpacingMs: this.settings.createSpacingMs,
      maxRetries: this.settings.maxRetries,
      maxRateLimitWaitMs: this.settings.maxRateLimitWaitMs,
      retryAfterBaseMs: options.retryAfterBaseMs ?? 1000 * this.timeScale,
      cache: this.cache,
      budget: this.budget,
      clock: this.clock,
      retryDeadlineMs: options.retryDeadlineMs ?? 30_000,
      log,
    });
  }

  /** Request counters of this run. */
  get stats(): Readonly<ClientStats> {
    return this.client.stats;
  }

  /** Content-creating requests used in the current budget window, and the budget. */
  budgetUsage(): { used: number; limit: number } {
    return { used: this.budget.used(), limit: this.settings.hourlyBudget };
  }

  /** Waits until cache entries and the budget are on disk (a run that is not killed calls it at the end). */
  async flush(): Promise<void> {
    await this.cache.flush();
    await this.budget.save();
  }

  protected host(): string {
    try {
      return new URL(this.apiUrl).host;
    } catch {
      return this.apiUrl;
    }
  }

  /** One request; errors rebuilt without request details. `allow` lists statuses answered as null. */
  protected async call<R extends Route>(
    what: string,
    route: R,
    params: Record<string, unknown>,
    options: { allow?: number[]; revalidate?: boolean; repo?: string } = {},
  ): Promise<{ data: DataOf<R>; headers: Record<string, unknown> } | null> {
    const headers = options.revalidate ? { [REVALIDATE_HEADER]: '1' } : undefined;
    try {
      // Octokit types a literal route's answer; through the generic R only this one cast remains.
      const response = await this.client.octokit.request(route as string, headers ? { ...params, headers } : params);
      return { data: response.data as DataOf<R>, headers: response.headers as Record<string, unknown> };
    } catch (error) {
      if (options.allow?.includes(statusOf(error))) return null;
      if (options.repo && statusOf(error) === 404) throw this.noSuchRepo(options.repo);
      throw forgeErrorFrom(error, what, this.secrets);
    }
  }

  protected noSuchRepo(repo: string): ForgeError {
    return new ForgeError(
      'repo-not-found',
      `${repo}: no such repository on ${this.host()} (or the token cannot see it)`,
    );
  }

  protected async data<R extends Route>(
    what: string,
    route: R,
    params: Record<string, unknown>,
    options: { allow?: number[]; revalidate?: boolean; repo?: string } = {},
  ): Promise<DataOf<R> | null> {
    return (await this.call(what, route, params, options))?.data ?? null;
  }

  protected async must<R extends Route>(what: string, route: R, params: Record<string, unknown>): Promise<DataOf<R>> {
    return (await this.call(what, route, params))!.data;
  }

  protected parts(repo: string): { owner: string; repo: string } {
    const { owner, name } = validateRepoName(repo);
    return { owner, repo: name };
  }

  protected async step(
    step: JournalStep,
    repo: string,
    branch: string,
    data: Record<string, unknown> = {},
  ): Promise<void> {
    await this.journal.append({ run: this.runId, repo, branch, step, ...data });
    await this.onStep?.(step, { repo, branch });
  }
}

/** A ref moved between our read and our write. */
export class RaceError extends ForgeError {
  constructor(
    message: string,
    readonly repo: string,
  ) {
    super('conflict', message);
  }
}
