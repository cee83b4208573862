/**
 * The `local` forge: git repositories on disk (`root/owner/name`, a clone with
 * a work tree or a bare repository). Reads go through object ids only, over one
 * `git cat-file --batch` per repository; writes go through plumbing (blobs by
 * `hash-object`, trees by `mktree`, `commit-tree`, compare-and-swap
 * `update-ref`), so the user's work tree, index and checked-out branch are
 * never touched. Change requests are recorded as JSON next to a
 * `git format-patch` file a human can mail or `git am`.
 */
export { LocalForge } from './local/forge.js';
export type { LocalForgeOptions } from './local/base.js';
export type { ChangesFile, StoredChange } from './local/records.js';

/** Most symlinks followed while reading one path. */
export { MAX_SYMLINK_HOPS } from './paths.js';
