import type { Command } from '../io.js';
import { answer } from './answer.js';
import { diff } from './diff.js';
import { lint } from './lint.js';
import { history } from './history.js';
import { init } from './init.js';
import { show } from './show.js';
import { stats } from './stats.js';
import { pointers } from './pointers.js';
import { chain } from './chain.js';
import { drift } from './drift.js';
import { pin } from './pin.js';
import { campaign } from './campaign.js';

/** Every command of the CLI, in the order `tmsync --help` lists them. */
export function commands(): Command[] {
  return [lint, stats, answer, diff, show, history, init, pointers, chain, drift, pin, campaign];
}
