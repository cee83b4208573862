// The github forge against the GitHub REST emulator (packages/testkit), through the real
// campaign code: `createForge` builds the forge from a `forge: github` campaign and
// `runPointers` plans and proposes every satellite, as `tmsync campaign apply` does.
//
// (a) requests per new pointer PR (target ≤ 7, of which ≤ 4 writes);
// (b) requests per satellite on a no-op re-run (target ≤ 2, none counted against the
//     rate limit: 304s) — the first re-run after an apply, and any later one;
// (c) a 200-satellite campaign with 50 ms latency and GitHub's secondary limits (80
//     content-creating requests a minute, 500 an hour, 1 s between writes, 900 points a
//     minute), every window scaled by the same time scale as the forge's pacing: wall time
//     beside the bound those limits impose on its writes (target ≤ 1.3×), with no
//     rate-limit error reaching the user.
//
// Needs `corepack pnpm build` (packages/testkit/dist, apps/orchestrator/dist). Run alone:
//   node bench/github.mjs
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const TOKEN = 'bench-token-not-a-real-one';

/** Earliest time (ms) the last of `writes` can start under the spacing and window limits (greedy schedule). */
export function writeBound(writes, { spacingMs, prSpacingMs, perMinute, perHour, minuteMs, hourMs }) {
  const t = [];
  let lastPr = -Infinity;
  for (let i = 0; i < writes.length; i++) {
    let at = i === 0 ? 0 : t[i - 1] + spacingMs;
    if (writes[i] === 'pr') at = Math.max(at, lastPr + prSpacingMs);
    if (i >= perMinute) at = Math.max(at, t[i - perMinute] + minuteMs);
    if (i >= perHour) at = Math.max(at, t[i - perHour] + hourMs);
    t.push(at);
    if (writes[i] === 'pr') lastPr = at;
  }
  return t.length ? t[t.length - 1] : 0;
}

async function load(root) {
  const imp = (p) => import(pathToFileURL(join(root, p)).href);
  const { startGitHubEmulator } = await imp('packages/testkit/dist/index.js');
  const { loadCampaign, createForge } = await imp('apps/orchestrator/dist/campaign/index.js');
  const { runPointers } = await imp('apps/orchestrator/dist/satellites/pointers.js');
  const model = readFileSync(join(root, 'apps/orchestrator/test/fixtures/satellites/parent-model.md'), 'utf8');
  return { startGitHubEmulator, loadCampaign, createForge, runPointers, model };
}

/** A fresh emulator with a parent and `n` satellites (a README each). */
async function world(kit, dir, n, emulator) {
  const gh = await kit.startGitHubEmulator({
    root: join(dir, 'github'),
    users: { [TOKEN]: { login: 'tmsync-bot', canPush: (r) => r.startsWith('acme/') } },
    ...emulator,
    limits: { retryAfterUnit: 'github', ...emulator.limits },
  });
  await gh.createRepo('acme/parent', { files: { 'THREAT_MODEL.md': kit.model } });
  const repos = [];
  for (let i = 0; i < n; i++) {
    const repo = `acme/sat-${String(i).padStart(3, '0')}`;
    await gh.createRepo(repo, { files: { 'README.md': `# ${repo}\n` } });
    repos.push(repo);
  }
  return { gh, repos };
}

/** Writes a campaign (JSON is YAML) over `repos`, split into `parts` campaigns run side by side. */
function campaigns(dir, gh, repos, github, parts = 1) {
  const files = [];
  for (let p = 0; p < parts; p++) {
    const satellites = repos.filter((_, i) => i % parts === p).map((repo) => ({ repo }));
    const file = join(dir, `campaign-${p}.yaml`);
    writeFileSync(
      file,
      JSON.stringify({
        forge: 'github',
        state: 'state',
        github: { apiUrl: gh.url, ...github },
        families: [{ name: 'bench', parent: { repo: 'acme/parent' }, inherit: ['§3', '§4'], satellites }],
      }),
    );
    files.push(file);
  }
  return files;
}

