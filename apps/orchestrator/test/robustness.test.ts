/**
 * Issue #15 items 3–5: paths in a campaign file validated like repository
 * names, one line and exit 2 for every bad call, and one run at a time per
 * campaign state folder (stale locks and temporary files of killed runs
 * cleaned up, atomic writes fsynced).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lockStateDir } from '../src/campaign/lock.js';
import { makeFolder, pidAlive, removeStaleTemps, writeAtomic, writeFileAtomic } from '../src/fsutil.js';
import { TestFamily, fixture } from './helpers/family.js';

const BRANCH = 'tmsync/threat-model-pointer';

let family: TestFamily | null = null;
afterEach(() => {
  family?.cleanup();
  family = null;
  vi.restoreAllMocks();
});

/** A parent and one satellite, and a campaign file whose satellite entry is `satellite`. */
function setup(satellite: Record<string, unknown> = {}, top: Record<string, unknown> = {}): TestFamily {
  const f = new TestFamily('tmsync-robust-');
  family = f;
  f.repo('acme/parent', {
    'THREAT_MODEL.md': fixture('parent-model.md'),
    'SECURITY.md': fixture('parent-security.md'),
  });
  f.repo('acme/sat');
  f.campaign({
    ...top,
    families: [{ name: 'acme', parent: { repo: 'acme/parent' }, satellites: [{ repo: 'acme/sat', ...satellite }] }],
  });
  return f;
}

/** The pid of a process that has ended (started and waited for), so certainly not alive now. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', ''], { stdio: 'ignore' });
  expect(child.pid).toBeGreaterThan(0);
  return child.pid as number;
}

/** Stderr is exactly one line. */
function expectOneLine(err: string): void {
  expect(err.endsWith('\n')).toBe(true);
  expect(err.trimEnd().split('\n')).toHaveLength(1);
}

describe('paths in a campaign file (#15.3)', () => {
  const refused: [string, Record<string, unknown>, Record<string, unknown>, RegExp][] = [
    [
      'an addendum like an option',
      { addendum: '--output=x' },
      {},
      /families\[0\]\.satellites\[0\]\.addendum: a path segment may not start with "-" \("--output=x"\) \(line \d+\)/,
    ],
    ['a replaced draft outside', { replaces: ['../x.md'] }, {}, /satellites\[0\]\.replaces\[0\]: .*"\.\." segment/],
    ['an absolute agents path', { agents: '/etc/passwd' }, {}, /satellites\[0\]\.agents: an absolute path/],
    ['a control character', { security: 'SEC\u001b[2JURITY.md' }, {}, /satellites\[0\]\.security: .*control character/],
    ['a dash-prefixed state', {}, { state: '--state' }, /campaign\.yaml: state: a path may not start with "-"/],
    ['a dash-prefixed root', {}, { local: { root: '-repos' } }, /local\.root: a path may not start with "-"/],
  ];
  for (const [what, satellite, top, message] of refused) {
    it(`refuses ${what} with the key path, exit 2, nothing written`, async () => {
      const f = setup(satellite, top);
      const r = await f.run('campaign', 'apply', '--campaign', 'campaign.yaml');
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expectOneLine(r.err);
      expect(r.err).toMatch(message);
      expect(existsSync(join(f.root, '.tmsync'))).toBe(false);
      expect(f.get('acme/sat').hasBranch(BRANCH)).toBe(false);
    });
  }

  it('refuses a dash-prefixed parent path and pin', async () => {
    const f = setup();
    f.campaign(f.campaignText().replace('repo: acme/parent', 'repo: acme/parent\n      path: -x.md'));
    const r = await f.run('campaign', 'plan', '--campaign', 'campaign.yaml');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/families\[0\]\.parent\.path: a path segment may not start with "-"/);
    f.campaign(
      f
        .campaignText()
        .replace('path: -x.md', 'path: THREAT_MODEL.md')
        .replace('name: acme', 'name: acme\n    pin: --all'),
    );
    const pin = await f.run('campaign', 'plan', '--campaign', 'campaign.yaml');
    expect(pin.code).toBe(2);
    expect(pin.err).toMatch(/families\[0\]\.pin: expected a branch or tag name \(no leading "-"/);
  });

  it('accepts an absolute state and a local.root above the campaign file', async () => {
    const f = setup();
    const state = join(f.root, 'elsewhere', 'state');
    mkdirSync(join(f.root, 'sub'));
    writeFileSync(
      join(f.root, 'sub', 'campaign.yaml'),
      f.campaignText().replace('root: repos', 'root: ../repos').replace('families:', `state: ${state}\nfamilies:`),
    );
    const r = await f.run('campaign', 'apply', '--campaign', 'sub/campaign.yaml');
    expect(r.err).not.toMatch(/tmsync campaign:/);
    expect(f.get('acme/sat').hasBranch(BRANCH)).toBe(true);
    expect(existsSync(join(state, 'local', 'acme', 'sat', 'changes.json'))).toBe(true);
  });
});

