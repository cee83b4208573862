export { startGitHubEmulator, ROUTES, OPERATIONS, type GitHubEmulator } from './emulator.js';
export type {
  EmulatorOptions,
  EmulatorUser,
  EmulatorStats,
  RequestLogEntry,
  FaultKind,
  FaultConfig,
  FaultFunction,
  FaultRequestInfo,
  LimitsConfig,
  FileSpec,
  CreateRepoOptions,
  CommitAsOptions,
  RepoSummary,
  PullSummary,
} from './types.js';
export { DEFAULT_LIMITS } from './limits.js';
export { MERGE_METHODS, type MergeMethod } from './merge.js';
export { BareRepo, runGit, GitError } from './git.js';
export { ManualClock, systemClock, type EmulatorClock } from './clock.js';
export { locateCorpus, corpusCandidates, corpusFiles } from './corpus.js';
