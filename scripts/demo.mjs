// The main job, end to end, on the embedded default: real git repositories on
// disk, no network, no token. Builds the Lanternfish family from examples/ in a
// fresh folder and walks through what a security team, a project committee and
// a release manager do with tmsync, checking each step's exit code.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'apps/orchestrator/dist/cli.js');
const sandbox = join(root, '.tmsync-demo');
const family = join(sandbox, 'family');
const repos = join(family, 'repos');
const campaign = join(family, 'campaign.yaml');
const parent = join(repos, 'lanternfish/lanternfish');
const failures = [];
let stepNo = 0;

const env = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Demo Maintainer',
  GIT_AUTHOR_EMAIL: 'maintainer@lanternfish.example',
  GIT_COMMITTER_NAME: 'Demo Maintainer',
  GIT_COMMITTER_EMAIL: 'maintainer@lanternfish.example',
  GITHUB_TOKEN: '',
  GH_TOKEN: '',
};

function git(cwd, ...args) {
  return execFileSync('git', args, { cwd, env, encoding: 'utf8' });
}

function step(title, narrative) {
  stepNo += 1;
  console.log(`\n━━ ${stepNo}. ${title}`);
  if (narrative) console.log(narrative);
}

/** Runs tmsync, prints what it printed (folded after `maxLines`), and checks the exit code. */
function tmsync(args, { expect = 0, maxLines = 40, cwd = sandbox } = {}) {
  // Paths inside the sandbox are passed relative to it, as a user standing there would type them.
  const relArgs = args.map((a) => (a.startsWith(sandbox) ? relative(sandbox, a) || '.' : a));
  const shown = relArgs.join(' ');
  console.log(`\n$ tmsync ${shown}`);
  const r = spawnSync(process.execPath, [cli, ...relArgs], { cwd, env, encoding: 'utf8' });
  const out = (r.stdout + r.stderr).trimEnd().split('\n');
  const cut = out.length > maxLines ? [...out.slice(0, maxLines), `  … (${out.length - maxLines} more lines)`] : out;
  console.log(cut.map((l) => `  ${l}`).join('\n'));
  const expected = Array.isArray(expect) ? expect : [expect];
  if (!expected.includes(r.status)) {
    failures.push(`step ${stepNo}: tmsync ${shown} exited ${r.status}, expected ${expected.join(' or ')}`);
    console.log(`  ✗ exit ${r.status}, expected ${expected.join(' or ')}`);
  } else console.log(`  → exit ${r.status}, as expected`);
  return r;
}

if (!existsSync(cli)) {
  console.error('The CLI is not built: run `corepack pnpm build` first (./run demo does).');
  process.exit(2);
}

