export { semanticDiff, diffJson, wordDiff, claimKey } from './diff.js';
export type { DiffSide, SemanticDiff, SectionChange, WordChange, ClaimRef, Retag } from './diff.js';
export { diffText, diffMarkdown, wordHunks } from './render.js';
