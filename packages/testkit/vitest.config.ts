import { defineConfig } from 'vitest/config';
import { sharedTestOptions } from '../../vitest.shared.js';

// The suites mostly wait on git processes and loopback sockets (time itself is a ManualClock):
// running the files side by side keeps the whole run short. The timeouts only catch hangs
// (see vitest.shared.ts); a machine loaded many times over makes the git-heavy cases slow, never wrong.
export default defineConfig({ test: { ...sharedTestOptions, maxWorkers: 2 } });
