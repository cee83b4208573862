/** The `github` forge: GitHub's REST API behind the `Forge` interface. */
export { GitHubForge, hasToolTrailer, stripMarkers } from './forge.js';
export type { GitHubForgeOptions } from './forge.js';
export { resolveGitHubToken, ghHostOf } from './token.js';
export type { ResolvedToken, TokenOptions } from './token.js';
export { blobSha } from './objects.js';
export { isImmutableUrl } from './cache.js';
export type { ClientStats } from './client.js';
export type { JournalEntry, JournalStep } from './journal.js';
