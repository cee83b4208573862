import { defineConfig } from 'vitest/config';

// The suites mostly wait on git processes, loopback sockets and scaled rate-limit windows:
// running the files side by side (even beyond the core count) keeps the whole run short.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
