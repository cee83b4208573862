import { defineConfig } from 'vitest/config';

// turbo runs the packages' suites side by side on a small machine: generous
// timeouts keep a loaded CI from failing tests that are only slow, not wrong.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