/** One `campaign apply` over the files, one forge (one run), the parts side by side. */
async function apply(kit, dir, files, forgeOptions) {
  const loaded = await Promise.all(files.map((f) => kit.loadCampaign(f, dir)));
  const forge = kit.createForge(loaded[0].campaign, dir, { env: { GITHUB_TOKEN: TOKEN }, github: forgeOptions });
  const runs = (
    await Promise.all(loaded.map((l) => kit.runPointers(forge, l.campaign, { mode: 'refresh', apply: true })))
  ).flat();
  const outcomes = runs.flatMap((r) =>
    r.satellites.map((s) => (s.ok ? (s.value.applied?.outcome ?? 'planned') : `failed: ${s.error}`)),
  );
  const failures = runs.flatMap((r) => [
    ...(r.parentError ? [r.parentError] : []),
    ...r.satellites.filter((s) => !s.ok).map((s) => s.error),
  ]);
  return { outcomes, failures, forge };
}

/** Requests of the emulator log, split into those about satellites and the rest (parent, /user). */
function tally(gh) {
  const log = gh.log;
  const sat = log.filter((e) => e.path.startsWith('/repos/acme/sat-'));
  const pick = (xs) => ({
    requests: xs.length,
    writes: xs.filter((e) => e.write).length,
    reads: xs.filter((e) => !e.write).length,
    counted: xs.filter((e) => e.counted).length,
    notModified: xs.filter((e) => e.notModified).length,
  });
  return {
    satellites: pick(sat),
    other: pick(log.filter((e) => !e.path.startsWith('/repos/acme/sat-'))),
    all: pick(log),
  };
}

const per = (x, n) => Number((x / n).toFixed(2));

