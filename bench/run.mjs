// Benchmarks (`corepack pnpm bench`). Timing lives here, never in tests.
//
// 1. Lint, whole processes over the 20 documents of ../shared/corpus, interleaved
//    round by round so that load on the machine falls on every tool alike:
//    micromark's tokenizer alone, markdownlint-cli2 (default rules), remark-cli
//    with remark-preset-lint-recommended, and `tmsync lint`, each as a ratio to a
//    bare unified().use(remarkParse).use(remarkGfm).parse script over the same
//    files (process start included everywhere). Target: tmsync ≤ 0.9×.
// 2. The cache: `tmsync lint` over an unchanged tree, warm. Target ≤ 0.1× the bare parse.
// 3. Peak RSS of one `tmsync lint` over 100 and over 1,000 files (flat with the count).
// 4. parse+lint of the corpus in one process against the bare parse (≤ 1.5×).
// 5. Campaigns on the local forge at 10/50/200 satellites (bench/campaign.mjs):
//    plan, apply and a no-op apply, wall time and git subprocesses per satellite.
// 6. The GitHub forge against the emulator (bench/github.mjs).
//
// Each figure is a median. Results go to bench-results/latest.json as well.
// BENCH_RUNS sets the rounds (default 7); BENCH_PARTS=lint skips the campaign
// and GitHub parts (default: lint,campaign,github), for a quick check.
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { benchCampaign } from './campaign.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
/** The entry script of a dev dependency's command (its package.json `bin`). */
function binOf(pkg, name = pkg) {
  const dir = join(here, 'node_modules', pkg);
  const { bin } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  return join(dir, typeof bin === 'string' ? bin : bin[name]);
}
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
const ROUNDS = Number(process.env.BENCH_RUNS ?? 7);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cli = join(root, 'apps/orchestrator/bin/tmsync.js');

function wall(args, options = {}) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options });
  const ms = performance.now() - t0;
  if ((r.status !== 0 && r.status !== 1) || /Cannot find (package|module)/.test(r.stderr))
    throw new Error(`bench: ${args.join(' ').slice(0, 200)} exited ${r.status}: ${r.stderr}`);
  return { ms, r };
}

// --- 1. lint peers, interleaved ------------------------------------------------
const tmsyncHelp = spawnSync(process.execPath, [cli, 'lint', '--help'], { encoding: 'utf8' }).stdout;
const hasCache = /--no-cache/.test(tmsyncHelp);
const tools = {
  bare: [join(here, 'peers/bare-parse.mjs'), ...paths],
  micromark: [join(here, 'peers/micromark-tokenize.mjs'), ...paths],
  markdownlintCli2: [binOf('markdownlint-cli2'), ...paths],
  remarkCli: [
    binOf('remark-cli', 'remark'),
    '--use',
    'remark-gfm',
    '--use',
    'remark-preset-lint-recommended',
    '--no-stdout',
    '--quiet',
    ...paths,
  ],
  tmsync: [cli, 'lint', '--format', 'json', ...(hasCache ? ['--no-cache'] : []), ...paths],
};
const samples = Object.fromEntries(Object.keys(tools).map((k) => [k, []]));
for (let round = 0; round <= ROUNDS; round++) {
  for (const [name, args] of Object.entries(tools)) {
    // From the bench folder: it holds no lint config of any peer, and remark-cli finds its plugins there.
    const { ms } = wall(args, { cwd: here, env: { ...process.env, NO_COLOR: '1' } });
    if (round > 0) samples[name].push(ms); // round 0 warms the file cache
  }
}
const lintMs = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, Math.round(median(v))]));
const ratio = (ms) => Number((ms / lintMs.bare).toFixed(2));

// --- 2. the cache --------------------------------------------------------------
let cache = null;
if (hasCache) {
  const tree = mkdtempSync(join(tmpdir(), 'tmsync-bench-tree-'));
  for (const [i, n] of names.entries()) {
    mkdirSync(join(tree, `p${i}`));
    copyFileSync(join(corpusDir, n), join(tree, `p${i}`, 'THREAT_MODEL.md'));
  }
  wall([cli, 'lint', '--format', 'json', tree], { cwd: tree });
  const warm = [];
  for (let i = 0; i < ROUNDS; i++) warm.push(wall([cli, 'lint', '--format', 'json', tree], { cwd: tree }).ms);
  cache = { warmMs: Math.round(median(warm)), ratio: ratio(median(warm)), target: 0.1 };
  rmSync(tree, { recursive: true, force: true });
}

