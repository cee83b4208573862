/**
 * The programmatic entry of tmsync: run any command in-process with your own
 * streams (`main(['lint', 'THREAT_MODEL.md'], io)` resolves to the exit code),
 * and the forge interface the commands work through, with its two forges.
 */
export { main, runCli } from './cli.js';
export type { Io } from './io.js';
export { EXIT, UsageError } from './io.js';
export type {
  ChangeRequest,
  FileAtRef,
  FileChange,
  Forge,
  ForgeErrorCode,
  ProposeInput,
  ProposeOutcome,
  ProposeResult,
  TagRef,
} from './forge/types.js';
export { ForgeError } from './forge/types.js';
export type { LocalForgeOptions } from './forge/local.js';
export { LocalForge } from './forge/local.js';
export type { GitHubForgeOptions } from './forge/github/index.js';
export { GitHubForge } from './forge/github/index.js';
