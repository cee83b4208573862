import { defineConfig } from 'vitest/config';
import { sharedTestOptions } from '../vitest.shared.js';

// The tests build the bundle and run it as a runner would; the timeouts are hang guards only (see vitest.shared.ts).
export default defineConfig({ test: sharedTestOptions });
