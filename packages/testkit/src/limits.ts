import type {
  FaultConfig,
  FaultFunction,
  FaultKind,
  FaultRequestInfo,
  LimitsConfig,
  RequestLogEntry,
} from './types.js';
import { hashUnit } from './util.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;

export type SecondaryRule = NonNullable<RequestLogEntry['secondaryRule']>;

interface UserLimitState {
  windowStart: number;
  used: number;
  inflight: number;
  /** Accepted content-creating requests (timestamps, ascending). */
  writes: number[];
  /** Accepted requests' points: [timestamp, points]. */
  points: Array<[number, number]>;
  lastWrite: number;
  blockedUntil: number;
}

export interface PrimaryInfo {
  limit: number;
  remaining: number;
  used: number;
  /** Epoch seconds. */
  reset: number;
}

export interface SecondaryHit {
  rule: SecondaryRule;
  /** Real milliseconds until the client may retry. */
  retryAfterMs: number;
}

export const DEFAULT_LIMITS: Required<LimitsConfig> = {
  primaryPerHour: 5000,
  maxConcurrent: 100,
  writesPerMinute: 80,
  writesPerHour: 500,
  pointsPerMinute: 900,
  minWriteSpacingMs: 0,
  secondaryStatus: 403,
  primaryStatus: 403,
  retryAfterUnit: 'wall',
};

/**
 * GitHub's primary limit (per user, fixed hourly window) and the documented secondary
 * limits (concurrency, content-creating requests per minute and per hour, points per minute,
 * plus an optional minimum spacing between writes). Every window is multiplied by `timeScale`.
 */
export class RateLimiter {
  readonly cfg: Required<LimitsConfig>;
  private readonly users = new Map<string, UserLimitState>();

  constructor(
    cfg: LimitsConfig | undefined,
    readonly timeScale: number,
  ) {
    this.cfg = { ...DEFAULT_LIMITS, ...cfg };
  }

  get minute(): number {
    return MINUTE * this.timeScale;
  }

  get hour(): number {
    return HOUR * this.timeScale;
  }

  private state(login: string, now: number): UserLimitState {
    let s = this.users.get(login);
    if (!s) {
      s = { windowStart: now, used: 0, inflight: 0, writes: [], points: [], lastWrite: -Infinity, blockedUntil: 0 };
      this.users.set(login, s);
    }
    if (now >= s.windowStart + this.hour) {
      s.windowStart = now;
      s.used = 0;
    }
    return s;
  }

  reset(): void {
    this.users.clear();
  }

  primary(login: string, now: number): PrimaryInfo {
    const s = this.state(login, now);
    return {
      limit: this.cfg.primaryPerHour,
      used: s.used,
      remaining: Math.max(0, this.cfg.primaryPerHour - s.used),
      reset: Math.ceil((s.windowStart + this.hour) / 1000),
    };
  }

  primaryExhausted(login: string, now: number): boolean {
    return this.state(login, now).used >= this.cfg.primaryPerHour;
  }

  countPrimary(login: string, now: number): void {
    this.state(login, now).used++;
  }

  enter(login: string, now: number): number {
    const s = this.state(login, now);
    return ++s.inflight;
  }

  leave(login: string): void {
    const s = this.users.get(login);
    if (s) s.inflight = Math.max(0, s.inflight - 1);
  }

  /** Check the secondary limits for a request that is about to be served. */
  checkSecondary(login: string, write: boolean, inflight: number, now: number): SecondaryHit | null {
    const s = this.state(login, now);
    const hit = this.findHit(s, write, inflight, now);
    if (hit) s.blockedUntil = Math.max(s.blockedUntil, now + hit.retryAfterMs);
    return hit;
  }

  private findHit(s: UserLimitState, write: boolean, inflight: number, now: number): SecondaryHit | null {
    const c = this.cfg;
    if (s.blockedUntil > now) return { rule: 'penalty', retryAfterMs: s.blockedUntil - now };
    if (inflight > c.maxConcurrent) return { rule: 'concurrency', retryAfterMs: Math.max(1, 1000 * this.timeScale) };
    while (s.writes.length && s.writes[0]! <= now - this.hour) s.writes.shift();
    while (s.points.length && s.points[0]![0] <= now - this.minute) s.points.shift();
    const cost = write ? 5 : 1;
    const pts = s.points.reduce((a, [, p]) => a + p, 0);
    if (pts + cost > c.pointsPerMinute) {
      let acc = pts;
      let until = now;
      for (const [t, p] of s.points) {
        acc -= p;
        until = t + this.minute;
        if (acc + cost <= c.pointsPerMinute) break;
      }
      return { rule: 'points-per-minute', retryAfterMs: Math.max(1, until - now) };
    }
    if (!write) return null;
    if (s.writes.length >= c.writesPerHour) {
      const t = s.writes[s.writes.length - c.writesPerHour]!;
      return { rule: 'writes-per-hour', retryAfterMs: Math.max(1, t + this.hour - now) };
    }
    const lastMinute = s.writes.filter((t) => t > now - this.minute);
    if (lastMinute.length >= c.writesPerMinute) {
      const t = lastMinute[lastMinute.length - c.writesPerMinute]!;
      return { rule: 'writes-per-minute', retryAfterMs: Math.max(1, t + this.minute - now) };
    }
    const spacing = c.minWriteSpacingMs * this.timeScale;
    if (spacing > 0 && now - s.lastWrite < spacing) {
      return { rule: 'spacing', retryAfterMs: Math.max(1, s.lastWrite + spacing - now) };
    }
    return null;
  }

  /** Record an accepted request (points, and the write windows for writes). */
  accept(login: string, write: boolean, now: number): void {
    const s = this.state(login, now);
    s.points.push([now, write ? 5 : 1]);
    if (write) {
      s.writes.push(now);
      s.lastWrite = now;
    }
  }

  /** Value of the `retry-after` header for a wait of `ms` real milliseconds. */
  retryAfterHeader(ms: number): string {
    if (this.cfg.retryAfterUnit === 'github') return String(Math.max(1, Math.ceil(ms / this.timeScale / 1000)));
    return String(Math.max(1, Math.ceil(ms / 1000)));
  }
}

/** Deterministic fault choice: a hash of (seed, method, path, occurrence), not of arrival order. */
export class FaultInjector {
  private readonly occurrences = new Map<string, number>();

  constructor(private faults: FaultConfig | FaultFunction | undefined) {}

  set(faults: FaultConfig | FaultFunction | undefined): void {
    this.faults = faults;
    this.occurrences.clear();
  }

  get config(): FaultConfig | undefined {
    return typeof this.faults === 'object' ? this.faults : undefined;
  }

  nextOccurrence(method: string, path: string): number {
    const key = `${method} ${path}`;
    const n = this.occurrences.get(key) ?? 0;
    this.occurrences.set(key, n + 1);
    return n;
  }

  decide(info: FaultRequestInfo): FaultKind | null {
    const f = this.faults;
    if (!f) return null;
    if (typeof f === 'function') return f(info) ?? null;
    if (!f.kinds.length || f.rate <= 0) return null;
    if (f.match && !f.match(info)) return null;
    const seed = f.seed ?? 1;
    const key = `${info.method} ${info.path} #${info.occurrence}`;
    if (hashUnit(seed, key) >= f.rate) return null;
    const pick = Math.floor(hashUnit(seed, `${key} kind`) * f.kinds.length);
    return f.kinds[Math.min(pick, f.kinds.length - 1)]!;
  }
}