// --- 3. peak RSS at 100 and 1,000 files ------------------------------------------
function peakRss(count) {
  const dir = mkdtempSync(join(tmpdir(), 'tmsync-bench-rss-'));
  const files = [];
  for (let i = 0; i < count; i++) {
    const f = join(dir, `m${i}.md`);
    writeFileSync(f, texts[i % texts.length]);
    files.push(f);
  }
  const { r } = wall([
    join(here, 'peers/max-rss.mjs'),
    cli,
    'lint',
    '--format',
    'json',
    ...(hasCache ? ['--no-cache'] : []),
    ...files,
  ]);
  rmSync(dir, { recursive: true, force: true });
  return Math.round(Number(/maxRSS (\d+)/.exec(r.stderr)?.[1] ?? Number.NaN) / 1024);
}
const rss = { files100MiB: peakRss(100), files1000MiB: peakRss(1000) };

// --- 4. in process ---------------------------------------------------------------
function time(fn) {
  fn();
  const xs = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    fn();
    xs.push(performance.now() - t0);
  }
  return median(xs);
}
const bare = unified().use(remarkParse).use(remarkGfm);
const bareInProcessMs = time(() => {
  for (const t of texts) bare.parse(t);
});
const lintInProcessMs = time(() => {
  texts.forEach((t, i) => {
    lintText(t, names[i]);
  });
});

const results = {
  date: new Date().toISOString(),
  node: process.version,
  cores: cpus().length,
  corpus: { files: names.length, bytes },
  rounds: ROUNDS,
  lint: {
    wallMs: lintMs,
    ratioToBareParse: Object.fromEntries(Object.entries(lintMs).map(([k, v]) => [k, ratio(v)])),
    tmsyncTarget: 0.9,
  },
  cache,
  peakRss: rss,
  inProcess: {
    bareParseMs: Math.round(bareInProcessMs),
    parseLintMs: Math.round(lintInProcessMs),
    ratio: Number((lintInProcessMs / bareInProcessMs).toFixed(2)),
    target: 1.5,
  },
};

const met = (ok) => (ok ? 'met' : 'NOT MET');
console.log(
  `corpus: ${names.length} files, ${(bytes / 1024).toFixed(0)} KiB; median of ${ROUNDS} interleaved rounds; node ${process.version}, ${results.cores} cores`,
);
console.log('lint, whole processes (start included), ratio to the bare remark-parse + remark-gfm script:');
for (const [k, v] of Object.entries(lintMs))
  console.log(`  ${k.padEnd(18)} ${String(v).padStart(6)} ms   ${ratio(v).toFixed(2)}×`);
console.log(
  `  tmsync target ≤ 0.9×: ${met(ratio(lintMs.tmsync) <= 0.9)}; below markdownlint-cli2: ${met(lintMs.tmsync < lintMs.markdownlintCli2)}`,
);
console.log(
  cache
    ? `cache: warm re-lint of the unchanged corpus ${cache.warmMs} ms = ${cache.ratio}×, target ≤ 0.1×: ${met(cache.ratio <= 0.1)}`
    : 'cache: tmsync lint has no --cache here',
);
console.log(`peak RSS of one tmsync lint: ${rss.files100MiB} MiB at 100 files, ${rss.files1000MiB} MiB at 1,000 files`);
console.log(
  `in process: parse+lint ${results.inProcess.parseLintMs} ms vs bare ${results.inProcess.bareParseMs} ms = ${results.inProcess.ratio}×, target ≤ 1.5×: ${met(results.inProcess.ratio <= 1.5)}`,
);

const parts = new Set((process.env.BENCH_PARTS ?? 'lint,campaign,github').split(','));
if (parts.has('campaign')) {
  results.campaign = benchCampaign({
    root,
    sizes: (process.env.BENCH_SATELLITES ?? '10,50,200').split(',').map(Number),
  });
  console.log('campaign on the local forge (whole processes; git subprocesses per satellite):');
  for (const row of results.campaign)
    console.log(
      `  ${String(row.satellites).padStart(3)} satellites: plan ${row.plan.msPerSatellite} ms/sat, ${row.plan.gitCallsPerSatellite} git/sat; apply ${row.apply.msPerSatellite} ms/sat, ${row.apply.gitCallsPerSatellite} git/sat; no-op apply ${row.noopApply.msPerSatellite} ms/sat, ${row.noopApply.gitCallsPerSatellite} git/sat`,
    );
}

if (parts.has('github') && existsSync(join(root, 'packages/testkit/dist/index.js'))) {
  const { benchGitHub } = await import(pathToFileURL(join(here, 'github.mjs')).href);
  results.github = await benchGitHub({ root });
}
mkdirSync(join(root, 'bench-results'), { recursive: true });
writeFileSync(join(root, 'bench-results/latest.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log('results written to bench-results/latest.json');