describe('one line and exit 2 for every bad call (#15.4)', () => {
  it('a YAML syntax error: the first error only, with file, line and column', async () => {
    const f = setup();
    f.campaign('families:\n  - name: [a\n  b: : c\n\tx: 1\n');
    const r = await f.run('campaign', 'plan', '--campaign', 'campaign.yaml');
    expect(r.code).toBe(2);
    expectOneLine(r.err);
    expect(r.err).toMatch(/^tmsync campaign: campaign\.yaml:3:3: not valid YAML: /);
  });

  it('a YAML alias to no anchor: one line naming the file, no warning on the process stderr', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const f = setup();
    f.campaign('families: *a:\n');
    const r = await f.run('campaign', 'plan', '--campaign', 'campaign.yaml');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^tmsync campaign: campaign\.yaml: not valid YAML: Unresolved alias.*\n$/);
    writeFileSync(join(f.root, 'a.yaml'), '- question: Q1\n  action: *a:\n');
    const a = await f.run('answer', join(f.repos, 'acme', 'parent', 'THREAT_MODEL.md'), 'a.yaml');
    expect(a.code).toBe(2);
    expectOneLine(a.err);
    writeFileSync(join(f.root, 'rc.yaml'), 'x: *a:\n');
    const l = await f.run('lint', '--config', 'rc.yaml', join(f.repos, 'acme', 'parent', 'THREAT_MODEL.md'));
    expect(l.code).toBe(2);
    expectOneLine(l.err);
    expect(warn).not.toHaveBeenCalled();
  });

  it('a missing or unusable local.root, before any repository is touched', async () => {
    const f = setup();
    f.campaign(f.campaignText().replace('root: repos', 'root: nowhere'));
    const missing = await f.run('campaign', 'plan', '--campaign', 'campaign.yaml');
    expect(missing.code).toBe(2);
    expectOneLine(missing.err);
    expect(missing.err).toMatch(/campaign\.yaml: local\.root: .*nowhere does not exist; set local\.root .*\(line 2\)/);
    writeFileSync(join(f.root, 'a-file'), 'x');
    f.campaign(f.campaignText().replace('root: nowhere', 'root: a-file'));
    const file = await f.run('campaign', 'status', '--campaign', 'campaign.yaml');
    expect(file.code).toBe(2);
    expect(file.err).toMatch(/local\.root: .*a-file is a file, not a folder/);
  });

  it('a state path that is a file: one line, not an ENOTDIR per repository', async () => {
    const f = setup({}, { state: 'a-file' });
    writeFileSync(join(f.root, 'a-file'), 'x');
    for (const action of ['apply', 'status', 'plan']) {
      const r = await f.run('campaign', action, '--campaign', 'campaign.yaml');
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expectOneLine(r.err);
      expect(r.err).toMatch(/campaign\.yaml: state: .*a-file is a file \(or under one\), not a folder/);
      expect(r.err).not.toMatch(/ENOTDIR/);
    }
    expect(f.get('acme/sat').hasBranch(BRANCH)).toBe(false);
  });

  it('an answers file naming an unknown question, and control characters in answers', async () => {
    const f = setup();
    const model = join(f.repos, 'acme', 'parent', 'THREAT_MODEL.md');
    const before = readFileSync(model, 'utf8');
    writeFileSync(join(f.root, 'a.yaml'), '- {question: Q99, action: confirm, by: bob}\n');
    const r = await f.run('answer', model, 'a.yaml');
    expect(r.code).toBe(2);
    expectOneLine(r.err);
    expect(r.err).toMatch(/\[0\]\.question: Q99 is not a question of .*; nothing was written\n$/);
    writeFileSync(join(f.root, 'c.yaml'), '- {question: Q1, action: confirm, by: "bob\\e[31m"}\n');
    const c = await f.run('answer', model, 'c.yaml');
    expect(c.code).toBe(2);
    expectOneLine(c.err);
    expect(c.err).toMatch(/c\.yaml: \[0\]\.by: may not contain a control character/);
    expect(readFileSync(model, 'utf8')).toBe(before);
  });

  it('no command, an option missing its value, and an output folder that is a file', async () => {
    const f = setup();
    const none = await f.run();
    expect(none).toEqual({ code: 2, out: '', err: 'tmsync: missing command. Run tmsync --help for the list.\n' });
    const r = await f.run('lint', '--max-warnings', '-1', 'x.md');
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      'tmsync lint: --max-warnings needs a value (a value starting with "-" is written --max-warnings=-VALUE); see --help\n',
    );
    writeFileSync(join(f.root, 'a-file'), 'x');
    const q = await f.run('questions', '--campaign', 'campaign.yaml', '--format', 'answers', '--out', 'a-file');
    expect(q.code).toBe(2);
    expect(q.err).toBe('tmsync questions: a-file: exists and is not a folder; choose another --out\n');
  });
});

