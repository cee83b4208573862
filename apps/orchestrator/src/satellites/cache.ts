/**
 * A forge that remembers what it read during one command: the same file, ref
 * or listing asked for again (the planner, the chain follower and drift all
 * read the same pointer files) costs nothing the second time. Writes
 * (`propose`, `closeChange`) forget everything known about their repository.
 */
import type {
  ChangeRequest,
  ChangeStatus,
  FileAtRef,
  Forge,
  ProposeInput,
  ProposeResult,
  TagRef,
} from '../forge/types.js';

/** Wraps a forge with a per-command read cache. */
export function cachedForge(inner: Forge): Forge {
  const memo = new Map<string, Promise<unknown>>();
  const key = (repo: string, ...parts: (string | undefined)[]) =>
    `${repo.toLowerCase()}\0${parts.map((p) => p ?? '').join('\0')}`;
  function once<T>(repo: string, parts: (string | undefined)[], fn: () => Promise<T>): Promise<T> {
    const k = key(repo, ...parts);
    let p = memo.get(k) as Promise<T> | undefined;
    if (!p) {
      p = fn();
      memo.set(k, p);
    }
    return p;
  }
  const forget = (repo: string) => {
    const prefix = `${repo.toLowerCase()}\0`;
    for (const k of [...memo.keys()]) if (k.startsWith(prefix)) memo.delete(k);
  };
  return {
    kind: inner.kind,
    webUrl: (repo: string, ref: string, path: string) => inner.webUrl(repo, ref, path),
    close: async () => {
      memo.clear();
      await inner.close?.();
    },
    defaultBranch: (repo: string) => once(repo, ['default'], () => inner.defaultBranch(repo)),
    resolveRef: (repo: string, ref: string) => once(repo, ['ref', ref], () => inner.resolveRef(repo, ref)),
    hasBranch: (repo: string, branch: string) => once(repo, ['branch', branch], () => inner.hasBranch(repo, branch)),
    listTags: (repo: string): Promise<TagRef[]> => once(repo, ['tags'], () => inner.listTags(repo)),
    readFile: (repo: string, path: string, ref?: string): Promise<FileAtRef | null> =>
      once(repo, ['file', ref, path], () => inner.readFile(repo, path, ref)),
    listFiles: (repo: string, ref?: string): Promise<string[]> =>
      once(repo, ['files', ref], () => inner.listFiles(repo, ref)),
    findChange: (repo: string, branch: string): Promise<ChangeRequest | null> =>
      once(repo, ['change', branch], () => inner.findChange(repo, branch)),
    changeStatus: (repo: string, branch: string): Promise<ChangeStatus | null> =>
      once(repo, ['change-status', branch], () => inner.changeStatus(repo, branch)),
    async propose(input: ProposeInput): Promise<ProposeResult> {
      try {
        return await inner.propose(input);
      } finally {
        forget(input.repo);
      }
    },
    async closeChange(repo: string, id: number, comment: string): Promise<void> {
      try {
        await inner.closeChange(repo, id, comment);
      } finally {
        forget(repo);
      }
    },
  };
}
