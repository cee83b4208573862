/**
 * The emulator's time source. Every rate-limit window, retry-after, latency, fork delay and
 * timestamp the emulator produces reads {@link EmulatorClock}, so a test can drive time
 * instead of waiting for it.
 */

/** What the emulator needs of time: the current instant and a wait. */
export interface EmulatorClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves once `ms` milliseconds of this clock have passed. */
  sleep(ms: number): Promise<void>;
}

/** The real clock (`Date.now` and `setTimeout`): the default. */
export const systemClock: EmulatorClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

interface Sleeper {
  wakeAt: number;
  resolve: () => void;
}

/**
 * A clock that moves only when told: `advance(ms)` moves it and wakes the sleepers whose time
 * has come, in order. With `autoAdvance`, a sleep moves the clock itself to its wake-up time
 * (virtual time for code that waits on the clock, with no real waiting).
 */
export class ManualClock implements EmulatorClock {
  private current: number;
  private readonly sleepers: Sleeper[] = [];
  private readonly watchers: Array<{ count: number; resolve: () => void }> = [];
  private readonly autoAdvance: boolean;

  /** Starts at `start` ms since the epoch (default 2026-01-01T00:00:00Z). */
  constructor(options: { start?: number; autoAdvance?: boolean } = {}) {
    this.current = options.start ?? Date.UTC(2026, 0, 1);
    this.autoAdvance = options.autoAdvance ?? false;
  }

  /** The clock's time, ms since the epoch. */
  now(): number {
    return this.current;
  }

  /** Waits `ms` of this clock (until `advance` passes it, or at once with `autoAdvance`). */
  sleep(ms: number): Promise<void> {
    const wakeAt = this.current + Math.max(0, ms);
    if (this.autoAdvance) {
      this.current = Math.max(this.current, wakeAt);
      return Promise.resolve();
    }
    if (wakeAt <= this.current) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.sleepers.push({ wakeAt, resolve });
      this.sleepers.sort((a, b) => a.wakeAt - b.wakeAt);
      this.notify();
    });
  }

  /** Number of sleeps waiting on the clock. */
  get sleeping(): number {
    return this.sleepers.length;
  }

  /** Resolves once at least `count` sleeps wait on the clock (e.g. requests held by latency). */
  whenSleeping(count: number): Promise<void> {
    if (this.sleepers.length >= count) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.watchers.push({ count, resolve });
    });
  }

  /** Moves the clock forward by `ms`, waking due sleepers in wake-up order. */
  async advance(ms: number): Promise<void> {
    const target = this.current + Math.max(0, ms);
    while (this.sleepers.length > 0 && this.sleepers[0]!.wakeAt <= target) {
      const next = this.sleepers.shift()!;
      this.current = Math.max(this.current, next.wakeAt);
      next.resolve();
      // Let the woken code run up to its next wait before time moves on.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    this.current = target;
  }

  private notify(): void {
    for (let i = this.watchers.length - 1; i >= 0; i--) {
      const w = this.watchers[i]!;
      if (this.sleepers.length >= w.count) {
        this.watchers.splice(i, 1);
        w.resolve();
      }
    }
  }
}
