/**
 * Pacing primitives: a limiter with the shape `@octokit/plugin-throttling` expects of its
 * Bottleneck groups (`group.key(id).schedule(options, fn, ...args)`), a mutex and a sleep.
 */

/** Options the throttling plugin passes with a job (retries go first and weigh nothing). */
export interface JobOptions {
  priority?: number;
  weight?: number;
  expiration?: number;
}

interface Job {
  priority: number;
  weight: number;
  start: () => void;
}

/** Starts jobs at most `maxConcurrent` at a time and at least `minTimeMs` apart (start to start). */
export class Pacer {
  private readonly queue: Job[] = [];
  private running = 0;
  private lastStart = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly maxConcurrent: number,
    private readonly minTimeMs: number,
  ) {}

  /** Schedules `fn(...args)`; resolves with its result once it ran. */
  schedule<T>(first: JobOptions | ((...args: unknown[]) => T | Promise<T>), ...rest: unknown[]): Promise<T> {
    let options: JobOptions = {};
    let fn: (...args: unknown[]) => T | Promise<T>;
    if (typeof first === 'function') fn = first;
    else {
      options = first ?? {};
      fn = rest.shift() as (...args: unknown[]) => T | Promise<T>;
    }
    return new Promise<T>((resolve, reject) => {
      const job: Job = {
        priority: options.priority ?? 5,
        weight: options.weight ?? 1,
        start: () => {
          this.running += job.weight;
          this.lastStart = Date.now();
          Promise.resolve()
            .then(() => fn(...rest))
            .then(resolve, reject)
            .finally(() => {
              this.running -= job.weight;
              this.pump();
            });
        },
      };
      let i = this.queue.length;
      while (i > 0 && (this.queue[i - 1]?.priority ?? 0) > job.priority) i--;
      this.queue.splice(i, 0, job);
      this.pump();
    });
  }

  private pump(): void {
    if (this.timer) return;
    while (this.queue.length > 0) {
      const job = this.queue[0]!;
      if (job.weight > 0 && this.running + job.weight > this.maxConcurrent) return;
      const wait = this.lastStart + this.minTimeMs - Date.now();
      if (wait > 0) {
        this.timer = setTimeout(() => {
          this.timer = null;
          this.pump();
        }, wait);
        return;
      }
      this.queue.shift();
      job.start();
    }
  }
}

/** A Bottleneck.Group look-alike: every key shares one pacer (one token, one user). */
export class PacerGroup {
  private readonly pacer: Pacer;

  constructor(maxConcurrent: number, minTimeMs: number) {
    this.pacer = new Pacer(maxConcurrent, minTimeMs);
  }

  /** The limiter for a key (the same for every key). */
  key(_id?: string): Pacer {
    return this.pacer;
  }
}

/** Runs functions one at a time, in call order. */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `fn` after every earlier call has settled. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  }
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/**
 * The forge's time: rate-limit and budget waits, the fork wait and deadlines read it. Tests
 * share a virtual clock with the emulator so that waiting costs no real time.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves once `ms` milliseconds of this clock have passed. */
  sleep(ms: number): Promise<void>;
}

/** The real clock. */
export const systemClock: Clock = { now: () => Date.now(), sleep };
