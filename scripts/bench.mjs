// Benchmarks (`corepack pnpm bench`). Timing lives here, never in tests.
//
// 1. parse+lint of the whole corpus in one process, against a bare
//    unified().use(remarkParse).use(remarkGfm).parse of the same files.
//    Target: ≤ 1.5× the bare parse.
// 2. one `tmsync lint` CLI run over the whole corpus (process start included),
//    against the same bare parse in one process. Target: ≤ 1.0×.
// 3. the GitHub forge against the emulator (scripts/bench-github.mjs), when built.
//
// Each figure is the median of several runs after a warm-up. Results go to
// bench-results/latest.json as well as to the terminal.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const requireFromParser = createRequire(join(root, 'packages/parser/package.json'));
const importFrom = (name) => import(pathToFileURL(requireFromParser.resolve(name)).href);
const { unified } = await importFrom('unified');
const remarkParse = (await importFrom('remark-parse')).default;
const remarkGfm = (await importFrom('remark-gfm')).default;
const { lintText } = await import(pathToFileURL(join(root, 'packages/rubric/dist/index.js')).href);

const corpusDir = [
  process.env.TMSYNC_SHARED && join(process.env.TMSYNC_SHARED, 'corpus'),
  join(root, '../shared/corpus'),
].find((d) => d && existsSync(d));
if (!corpusDir) {
  console.error('bench: ../shared/corpus not found beside the repository; the benchmarks need the real corpus.');
  process.exit(2);
}
const names = readdirSync(corpusDir)
  .filter((f) => f.endsWith('.md') && f !== 'README.md')
  .sort();
const paths = names.map((n) => join(corpusDir, n));
const texts = paths.map((p) => readFileSync(p, 'utf8'));
const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function time(fn, runs = RUNS) {
  fn();
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

const bare = unified().use(remarkParse).use(remarkGfm);
const bareMs = time(() => {
  for (const t of texts) bare.parse(t);
});
const lintMs = time(() => {
  texts.forEach((t, i) => {
    lintText(t, names[i]);
  });
});

const cli = join(root, 'apps/orchestrator/dist/cli.js');
const cliSamples = [];
for (let i = 0; i < Math.max(3, Math.ceil(RUNS / 2)) + 1; i++) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cli, 'lint', '--format', 'json', ...paths], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - t0;
  if (r.status !== 0 && r.status !== 1) {
    console.error(`bench: tmsync lint exited ${r.status}: ${r.stderr}`);
    process.exit(1);
  }
  if (i > 0) cliSamples.push(ms);
}
const cliMs = median(cliSamples);

const results = {
  date: new Date().toISOString(),
  node: process.version,
  cores: (await import('node:os')).cpus().length,
  corpus: { files: names.length, bytes },
  runs: RUNS,
  bareParseMs: Math.round(bareMs),
  parseLintInProcessMs: Math.round(lintMs),
  parseLintRatio: Number((lintMs / bareMs).toFixed(2)),
  cliLintWallMs: Math.round(cliMs),
  cliLintRatio: Number((cliMs / bareMs).toFixed(2)),
};

console.log(
  `corpus: ${names.length} files, ${(bytes / 1024).toFixed(0)} KiB; median of ${RUNS} runs after a warm-up; node ${process.version}, ${results.cores} cores`,
);
console.log(`  bare remark-parse + remark-gfm, in process   ${results.bareParseMs} ms   (the baseline)`);
console.log(
  `  parse + lint, in process                      ${results.parseLintInProcessMs} ms   ${results.parseLintRatio}×   target ≤ 1.5×   ${results.parseLintRatio <= 1.5 ? 'met' : 'NOT MET'}`,
);
console.log(
  `  tmsync lint CLI, whole run (process start)    ${results.cliLintWallMs} ms   ${results.cliLintRatio}×   target ≤ 1.0×   ${results.cliLintRatio <= 1.0 ? 'met' : 'NOT MET'}`,
);

const githubBench = join(root, 'scripts/bench-github.mjs');
if (existsSync(githubBench) && existsSync(join(root, 'packages/testkit/dist/index.js'))) {
  const { benchGitHub } = await import(pathToFileURL(githubBench).href);
  results.github = await benchGitHub({ root });
}

mkdirSync(join(root, 'bench-results'), { recursive: true });
writeFileSync(join(root, 'bench-results/latest.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log('results written to bench-results/latest.json');
