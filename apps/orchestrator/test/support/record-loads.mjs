// Loaded with `node --import` by test/lint-loads.test.ts: records the URL of
// every module the process loads into the file $TMSYNC_RECORD_LOADS.
import { register } from 'node:module';

register(
  `data:text/javascript,${encodeURIComponent(`
import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  appendFileSync(${JSON.stringify(process.env.TMSYNC_RECORD_LOADS)}, url + '\\n');
  return next(url, context);
}`)}`,
);
