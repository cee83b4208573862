import { isIsoDate } from '@tmsync/upkeep';

/** Today's date (UTC, YYYY-MM-DD); `TMSYNC_TODAY` or `SOURCE_DATE_EPOCH` in the environment pin it (reproducible runs and tests). */
export function today(env: NodeJS.ProcessEnv): string {
  const pinned = env.TMSYNC_TODAY;
  if (pinned && isIsoDate(pinned)) return pinned;
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000).toISOString().slice(0, 10);
  return new Date().toISOString().slice(0, 10);
}
