/**
 * The hourly budget of content-creating requests (every POST, PATCH, PUT and DELETE),
 * kept in `<state>/github/budget.json` so that it spans runs. A proposal reserves the
 * writes it may need before it starts: when they do not fit, the satellite is deferred
 * (or, with `onBudgetExhausted: wait`, the proposal waits for the window to free them).
 */
import { join } from 'node:path';
import { ForgeError } from '../types.js';
import { readJson, writeAtomicSync } from '../../fsutil.js';
import { type Clock, sleep } from './pacing.js';

interface BudgetFile {
  version: 1;
  /** Epoch milliseconds of every content-creating request in the window. */
  writes: number[];
}

/** Writes set aside for one proposal. */
export interface Reservation {
  /** One reserved write was sent. */
  consume(): void;
  /** Gives back the writes not sent. */
  release(): void;
}

export interface BudgetOptions {
  /** State folder of the github forge (`<state>/github`), or null for a budget in memory only. */
  dir: string | null;
  limit: number;
  /** Length of the rolling window (an hour, times the time scale in tests). */
  windowMs: number;
  mode: 'defer' | 'wait';
  now?: () => number;
  /** Time of the window and of waits (overrides `now`; default the real clock). */
  clock?: Clock;
}

/** A rolling-window budget of writes, persisted across runs. */
export class WriteBudget {
  private writes: number[] = [];
  private reserved = 0;
  private loaded: Promise<void> | null = null;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly file: string | null;

  constructor(private readonly options: BudgetOptions) {
    this.now = options.clock ? () => options.clock!.now() : (options.now ?? Date.now);
    this.sleep = options.clock ? (ms) => options.clock!.sleep(ms) : sleep;
    this.file = options.dir ? join(options.dir, 'budget.json') : null;
  }

  /** Reads the writes of earlier runs (once). */
  load(): Promise<void> {
    this.loaded ??= (async () => {
      if (!this.file) return;
      const stored = await readJson<BudgetFile>(this.file);
      if (stored?.version === 1 && Array.isArray(stored.writes))
        this.writes = stored.writes.filter((t) => typeof t === 'number');
      this.prune();
    })();
    return this.loaded;
  }

  private prune(): void {
    const from = this.now() - this.options.windowMs;
    while (this.writes.length > 0 && (this.writes[0] ?? 0) <= from) this.writes.shift();
  }

  /** Writes used in the current window. */
  used(): number {
    this.prune();
    return this.writes.length;
  }

  /** Writes still available (reservations deducted). */
  remaining(): number {
    return Math.max(0, this.options.limit - this.used() - this.reserved);
  }

  /** When `n` more writes fit (epoch ms). */
  freeAt(n: number): number {
    this.prune();
    const excess = this.writes.length + this.reserved + n - this.options.limit;
    if (excess <= 0) return this.now();
    const t = this.writes[Math.min(excess, this.writes.length) - 1];
    return t === undefined ? this.now() + this.options.windowMs : t + this.options.windowMs + 1;
  }

  /**
   * Reserves `n` writes for `what`. Throws a `rate-limited` ForgeError naming when to run
   * again, or waits, as configured. Writes recorded while the reservation is the current
   * one (see `current`) consume it; `release` returns what was not used.
   */
  async reserve(n: number, what: string): Promise<Reservation> {
    await this.load();
    if (n > this.options.limit)
      throw new ForgeError(
        'rate-limited',
        `${what}: needs ${n} content-creating requests, more than the hourly budget of ${this.options.limit}`,
      );
    while (this.remaining() < n) {
      const at = this.freeAt(n);
      if (this.options.mode === 'wait') {
        await this.sleep(Math.max(1, at - this.now()));
        continue;
      }
      throw new ForgeError(
        'rate-limited',
        `${what}: deferred — the hourly budget of ${this.options.limit} content-creating requests is spent (${this.used()} in the last hour); run again after ${new Date(at).toISOString()}`,
      );
    }
    this.reserved += n;
    let left = n;
    return {
      consume: () => {
        if (left > 0) {
          left -= 1;
          this.reserved -= 1;
        }
      },
      release: () => {
        this.reserved -= left;
        left = 0;
      },
    };
  }

  /** Records one content-creating request that was sent (on disk before the request goes out). */
  record(): void {
    this.writes.push(this.now());
    this.saveSync();
  }

  /** Persists the window (a failed write is ignored: the budget is advisory across runs). */
  async save(): Promise<void> {
    this.saveSync();
  }

  private saveSync(): void {
    if (!this.file) return;
    this.prune();
    const data: BudgetFile = { version: 1, writes: this.writes };
    try {
      writeAtomicSync(this.file, `${JSON.stringify(data)}\n`);
    } catch {
      // advisory
    }
  }
}
