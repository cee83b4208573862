import type { Command } from '../io.js';
import { stats } from './stats.js';

/** Every command of the CLI, in the order `tmsync --help` lists them. */
export function commands(): Command[] {
  return [stats];
}
