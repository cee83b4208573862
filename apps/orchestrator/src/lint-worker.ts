// A worker thread of `tmsync lint`: lints the documents it is given and posts their messages back.
import type { TmsyncConfig } from '@tmsync/rubric';
import { parentPort, workerData } from 'node:worker_threads';
import type { LintJob } from './lint-pool.js';
import { lintJobs } from './lint-pool.js';

const data = workerData as { jobs: LintJob[]; config: TmsyncConfig | undefined };
parentPort?.postMessage(lintJobs(data.jobs, data.config));