describe('folders made for output', () => {
  it('makeFolder makes the missing parents, reports the first made, and fails (never loops) where it cannot', async () => {
    const f = setup();
    expect(await makeFolder(join(f.root, 'a', 'b', 'c'))).toBe(join(f.root, 'a'));
    expect(await makeFolder(join(f.root, 'a', 'b'))).toBeUndefined();
    writeFileSync(join(f.root, 'a-file'), 'x');
    await expect(makeFolder(join(f.root, 'a-file', 'x'))).rejects.toMatchObject({ code: 'ENOTDIR' });
    // /proc refuses new entries with ENOENT, on which node's recursive mkdir retries forever.
    if (existsSync('/proc/self')) await expect(makeFolder('/proc/tmsync-x/y')).rejects.toHaveProperty('code');
    const r = await f.run('report', '--campaign', 'campaign.yaml', '--out', 'a-file/site');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/tmsync report: a-file\/site: a file stands in its path; choose another --out\n$/);
  });
});

describe('one run at a time per state folder (#15.5)', () => {
  it('a second apply exits 2 naming the holder (pid, host, start time) when the wait runs out', async () => {
    const f = setup();
    const lock = await lockStateDir(join(f.root, '.tmsync'), { command: 'campaign apply' });
    try {
      const r = await f.runWith({ TMSYNC_LOCK_WAIT_MS: '0' }, 'campaign', 'apply', '--campaign', 'campaign.yaml');
      expect(r.code).toBe(2);
      expectOneLine(r.err);
      expect(r.err).toContain(
        `is in use by another tmsync run (campaign apply, pid ${process.pid} on ${hostname()}, started ${lock.holder.startedAt})`,
      );
      expect(f.get('acme/sat').hasBranch(BRANCH)).toBe(false);
      // A run that only reads takes no lock.
      const plan = await f.runWith({ TMSYNC_LOCK_WAIT_MS: '0' }, 'campaign', 'plan', '--campaign', 'campaign.yaml');
      expect(plan.err).not.toMatch(/in use/);
    } finally {
      await lock.release();
    }
    const r = await f.run('campaign', 'apply', '--campaign', 'campaign.yaml');
    expect(r.code).toBe(0);
    expect(f.get('acme/sat').hasBranch(BRANCH)).toBe(true);
    expect(existsSync(join(f.root, '.tmsync', 'lock'))).toBe(false);
  });

  it('a second run waits for the holder and then goes on', async () => {
    const f = setup();
    const dir = join(f.root, '.tmsync');
    const first = await lockStateDir(dir, { command: 'first' });
    let second: Awaited<ReturnType<typeof lockStateDir>> | null = null;
    const waiting = lockStateDir(dir, { command: 'second', waitMs: 30_000, pollMs: 5 }).then((l) => {
      second = l;
      return l;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(second).toBeNull();
    await first.release();
    const got = await waiting;
    expect(JSON.parse(readFileSync(join(dir, 'lock'), 'utf8'))).toMatchObject({ command: 'second', pid: process.pid });
    await got.release();
    expect(existsSync(join(dir, 'lock'))).toBe(false);
  });

  it('takes over the lock of a dead pid on this host, never one of another host', async () => {
    const f = setup();
    const dir = join(f.root, '.tmsync');
    mkdirSync(dir);
    const stale = { pid: deadPid(), host: hostname(), startedAt: '2025-01-01T00:00:00Z', command: 'x', token: 't' };
    writeFileSync(join(dir, 'lock'), JSON.stringify(stale));
    const r = await f.runWith({ TMSYNC_LOCK_WAIT_MS: '0' }, 'campaign', 'apply', '--campaign', 'campaign.yaml');
    expect(r.code).toBe(0);
    expect(f.get('acme/sat').hasBranch(BRANCH)).toBe(true);
    expect(existsSync(join(dir, 'lock'))).toBe(false);
    writeFileSync(join(dir, 'lock'), JSON.stringify({ ...stale, host: `not-${hostname()}` }));
    await expect(lockStateDir(dir, { command: 'y', waitMs: 0 })).rejects.toThrow(
      new RegExp(`pid ${stale.pid} on not-${hostname()}, started 2025-01-01T00:00:00Z\\).*remove .*lock$`),
    );
  });

  it('the next run removes temporary files killed runs left, and keeps a live run’s', async () => {
    const f = setup();
    const state = join(f.root, '.tmsync');
    const uuid = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const dead = deadPid();
    const files = {
      index: join(state, 'tmp', `index-${dead}-${uuid}`),
      indexLock: join(state, 'tmp', `index-${dead}-${uuid}.lock`),
      blob: join(state, 'tmp', `blob-${dead}-${uuid}-0`),
      changes: join(state, 'local', 'acme', 'sat', `changes.json.${dead}.${uuid}.tmp`),
      cache: join(state, 'github', 'etag-cache', `ab.json.${dead}.${uuid}.tmp`),
      live: join(state, 'tmp', `index-${process.pid}-${uuid}`),
      other: join(state, 'tmp', 'notes.txt'),
    };
    for (const path of Object.values(files)) {
      mkdirSync(join(path, '..'), { recursive: true });
      writeFileSync(path, 'x');
    }
    const r = await f.run('campaign', 'apply', '--campaign', 'campaign.yaml');
    expect(r.code).toBe(0);
    for (const key of ['index', 'indexLock', 'blob', 'changes', 'cache'] as const)
      expect(existsSync(files[key])).toBe(false);
    expect(existsSync(files.live)).toBe(true);
    expect(existsSync(files.other)).toBe(true);
    expect(await removeStaleTemps(state)).toEqual([]);
  });

  it('atomic writes fsync the file and its folder, and leave no temporary file', async () => {
    const f = setup();
    const probe = await open(join(f.root, 'probe'), 'w');
    const FileHandle = Object.getPrototypeOf(probe) as { sync: () => Promise<void> };
    await probe.close();
    const sync = vi.spyOn(FileHandle, 'sync');
    await writeAtomic(join(f.root, 's', 'a.json'), '{}\n');
    expect(sync).toHaveBeenCalledTimes(2);
    sync.mockClear();
    const target = join(f.root, 'user.md');
    writeFileSync(target, 'old\n');
    const leftover = join(f.root, `.user.md.tmsync-${deadPid()}-0123abcd.tmp`);
    writeFileSync(leftover, 'half');
    await writeFileAtomic(target, 'new\n');
    expect(sync).toHaveBeenCalledTimes(2);
    expect(readFileSync(target, 'utf8')).toBe('new\n');
    expect(existsSync(leftover)).toBe(false);
    expect(readdirSync(join(f.root, 's'))).toEqual(['a.json']);
    expect(pidAlive(process.pid)).toBe(true);
  });
});
