import { defineConfig } from 'vitest/config';

// The tests build the bundle and run it as a runner would: generous timeouts for a loaded machine.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
