/**
 * One run at a time per campaign state folder: `STATE/lock`, made with an
 * exclusive hard link of a complete file (so it never appears half written),
 * holding the holder's pid, host and start time. A second run waits a bounded
 * time, then stops with exit 2 naming the holder; a lock whose pid is dead on
 * this host (a killed run) is taken over.
 *
 * Why not proper-lockfile: it judges staleness by the lock's age (a timer
 * refreshes it), records no holder to name, and a killed run's lock blocks for
 * its whole stale period; a pid check on this host is exact and immediate.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { link, readFile, rename, rm, rmdir, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { makeFolder, pidAlive } from '../fsutil.js';
import { UsageError } from '../io.js';

/** What the lock file records. */
export interface LockHolder {
  pid: number;
  host: string;
  /** ISO time the run took the lock. */
  startedAt: string;
  /** The command that holds it (`campaign apply`). */
  command: string;
  /** Unique per acquisition: a release or a takeover touches only the lock it read. */
  token: string;
}

/** A held lock. */
export interface StateLock {
  /** The lock file. */
  path: string;
  holder: LockHolder;
  /** Removes the lock (only when it is still this run's). */
  release(): Promise<void>;
}

/** How long and how often to wait for another run. */
export interface LockOptions {
  /** The command taking the lock, recorded for the message a waiting run prints. */
  command: string;
  /** Longest wait for the holder to finish, in milliseconds (default 5000). */
  waitMs?: number;
  /** Interval between attempts, in milliseconds (default 100). */
  pollMs?: number;
}

/** The default wait, and the environment variable that changes it (milliseconds). */
export const LOCK_WAIT_DEFAULT_MS = 5000;
export const LOCK_WAIT_ENV = 'TMSYNC_LOCK_WAIT_MS';

/** The wait for a lock from the environment (`TMSYNC_LOCK_WAIT_MS`), or the default; a bad value is a UsageError. */
export function lockWaitFromEnv(env: NodeJS.ProcessEnv): number {
  const raw = env[LOCK_WAIT_ENV];
  if (raw === undefined || raw === '') return LOCK_WAIT_DEFAULT_MS;
  if (!/^\d{1,7}$/.test(raw))
    throw new UsageError(`${LOCK_WAIT_ENV} must be a whole number of milliseconds (got "${raw}")`);
  return Number(raw);
}

async function readHolder(path: string): Promise<LockHolder | 'missing' | 'unreadable'> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unreadable';
  }
  try {
    const h = JSON.parse(text) as Partial<LockHolder>;
    if (typeof h.pid === 'number' && typeof h.host === 'string' && typeof h.token === 'string')
      return {
        pid: h.pid,
        host: h.host,
        token: h.token,
        startedAt: String(h.startedAt ?? '?'),
        command: String(h.command ?? '?'),
      };
  } catch {
    // A lock is linked whole, so this is not a run mid-write: treat it as left over.
  }
  return 'unreadable';
}

/** Whether the holder is a run that no longer exists (a dead pid on this host); a lock of another host is never judged stale. */
function isStale(holder: LockHolder): boolean {
  return holder.host === hostname() && !pidAlive(holder.pid);
}

/** Takes a stale lock away (rename, then checks it was the one read; puts back a live one taken by mistake). */
async function takeOver(path: string, seen: LockHolder | 'unreadable'): Promise<void> {
  const aside = `${path}.stale-${randomUUID()}`;
  try {
    await rename(path, aside);
  } catch {
    return; // Another run took it over first.
  }
  const moved = await readHolder(aside);
  const same =
    seen === 'unreadable'
      ? moved === 'unreadable'
      : moved !== 'missing' && moved !== 'unreadable' && moved.token === seen.token;
  if (!same) await link(aside, path).catch(() => undefined);
  await rm(aside, { force: true });
}

/** The one line naming who holds the lock. */
function heldMessage(stateDir: string, path: string, holder: LockHolder, waitedMs: number): string {
  return `${stateDir} is in use by another tmsync run (${holder.command}, pid ${holder.pid} on ${holder.host}, started ${holder.startedAt}); waited ${(waitedMs / 1000).toFixed(1)} s. Run again when it is done; if that run is gone (another host, a reused pid), remove ${path}`;
}

/** Removes `dir` and its parents up to `top` while they are empty (a run that failed early leaves no folder behind). */
async function removeEmptyUpTo(dir: string, top: string): Promise<void> {
  let at = dir;
  for (;;) {
    try {
      await rmdir(at);
    } catch {
      return;
    }
    if (at === top) return;
    const up = dirname(at);
    if (up === at) return;
    at = up;
  }
}

/** Takes the lock of a state folder (made if missing), waiting up to `waitMs` for another run; throws a UsageError naming the holder. */
export async function lockStateDir(stateDir: string, options: LockOptions): Promise<StateLock> {
  const waitMs = options.waitMs ?? LOCK_WAIT_DEFAULT_MS;
  const pollMs = options.pollMs ?? 100;
  // The first folder made for the lock, removed again on release when the run left it empty.
  const made = await makeFolder(stateDir).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`${stateDir}: cannot make the state folder (${error.code ?? error.message})`);
  });
  const path = join(stateDir, 'lock');
  const holder: LockHolder = {
    pid: process.pid,
    host: hostname(),
    startedAt: new Date().toISOString(),
    command: options.command,
    token: randomUUID(),
  };
  const draft = `${path}.${process.pid}.${holder.token}.tmp`;
  await writeFile(draft, `${JSON.stringify(holder)}\n`, { flag: 'wx' });
  const started = Date.now();
  try {
    for (;;) {
      try {
        await link(draft, path);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const seen = await readHolder(path);
      if (seen === 'missing') continue;
      if (seen === 'unreadable' || isStale(seen)) {
        await takeOver(path, seen);
        continue;
      }
      const waited = Date.now() - started;
      if (waited >= waitMs) throw new UsageError(heldMessage(stateDir, path, seen, waited));
      await sleep(Math.min(pollMs, Math.max(1, waitMs - waited)));
    }
  } finally {
    await unlink(draft).catch(() => undefined);
  }
  return {
    path,
    holder,
    async release() {
      const now = await readHolder(path);
      if (now !== 'missing' && now !== 'unreadable' && now.token === holder.token)
        await unlink(path).catch(() => undefined);
      if (made !== undefined) await removeEmptyUpTo(stateDir, made);
    },
  };
}
