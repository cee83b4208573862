/**
 * What every package's vitest config shares. Tests do not wait on the wall clock (the GitHub
 * emulator and the forges run on an injected clock), so a timeout only guards against a hang:
 * `./run test` runs the packages' suites side by side, and CI's two cores at a load of 4 or
 * more make a test that takes 10 s on a quiet machine take a minute or more. Five minutes
 * fails a hang without failing a test that is only slow.
 */
export const HANG_GUARD_MS = 300_000;

/** The vitest `test` options every package uses. */
export const sharedTestOptions = {
  include: ['test/**/*.test.ts'],
  testTimeout: HANG_GUARD_MS,
  hookTimeout: HANG_GUARD_MS,
};
