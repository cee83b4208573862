import { defineConfig } from 'vitest/config';

// The suites mostly wait on git processes and loopback sockets (time itself is a ManualClock):
// running the files side by side keeps the whole run short. The timeouts only catch hangs;
// a machine loaded many times over makes the git-heavy cases slow, never wrong.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
