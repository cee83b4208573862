import type { TmsyncConfig } from '@tmsync/rubric';
import { lintText } from '@tmsync/rubric';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { VFile } from 'vfile';

/** A document to lint: the name messages use, and its text. */
export interface LintJob {
  path: string;
  text: string;
}

/** A vfile message as it crosses a thread boundary. */
export interface WireMessage {
  reason: string;
  ruleId: string | undefined;
  source: string | undefined;
  fatal: boolean | null | undefined;
  place: unknown;
  url: string | undefined;
  note: string | undefined;
}

/** Lints jobs in this thread and returns their messages in wire form. */
export function lintJobs(jobs: readonly LintJob[], config: TmsyncConfig | undefined): WireMessage[][] {
  return jobs.map((job) =>
    lintText(job.text, job.path, config).messages.map((m) => ({
      reason: m.reason,
      ruleId: m.ruleId,
      source: m.source,
      fatal: m.fatal,
      place: m.place,
      url: m.url,
      note: m.note,
    })),
  );
}

/** Rebuilds a VFile with its messages from the wire form. */
function toVFile(job: LintJob, messages: readonly WireMessage[]): VFile {
  const file = new VFile({ path: job.path, value: job.text });
  for (const w of messages) {
    const m = file.message(w.reason, { place: w.place as never, ruleId: w.ruleId, source: w.source });
    m.fatal = w.fatal;
    if (w.url !== undefined) m.url = w.url;
    if (w.note !== undefined) m.note = w.note;
  }
  return file;
}

/** Splits jobs into `n` groups of about equal size in bytes (largest first, into the lightest group). */
function partition(jobs: readonly LintJob[], n: number): number[][] {
  const groups = Array.from({ length: n }, () => ({ size: 0, indexes: [] as number[] }));
  const order = jobs.map((j, i) => i).sort((a, b) => (jobs[b]?.text.length ?? 0) - (jobs[a]?.text.length ?? 0));
  for (const i of order) {
    const lightest = groups.reduce((a, b) => (b.size < a.size ? b : a));
    lightest.indexes.push(i);
    lightest.size += jobs[i]?.text.length ?? 0;
  }
  return groups.map((g) => g.indexes.sort((a, b) => a - b)).filter((g) => g.length > 0);
}

/**
 * Lints many documents, using worker threads when there are several cores and
 * enough work: this thread takes one share, each worker another. Results come
 * back in the order of the jobs, as VFiles the reporters take.
 */
export async function lintMany(jobs: readonly LintJob[], config: TmsyncConfig | undefined): Promise<VFile[]> {
  const bytes = jobs.reduce((n, j) => n + j.text.length, 0);
  const threads = Math.min(availableParallelism(), jobs.length, 4);
  if (threads < 2 || bytes < 200_000) return lintJobs(jobs, config).map((m, i) => toVFile(jobs[i] as LintJob, m));
  const groups = partition(jobs, threads);
  const [own, ...others] = groups;
  const results: WireMessage[][] = new Array(jobs.length);
  const workers = others.map(
    (indexes) =>
      new Promise<void>((resolve, reject) => {
        const worker = new Worker(new URL('./lint-worker.js', import.meta.url), {
          workerData: { jobs: indexes.map((i) => jobs[i]), config },
        });
        worker.once('message', (messages: WireMessage[][]) => {
          indexes.forEach((i, k) => {
            results[i] = messages[k] ?? [];
          });
          resolve();
        });
        worker.once('error', reject);
        worker.once('exit', (code) => {
          if (code !== 0) reject(new Error(`a lint worker stopped with exit code ${code}`));
        });
      }),
  );
  const ownResults = lintJobs((own ?? []).map((i) => jobs[i] as LintJob), config);
  (own ?? []).forEach((i, k) => {
    results[i] = ownResults[k] ?? [];
  });
  await Promise.all(workers);
  return jobs.map((job, i) => toVFile(job, results[i] ?? []));
}
