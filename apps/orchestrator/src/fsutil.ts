/**
 * Small file helpers: atomic writes (of the state folder, and of a user's
 * file) that fsync the file and its folder before returning, JSON reads that
 * tolerate a missing or torn file, and the removal of temporary files a killed
 * run left behind.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { chmod, mkdir, open, readdir, readFile, realpath, rename, rm, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from './io.js';

/** Whether a process of this host is running (a process of another user counts). */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Makes a folder and its missing parents, one `mkdir` each, and returns the
 * first one made (as `mkdir -p` would), or undefined when it existed. Unlike
 * node's recursive mkdir it cannot loop: on a file system that refuses the
 * folder (`/proc/x`) the error surfaces (node's retries the parent forever).
 */
export async function makeFolder(path: string): Promise<string | undefined> {
  const missing: string[] = [];
  let at = resolve(path);
  for (;;) {
    try {
      if (!(await stat(at)).isDirectory()) throw Object.assign(new Error(`${at}: not a folder`), { code: 'ENOTDIR' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      missing.unshift(at);
      const up = dirname(at);
      if (up === at) break;
      at = up;
    }
  }
  for (const dir of missing) {
    await mkdir(dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
  return missing[0];
}

/** Errors of fsync on a folder that mean "not supported here" (some file systems, Windows), not a failed write. */
const DIR_SYNC_UNSUPPORTED = new Set(['EISDIR', 'EINVAL', 'EPERM', 'EACCES', 'ENOTSUP', 'EBADF']);

/** Flushes a folder's entries (a rename in it) to disk; a file system that cannot is left as it is. */
async function syncDir(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    if (!DIR_SYNC_UNSUPPORTED.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    await handle?.close();
  }
}

function syncDirSync(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch (error) {
    if (!DIR_SYNC_UNSUPPORTED.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Writes `data` to a new file (`wx`, optionally with `mode`) and fsyncs it before closing. */
async function writeSynced(path: string, data: string, mode?: number): Promise<void> {
  const handle = await open(path, 'wx', mode);
  try {
    await handle.writeFile(data, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The temporary name of an atomic write to `path` in the state folder (`PATH.PID.UUID.tmp`). */
function stateTemp(path: string): string {
  return `${path}.${process.pid}.${randomUUID()}.tmp`;
}

/** Writes `data` to `path` through a temporary file, an fsync and a rename (the folder fsynced too), so readers never see half a file and a crash loses no acknowledged write. */
export async function writeAtomic(path: string, data: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = stateTemp(path);
  try {
    await writeSynced(tmp, data);
    await rename(tmp, path);
    await syncDir(dirname(path));
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

/** Parsed JSON of a file, or undefined when it is missing or unreadable. */
export async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** `writeAtomic`, synchronously: the file is whole on disk when this returns. */
export function writeAtomicSync(path: string, data: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = stateTemp(path);
  try {
    const fd = openSync(tmp, 'wx');
    try {
      writeSync(fd, data, null, 'utf8');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
    syncDirSync(dirname(path));
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

/** The temporary-file name pattern of `writeFileAtomic` for a file called `name` (the writer's pid in group 1). */
function userTempPattern(name: string): RegExp {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^\\.${escaped}\\.tmsync-(\\d+)-[0-9a-f]{8}\\.tmp$`);
}

/** Removes temporary files of earlier writes to `path` whose writer is no longer running (a run killed mid-write). */
async function removeDeadTemps(path: string): Promise<void> {
  const pattern = userTempPattern(basename(path));
  const names = await readdir(dirname(path)).catch(() => [] as string[]);
  for (const name of names) {
    const pid = Number(pattern.exec(name)?.[1]);
    if (pid && pid !== process.pid && !pidAlive(pid)) await rm(join(dirname(path), name), { force: true });
  }
}

/** Writes a file atomically: a temporary file in the same folder, fsynced, then a rename over the target (keeping its mode, following a symbolic link) and an fsync of the folder. */
export async function writeFileAtomic(target: string, content: string): Promise<void> {
  // Write through a symbolic link to the file it names, so the link stays a link.
  const path = await realpath(target).catch(() => target);
  const temp = join(dirname(path), `.${basename(path)}.tmsync-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  let mode: number | undefined;
  try {
    mode = (await stat(path)).mode & 0o7777;
  } catch {
    mode = undefined;
  }
  try {
    await removeDeadTemps(path);
    await writeSynced(temp, content, mode);
    if (mode !== undefined) await chmod(temp, mode);
    await rename(temp, path);
    await syncDir(dirname(path));
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      `${target}: cannot write (${code ?? (error instanceof Error ? error.message : String(error))})`,
    );
  }
}

/**
 * State-folder temporary files and the pid of the run that made them: `writeAtomic`'s
 * `NAME.PID.UUID.tmp`, the local forge's blob files `tmp/blob-PID-UUID-N`
 * (forge/local/write-tree.ts) and the temporary indexes of earlier versions
 * (`tmp/index-PID-UUID`, and its `.lock`).
 */
const STATE_TEMPS = [
  /\.(\d+)\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.tmp$/,
  /^blob-(\d+)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-\d+$/,
  /^index-(\d+)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?:\.lock)?$/,
];

/**
 * Removes the temporary files killed runs left in a state folder (atomic-write
 * temporaries, the local forge's `tmp/index-*`): those whose run's pid is not
 * alive on this host. Called by the holder of the state folder's lock; returns
 * the paths removed.
 */
export async function removeStaleTemps(stateDir: string): Promise<string[]> {
  const removed: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (depth < 6) await walk(path, depth + 1);
        continue;
      }
      for (const pattern of STATE_TEMPS) {
        const pid = Number(pattern.exec(entry.name)?.[1]);
        if (pid && pid !== process.pid && !pidAlive(pid)) {
          await rm(path, { force: true });
          removed.push(path);
          break;
        }
      }
    }
  };
  await walk(stateDir, 0);
  return removed;
}