// ── Build the sandbox family ────────────────────────────────────────────────
rmSync(sandbox, { recursive: true, force: true });
mkdirSync(sandbox, { recursive: true });
cpSync(join(root, 'examples/family'), family, { recursive: true });
cpSync(join(root, 'examples/THREAT_MODEL.md'), join(parent, 'THREAT_MODEL.md'));
cpSync(join(root, 'examples/answers.yaml'), join(sandbox, 'answers.yaml'));
symlinkSync('CLAUDE.md', join(repos, 'lanternfish/lanternfish-cli/AGENTS.md'));
for (const name of readdirSync(join(repos, 'lanternfish'))) {
  const dir = join(repos, 'lanternfish', name);
  git(dir, 'init', '--quiet', '--initial-branch=main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '--quiet', '-m', `Initial ${name}`);
}
git(parent, 'tag', '-a', 'v1.0.0', '-m', 'Lanternfish 1.0.0');

console.log(`tmsync demo — the Lanternfish family as five git repositories in ${relative(root, sandbox)}/:`);
console.log('  parent   lanternfish/lanternfish            THREAT_MODEL.md (a draft), tagged v1.0.0');
console.log('  satellite lanternfish/lanternfish-cli        AGENTS.md is a symlink to CLAUDE.md');
console.log('  satellite lanternfish/lanternfish-go         has its own SECURITY.md with a contact address');
console.log('  satellite lanternfish/lanternfish-terraform  carries a standalone draft-THREAT-MODEL.md');
console.log('  satellite lanternfish/lanternfish-operator   has an addendum that will inherit §3, §4 and §7');

// ── The security team: lint and count ───────────────────────────────────────
const model = join(parent, 'THREAT_MODEL.md');
step(
  'Lint the parent model',
  'The draft still licenses a §3 closure with an inferred claim only: the rubric says so (exit 1).',
);
tmsync(['lint', model], { expect: [0, 1] });
step('Count provenance and questions');
tmsync(['stats', model]);

// ── The committee: fold answers in ──────────────────────────────────────────
step(
  'Preview the maintainers’ answers (answers.yaml) as a diff',
  'Only the promoted tags, the §14 entries, the corrected claim and the counts line change.',
);
tmsync(['answer', model, join(sandbox, 'answers.yaml'), '--dry-run'], { maxLines: 80 });
step('Apply the answers');
tmsync(['answer', model, join(sandbox, 'answers.yaml')]);
step('Apply them again', 'Idempotent: nothing changes the second time.');
tmsync(['answer', model, join(sandbox, 'answers.yaml')]);
git(parent, 'commit', '--quiet', '-am', 'Fold in the maintainers’ answers to Q1, Q2 and Q5');
step('What changed between the tag and now (semantic diff)');
tmsync(['diff', 'v1.0.0:THREAT_MODEL.md', 'HEAD:THREAT_MODEL.md', '--repo', parent], { maxLines: 30 });
git(parent, 'tag', '-a', 'v1.1.0', '-m', 'Lanternfish 1.1.0');
step('The model as it stood at v1.0.0 (first lines)');
tmsync(['show', '--at', 'v1.0.0', '--repo', parent], { maxLines: 6 });

// ── Satellites: pointers, chain ─────────────────────────────────────────────
step('Plan the satellites’ pointer changes', 'A unified diff per repository; nothing is written.');
tmsync(['pointers', 'plan', '--campaign', campaign], { maxLines: 70 });
step('Apply: one change per satellite, recorded on a tool branch with a patch file ready to mail');
tmsync(['pointers', 'apply', '--campaign', campaign]);
step('Apply again', 'Nothing new: nothing is proposed.');
tmsync(['pointers', 'apply', '--campaign', campaign]);
for (const name of ['lanternfish-cli', 'lanternfish-go', 'lanternfish-terraform', 'lanternfish-operator']) {
  // A maintainer merges each satellite's change.
  const dir = join(repos, 'lanternfish', name);
  git(dir, 'merge', '--quiet', '--ff-only', 'tmsync/threat-model-pointer');
}
step(
  'Follow the discoverability chain AGENTS.md → SECURITY.md → model in every repository, the parent’s included',
  'The satellites’ changes were merged (fast-forward) by their maintainers. Each addendum is checked: its record, the parent’s sections, their fingerprints.',
);
tmsync(['chain', '--campaign', campaign, '--parents']);

// ── Drift ───────────────────────────────────────────────────────────────────
step('The parent edits an inherited section (§4)', 'A new boundary B3 is added to the parent model, and committed.');
const text = readFileSync(model, 'utf8');
writeFileSync(
  model,
  text.replace(
    '| B2 | scheduler → worker |',
    '| B3 | operator → worker logs | read-only, authenticated *(documented: `docs/logs.md`)* |\n| B2 | scheduler → worker |',
  ),
);
git(parent, 'commit', '--quiet', '-am', 'Add the log-reading boundary B3 to §4');
step('Detect drift', 'The operator’s addendum inherits §4: drift is found, with the section’s diff (exit 1).');
tmsync(['drift', '--campaign', campaign], { expect: 1, maxLines: 40 });
step('Propose the refresh for the drifted satellite');
tmsync(['drift', '--campaign', campaign, '--fix'], { expect: [0, 1] });

// ── The release manager: pin ────────────────────────────────────────────────
git(parent, 'tag', '-a', 'v1.2.0', '-m', 'Lanternfish 1.2.0');
step('Pin the satellites’ pointers and inheritance to the release tag v1.2.0');
tmsync(['pin', 'v1.2.0', '--campaign', campaign]);
step('Pin to a tag that does not exist', 'Refused with a clear message (exit 2).');
tmsync(['pin', 'v9.9.9', '--campaign', campaign], { expect: 2 });
step('Campaign status: one line per repository');
tmsync(['campaign', 'status', '--campaign', campaign], { expect: [0, 1] });

// ── The security team: one page for the whole campaign ──────────────────────
step(
  'Write the campaign report: a static site with an overview, a page per family, charts over the history',
  'Open .tmsync-demo/report/index.html in a browser (no network needed).',
);
tmsync(['report', '--campaign', campaign, '--out', join(sandbox, 'report')]);
step('The same overview as Markdown, for an issue or a job summary');
tmsync(['report', '--campaign', campaign, '--format', 'markdown']);

console.log('');
if (failures.length) {
  console.log(`The demo found ${failures.length} unexpected result(s):`);
  for (const f of failures) console.log(`  ✗ ${f}`);
  process.exit(1);
}
console.log(`All ${stepNo} steps behaved as expected. The sandbox stays in ${relative(root, sandbox)}/ to look at.`);
