// Installs what would be published, as a user would: packs every non-private
// workspace package with pnpm (which writes real versions for workspace:*),
// installs the tarballs with plain npm into an empty folder, and runs the
// installed `tmsync --version`, `tmsync lint` on a file and each library's
// import. Before that, checks each package's metadata and that every
// dependency npm installs with it accepts the Node range the package declares.
// Prints the installed sizes. Exits non-zero on the first problem.
//
//   node scripts/pack-check.mjs            (needs a built workspace: corepack pnpm build)
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const semver = createRequire(join(root, 'package.json'))('semver');
const REQUIRED = ['name', 'version', 'description', 'license', 'repository', 'homepage', 'bugs', 'files', 'engines'];
const problems = [];
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

/** Every workspace package that is not private: each one changesets would publish. */
function publishable() {
  const out = [];
  for (const group of ['packages', 'apps']) {
    for (const name of readdirSync(join(root, group)).sort()) {
      const dir = join(root, group, name);
      if (!existsSync(join(dir, 'package.json'))) continue;
      const manifest = readJson(join(dir, 'package.json'));
      if (!manifest.private) out.push({ dir, manifest });
    }
  }
  return out;
}

/** The folder of `name` as node would find it from `fromDir` (walking up node_modules), or null. */
function locate(name, fromDir) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(dir) === dir) return null;
  }
}

/** Every package installed with `manifest` (dependencies and optional ones, transitively), by folder. */
function installedClosure(dir, manifest) {
  const seen = new Map();
  const visit = (fromDir, deps) => {
    for (const name of Object.keys(deps ?? {})) {
      const found = locate(name, fromDir);
      if (!found || seen.has(found)) continue;
      const dep = readJson(join(found, 'package.json'));
      seen.set(found, dep);
      visit(found, { ...dep.dependencies, ...dep.optionalDependencies });
    }
  };
  visit(dir, { ...manifest.dependencies, ...manifest.optionalDependencies });
  return seen;
}

const packages = publishable();
const license = readFileSync(join(root, 'LICENSE'), 'utf8');
for (const { dir, manifest } of packages) {
  const where = relative(root, dir);
  for (const key of REQUIRED) if (manifest[key] === undefined) problems.push(`${where}/package.json: no "${key}"`);
  if (manifest.publishConfig?.access !== 'public')
    problems.push(`${where}/package.json: publishConfig.access must be "public"`);
  if (!existsSync(join(dir, 'README.md'))) problems.push(`${where}: no README.md`);
  if (!existsSync(join(dir, 'LICENSE')) || readFileSync(join(dir, 'LICENSE'), 'utf8') !== license)
    problems.push(`${where}/LICENSE: missing or not the root LICENSE (cp LICENSE ${where}/)`);
}
const changesets = readJson(join(root, '.changeset', 'config.json'));
if (changesets.access !== 'public') problems.push('.changeset/config.json: "access" must be "public"');
if (problems.length) {
  for (const p of problems) console.error(`pack-check: ${p}`);
  process.exit(1);
}
console.log(`pack-check: metadata of ${packages.map((p) => p.manifest.name).join(', ')} is complete`);

// Pack with the pnpm that runs this script (npm_execpath under `pnpm run`), else corepack's.
const work = mkdtempSync(join(tmpdir(), 'tmsync-pack-'));
const pnpmPath = process.env.npm_execpath && /pnpm/.test(process.env.npm_execpath) ? process.env.npm_execpath : null;
const pnpm = (args, cwd) =>
  pnpmPath
    ? execFileSync(process.execPath, [pnpmPath, ...args], { cwd, encoding: 'utf8' })
    : execFileSync('corepack', ['pnpm', ...args], { cwd, encoding: 'utf8' });
const env = { ...process.env, COREPACK_INTEGRITY_KEYS: '0', NO_COLOR: '1' };
delete env.npm_config_user_agent;
delete env.FORCE_COLOR;

function run(cmd, args, cwd) {
  const result = spawnSync(cmd, args, { cwd, encoding: 'utf8', env });
  if (result.status !== 0) {
    console.error(`pack-check: \`${cmd} ${args.join(' ')}\` failed (exit ${result.status}) in ${cwd}`);
    console.error(result.stdout + result.stderr);
    rmSync(work, { recursive: true, force: true });
    process.exit(1);
  }
  return result.stdout;
}

/** npm's size of a folder in kB (du -sk), for the report. */
const sizeKb = (dir) => Number(execFileSync('du', ['-sk', dir], { encoding: 'utf8' }).split(/\s/)[0]);

