/** Pacing primitives: a mutex, a sleep and the forge's clock. */

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
