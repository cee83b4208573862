/**
 * Progress of long campaign runs, one step per repository (each family's
 * parent, each satellite): a cli-progress bar when stderr is a terminal and
 * CI is not set, one plain line per repository on stderr otherwise.
 */
import { SingleBar } from 'cli-progress';
import type { Io } from '../io.js';

/** A progress reporter, told when each repository is done. */
export interface ProgressSink {
  /** `repo` of family `family` is done (`role`: the family's parent, or a satellite). */
  repository(family: string, repo: string, role: 'parent' | 'satellite'): void;
  stop(): void;
}

/** A progress sink for `total` repositories; `what` names the run (`report`, `campaign plan`). */
export function progressFor(io: Io, what: string, total: number): ProgressSink {
  const stream = io.progressStream;
  if (stream && !io.env.CI) {
    const bar = new SingleBar({
      stream,
      format: `${what} [{bar}] {value}/{total} repositories · {repo}`,
      hideCursor: true,
      clearOnComplete: true,
    });
    bar.start(total, 0, { repo: '' });
    return {
      repository(family, repo) {
        bar.increment(1, { repo: `${repo} (${family})` });
      },
      stop() {
        bar.stop();
      },
    };
  }
  let count = 0;
  return {
    repository(family, repo, role) {
      count += 1;
      io.stderr(
        `${what}: ${repo} done (${count}/${total} repositories; ${role === 'parent' ? 'parent of' : 'family'} ${family})\n`,
      );
    },
    stop() {},
  };
}

/** Number of repositories of a campaign (each parent and satellite). */
export function repositoryCount(campaign: { families: readonly { satellites: readonly unknown[] }[] }): number {
  return campaign.families.reduce((n, f) => n + 1 + f.satellites.length, 0);
}