try {
  const tarballs = new Map();
  for (const { dir, manifest } of packages) {
    if (!existsSync(join(dir, manifest.main ?? 'dist/index.js')) && !existsSync(join(dir, 'dist')))
      throw new Error(`${relative(root, dir)}: not built; run corepack pnpm build first`);
    const out = pnpm(['pack', '--pack-destination', work, '--json'], dir);
    // pnpm prints the prepack step's lines before the JSON.
    const packed = JSON.parse(out.slice(out.search(/^[[{]/m)));
    const tarball = Array.isArray(packed) ? packed[0].filename : packed.filename;
    tarballs.set(manifest.name, tarball.startsWith('/') ? tarball : join(work, tarball));
    // The packed manifest must carry real versions, never workspace:.
    const listed = run('tar', ['-xzOf', tarballs.get(manifest.name), 'package/package.json'], work);
    if (listed.includes('workspace:'))
      throw new Error(`${manifest.name}: the packed package.json still says workspace:`);
  }
  const npmArgs = ['install', '--no-audit', '--no-fund', '--prefer-offline', '--no-package-lock', '--loglevel=error'];

  // The whole set, as `npm install tmsync` would give it.
  const full = join(work, 'full');
  mkdirSync(full);
  writeFileSync(join(full, 'package.json'), '{"name":"pack-check","private":true}\n');
  run('npm', [...npmArgs, ...tarballs.values()], full);
  // Every package npm installed with a published one must accept the Node range that one declares.
  const engineProblems = [];
  for (const { manifest } of packages) {
    const installed = join(full, 'node_modules', manifest.name);
    for (const [path, dep] of installedClosure(installed, readJson(join(installed, 'package.json')))) {
      const range = dep.engines?.node;
      if (range && !semver.subset(manifest.engines.node, range))
        engineProblems.push(
          `${manifest.name} (engines.node ${manifest.engines.node}) installs ${dep.name}@${dep.version}, which wants node ${range} (${relative(full, path)})`,
        );
    }
  }
  if (engineProblems.length) throw new Error(engineProblems.join('\npack-check: '));
  const bin = join(full, 'node_modules', '.bin', 'tmsync');
  const version = run(bin, ['--version'], full).trim();
  const expected = packages.find((p) => p.manifest.name === 'tmsync')?.manifest.version;
  if (version !== expected) throw new Error(`installed tmsync --version says "${version}", package.json ${expected}`);
  const model = join(full, 'THREAT_MODEL.md');
  writeFileSync(model, readFileSync(join(root, 'examples', 'THREAT_MODEL.md')));
  const linted = spawnSync(bin, ['lint', '--format', 'json', 'THREAT_MODEL.md'], { cwd: full, encoding: 'utf8', env });
  if (linted.status !== 0 && linted.status !== 1)
    throw new Error(`installed tmsync lint exited ${linted.status}: ${linted.stderr}`);
  const report = JSON.parse(linted.stdout);
  if (!Array.isArray(report) || report[0]?.file !== 'THREAT_MODEL.md')
    throw new Error(`installed tmsync lint gave no report for THREAT_MODEL.md: ${linted.stdout.slice(0, 200)}`);
  for (const { manifest } of packages) {
    const probe = `const m = await import(${JSON.stringify(manifest.name)}); if (Object.keys(m).length === 0) throw new Error('no exports');`;
    run(process.execPath, ['--input-type=module', '-e', probe], full);
    for (const sub of Object.keys(manifest.exports ?? {}).filter(
      (k) => k !== '.' && !k.includes('*') && !k.endsWith('.json'),
    )) {
      const spec = manifest.name + sub.slice(1);
      run(process.execPath, ['--input-type=module', '-e', `await import(${JSON.stringify(spec)});`], full);
    }
  }
  const fullKb = sizeKb(join(full, 'node_modules'));
  const largest = [];
  for (const entry of readdirSync(join(full, 'node_modules'))) {
    if (entry.startsWith('.')) continue;
    const names = entry.startsWith('@')
      ? readdirSync(join(full, 'node_modules', entry)).map((n) => `${entry}/${n}`)
      : [entry];
    for (const name of names) largest.push([name, sizeKb(join(full, 'node_modules', name))]);
  }
  largest.sort((a, b) => b[1] - a[1]);
  console.log(
    `pack-check: largest installed packages: ${largest
      .slice(0, 6)
      .map(([n, kb]) => `${n} ${(kb / 1024).toFixed(1)} MiB`)
      .join(', ')}`,
  );

  // Lint needs no forge: the same install without Octokit still lints.
  rmSync(join(full, 'node_modules', '@octokit'), { recursive: true, force: true });
  const lean = spawnSync(bin, ['lint', 'THREAT_MODEL.md'], { cwd: full, encoding: 'utf8', env });
  if (lean.status !== 0 && lean.status !== 1)
    throw new Error(`tmsync lint loads the GitHub forge: without @octokit it exited ${lean.status}: ${lean.stderr}`);
  const leanKb = sizeKb(join(full, 'node_modules'));

  // The libraries alone (an editor or remark-cli user): @tmsync/rubric and what it needs.
  const lib = join(work, 'rubric');
  mkdirSync(lib);
  writeFileSync(join(lib, 'package.json'), '{"name":"pack-check-rubric","private":true}\n');
  const libs = [...tarballs].filter(([name]) => name.startsWith('@tmsync/')).map(([, t]) => t);
  run('npm', [...npmArgs, ...libs], lib);
  run(process.execPath, ['--input-type=module', '-e', "await import('@tmsync/rubric');"], lib);
  const libKb = sizeKb(join(lib, 'node_modules'));
  console.log(
    `pack-check: installed with npm: tmsync ${version} and libraries ${(fullKb / 1024).toFixed(1)} MiB; without @octokit (lint only) ${(leanKb / 1024).toFixed(1)} MiB; @tmsync/rubric alone ${(libKb / 1024).toFixed(1)} MiB`,
  );
  console.log(`pack-check: tmsync lint THREAT_MODEL.md: ${report[0].messages.length} messages; library imports fine`);
} catch (error) {
  console.error(`pack-check: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
