/**
 * Progress of long campaign runs: a cli-progress bar counting repositories
 * when stderr is a terminal and CI is not set, plain lines on stderr otherwise.
 */
import type { Campaign } from '@tmsync/core';
import { SingleBar } from 'cli-progress';
import type { Io } from '../io.js';
import type { ProgressSink } from './gather.js';

/** A progress sink for `total` repositories; `what` names the run (`report`, `campaign plan`). */
export function progressFor(io: Io, what: string, total: number): ProgressSink {
  const stream = io.progressStream;
  if (stream && !io.env.CI) {
    const bar = new SingleBar({
      stream,
      format: `${what} [{bar}] {value}/{total} repositories · {family}`,
      hideCursor: true,
      clearOnComplete: true,
    });
    bar.start(total, 0, { family: '' });
    return {
      done(family, repositories) {
        bar.increment(repositories, { family });
      },
      stop() {
        bar.stop();
      },
    };
  }
  let count = 0;
  return {
    done(family, repositories) {
      count += repositories;
      io.stderr(`${what}: family ${family} done (${count}/${total} repositories)\n`);
    },
    stop() {},
  };
}

/** Runs `fn` on the campaign narrowed to each family in turn (as `--family` does), reporting progress; results concatenated. */
export async function perFamily<R>(
  campaign: Campaign,
  progress: ProgressSink,
  fn: (narrowed: Campaign) => Promise<R[]>,
): Promise<R[]> {
  const out: R[] = [];
  for (const family of campaign.families) {
    out.push(...(await fn({ ...campaign, families: [family] })));
    progress.done(family.name, 1 + family.satellites.length);
  }
  progress.stop();
  return out;
}

/** Number of repositories of a campaign (each parent and satellite). */
export function repositoryCount(campaign: { families: readonly { satellites: readonly unknown[] }[] }): number {
  return campaign.families.reduce((n, f) => n + 1 + f.satellites.length, 0);
}