/** Runs the benchmark; prints a table and returns the figures. */
export async function benchGitHub({
  root,
  satellites = Number(process.env.BENCH_GITHUB_SATELLITES ?? 200),
  timeScale = Number(process.env.BENCH_GITHUB_SCALE ?? 0.03),
  print = console.log,
} = {}) {
  const kit = await load(root);
  const base = mkdtempSync(join(tmpdir(), 'tmsync-bench-gh-'));
  const result = { node: process.version };
  try {
    // (a) and (b): 20 satellites, no latency, through the real planner.
    {
      const n = 20;
      const dir = join(base, 'counts');
      const { gh, repos } = await world(kit, mkdtempSync(`${dir}-`), n, { timeScale: 0.01 });
      const files = campaigns(base, gh, repos, { writeSpacingMs: 10, createSpacingMs: 30 });
      const runs = [];
      for (let i = 0; i < 3; i++) {
        gh.resetLog();
        const r = await apply(kit, base, files, { timeScale: 0.01 });
        runs.push({ ...tally(gh), outcomes: r.outcomes, failures: r.failures });
      }
      await gh.stop();
      const [first, second, third] = runs;
      if (first.outcomes.some((o) => o !== 'created'))
        throw new Error(`bench: the first apply did not create every PR: ${first.outcomes.join(', ')}`);
      result.newPointerPR = {
        satellites: n,
        requests: per(first.satellites.requests, n),
        writes: per(first.satellites.writes, n),
        reads: per(first.satellites.reads, n),
        requestsWithSharedReads: per(first.all.requests, n),
        sharedReads: first.other.requests,
        target: { requests: 7, writes: 4 },
      };
      result.noopRerun = {
        satellites: n,
        firstAfterApply: {
          requests: per(second.satellites.requests, n),
          counted: per(second.satellites.counted, n),
          shared: second.other.requests,
          sharedCounted: second.other.counted,
        },
        later: {
          requests: per(third.satellites.requests, n),
          counted: per(third.satellites.counted, n),
          notModified: per(third.satellites.notModified, n),
          shared: third.other.requests,
          sharedCounted: third.other.counted,
        },
        proposed: [second, third].flatMap((r) => r.outcomes).filter((o) => o === 'created' || o === 'updated').length,
        target: { requests: 2, counted: 0 },
      };
    }

    // (c) 200 satellites, 50 ms latency, GitHub's secondary limits scaled by timeScale.
    {
      const dir = mkdtempSync(join(base, 'campaign-'));
      const limits = {
        writesPerMinute: 80,
        writesPerHour: 500,
        pointsPerMinute: 900,
        maxConcurrent: 100,
        minWriteSpacingMs: 1000,
      };
      const { gh, repos } = await world(kit, dir, satellites, { timeScale, latencyMs: 50, limits });
      const spacing = Math.ceil(1000 * timeScale * 1.02);
      const prSpacing = Math.ceil(3000 * timeScale);
      const parts = 4;
      const files = campaigns(
        dir,
        gh,
        repos,
        {
          writeSpacingMs: spacing,
          createSpacingMs: prSpacing,
          concurrency: parts,
          hourlyBudget: 500,
          onBudgetExhausted: 'wait',
        },
        parts,
      );
      gh.resetLog();
      const started = performance.now();
      const r = await apply(kit, dir, files, { timeScale });
      const wallMs = performance.now() - started;
      const stats = gh.stats();
      await gh.stop();
      const writeKinds = gh.log
        .filter((e) => e.write && e.status < 300)
        .map((e) => (e.operation === 'pulls/create' ? 'pr' : 'w'));
      const boundMs = writeBound(writeKinds, {
        spacingMs: 1000 * timeScale,
        prSpacingMs: 3000 * timeScale,
        perMinute: 80,
        perHour: 500,
        minuteMs: 60_000 * timeScale,
        hourMs: 3_600_000 * timeScale,
      });
      result.campaign = {
        satellites,
        timeScale,
        latencyMs: 50,
        concurrency: parts,
        created: r.outcomes.filter((o) => o === 'created').length,
        failures: r.failures.length,
        rateLimitErrors: r.failures.filter((f) => /rate limit|deferred/i.test(f)).length,
        writes: writeKinds.length,
        requests: stats.requests,
        secondaryLimitHits: stats.secondaryRateLimited,
        primaryLimitHits: stats.primaryRateLimited,
        wallMs: Math.round(wallMs),
        boundMs: Math.round(boundMs),
        ratio: Number((wallMs / boundMs).toFixed(2)),
        target: { ratio: 1.3, rateLimitErrors: 0 },
        boundIs: `${writeKinds.length} writes: ${spacing} ms apart (1 s scaled, +2%), PR creations ${prSpacing} ms apart, ≤ 80 per ${60_000 * timeScale} ms, ≤ 500 per ${3_600_000 * timeScale} ms`,
      };
    }
  } finally {
    rmSync(base, { recursive: true, force: true });
  }

  const a = result.newPointerPR;
  const b = result.noopRerun;
  const c = result.campaign;
  const rows = [
    [
      'requests per new pointer PR',
      `${a.requests} (${a.writes} writes, ${a.reads} reads)`,
      '≤ 7 (≤ 4 writes)',
      `+${a.sharedReads} per run for the parent and the token's user`,
    ],
    [
      'no-op re-run, first after apply',
      `${b.firstAfterApply.requests} / satellite, ${b.firstAfterApply.counted} counted`,
      '≤ 2, 0 counted',
      'our own writes changed the refs and the PR list',
    ],
    [
      'no-op re-run, later',
      `${b.later.requests} / satellite, ${b.later.counted} counted`,
      '≤ 2, 0 counted',
      `${b.later.notModified} 304s / satellite; +${b.later.shared} per run (${b.later.sharedCounted} counted)`,
    ],
    [
      `${c.satellites}-satellite campaign, wall`,
      `${(c.wallMs / 1000).toFixed(1)} s`,
      '',
      `time scale ${c.timeScale}, 50 ms latency, ${c.concurrency} at a time`,
    ],
    ['bound from the limits', `${(c.boundMs / 1000).toFixed(1)} s`, '', c.boundIs],
    ['wall / bound', `${c.ratio}×`, '≤ 1.3×', `${c.created} PRs, ${c.writes} writes, ${c.requests} requests`],
    [
      'rate-limit errors reaching the user',
      String(c.rateLimitErrors),
      '0',
      `secondary-limit answers absorbed: ${c.secondaryLimitHits}, primary: ${c.primaryLimitHits}`,
    ],
  ];
  const w = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
  print('\nGitHub forge against the emulator');
  for (const r of rows) print(`  ${r[0].padEnd(w[0])}  ${r[1].padEnd(w[1])}  ${r[2].padEnd(w[2])}  ${r[3]}`);
  return result;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const result = await benchGitHub({ root });
  console.log(JSON.stringify(result, null, 2));
}
