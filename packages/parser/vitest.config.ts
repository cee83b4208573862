import { defineConfig } from 'vitest/config';
import { sharedTestOptions } from '../../vitest.shared.js';

// Timeouts are hang guards only (see vitest.shared.ts).
export default defineConfig({ test: sharedTestOptions });
