import { randomBytes } from 'node:crypto';
import { chmod, realpath, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../io.js';

/** Writes a file atomically: a temporary file in the same folder, then a rename over the target (keeping its mode, following a symbolic link). */
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
    await writeFile(temp, content, { encoding: 'utf8', flag: 'wx' });
    if (mode !== undefined) await chmod(temp, mode);
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      `${target}: cannot write (${code ?? (error instanceof Error ? error.message : String(error))})`,
    );
  }
}
