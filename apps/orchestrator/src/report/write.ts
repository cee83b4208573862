/**
 * Writing a report site: every file goes to a fresh folder beside the target,
 * which then replaces the target in one rename, so a failed run leaves the
 * previous report (or nothing) and never half a site. A target folder that is
 * not an earlier tmsync report is refused, never overwritten.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Site } from '@tmsync/report';
import { makeFolder } from '../fsutil.js';
import { UsageError } from '../io.js';

/** The file that marks a folder as a tmsync report (so a rerun may replace it). */
export const REPORT_MARKER = '.tmsync-report';

async function isReplaceable(dir: string, label: string): Promise<boolean> {
  let info;
  try {
    info = await stat(dir);
  } catch {
    return false;
  }
  if (!info.isDirectory()) throw new UsageError(`${label}: exists and is not a folder; choose another --out`);
  const names = await readdir(dir);
  if (names.length === 0) return true;
  if (names.includes(REPORT_MARKER)) return true;
  throw new UsageError(`${label}: the folder is not empty and holds no tmsync report; choose another --out`);
}

/** Writes the site to `dir` (replacing an earlier report there); `label` names it in messages. */
export async function writeSite(site: Site, dir: string, label: string): Promise<void> {
  const existing = await isReplaceable(dir, label);
  const temp = join(dirname(dir), `.${basename(dir)}.tmsync-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await makeFolder(dirname(dir));
    for (const [path, content] of site) {
      const target = join(temp, path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, content, 'utf8');
    }
    await writeFile(join(temp, REPORT_MARKER), 'Written by tmsync report; a rerun replaces this folder.\n');
    if (existing) await rm(dir, { recursive: true, force: true });
    await rename(temp, dir);
  } catch (error) {
    await rm(temp, { recursive: true, force: true }).catch(() => undefined);
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR' || code === 'EEXIST')
      throw new UsageError(`${label}: a file stands in its path; choose another --out`);
    throw new UsageError(`${label}: cannot write the report (${code ?? String(error)})`);
  }
}
