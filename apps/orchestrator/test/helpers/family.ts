/**
 * Real git repositories for satellite tests: a parent and its satellites as
 * `ROOT/repos/owner/name` (made with `execFile git`, fixed identity and dates,
 * no user configuration), a campaign file next to them, and the CLI run
 * in-process with a capturing Io and a fixed clock.
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { main } from '../../src/cli.js';
import type { Io } from '../../src/io.js';

/** The fixtures folder of the satellite tests. */
export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'satellites');

/** A fixture's text. */
export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

/** The identity the tool commits with in tests (the campaign's `commit`). */
export const TOOL_IDENTITY = { name: 'tmsync test', email: 'tmsync-test@example.org' };

/** The clock every test run uses. */
export const CLOCK = '2025-01-02T03:04:05Z';

/** What a CLI run printed and returned. */
export interface RunResult {
  code: number;
  out: string;
  err: string;
}

/** The environment of plain git run as a human would (fixed identity and dates, no user or system config). */
export function humanGitEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GIT_')) env[k] = v;
  return Object.assign(env, {
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Human',
    GIT_AUTHOR_EMAIL: 'human@example.org',
    GIT_COMMITTER_NAME: 'Human',
    GIT_COMMITTER_EMAIL: 'human@example.org',
    GIT_AUTHOR_DATE: '2024-06-01T00:00:00Z',
    GIT_COMMITTER_DATE: '2024-06-01T00:00:00Z',
  });
}

/** One repository of the family: a work tree on `main`. */
export class TestRepo {
  constructor(
    readonly name: string,
    readonly dir: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** Runs git in the repository as a human would. */
  git(...args: string[]): string {
    return execFileSync('git', args, {
      cwd: this.dir,
      env: this.env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  /** Writes a file in the work tree (folders made as needed). */
  write(path: string, content: string): this {
    mkdirSync(dirname(join(this.dir, path)), { recursive: true });
    if (existsSync(join(this.dir, path))) unlinkSync(join(this.dir, path));
    writeFileSync(join(this.dir, path), content);
    return this;
  }

  /** Makes a symlink in the work tree. */
  link(path: string, target: string): this {
    mkdirSync(dirname(join(this.dir, path)), { recursive: true });
    symlinkSync(target, join(this.dir, path));
    return this;
  }

  /** Removes a file from the work tree. */
  remove(path: string): this {
    rmSync(join(this.dir, path), { force: true });
    return this;
  }

  /** Commits everything in the work tree; returns the commit. */
  commit(message = 'update'): string {
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
    return this.head();
  }

  /** The commit a ref points at. */
  head(ref = 'HEAD'): string {
    return this.git('rev-parse', ref).trim();
  }

  /** Tags the current commit. */
  tag(name: string): this {
    this.git('tag', name);
    return this;
  }

  /** A file's content at a ref (`git show`), or null when it does not exist there. */
  show(ref: string, path: string): string | null {
    try {
      return this.git('show', `${ref}:${path}`);
    } catch {
      return null;
    }
  }

  /** Whether a branch exists. */
  hasBranch(branch: string): boolean {
    try {
      this.git('rev-parse', '--verify', '--quiet', `refs/heads/${branch}`);
      return true;
    } catch {
      return false;
    }
  }

  /** Commits on a branch since main (`git log main..branch`), newest first, as subjects. */
  commitsOn(branch: string): string[] {
    return this.git('log', '--format=%s', `main..${branch}`).split('\n').filter(Boolean);
  }
}

/** A temporary family of repositories and a campaign file. */
export class TestFamily {
  readonly root: string;
  readonly repos: string;
  readonly campaignFile: string;
  readonly env: NodeJS.ProcessEnv;
  private readonly saved: Record<string, string | undefined>;

  constructor(prefix = 'tmsync-family-') {
    this.root = mkdtempSync(join(tmpdir(), prefix));
    this.repos = join(this.root, 'repos');
    this.campaignFile = join(this.root, 'campaign.yaml');
    const home = join(this.root, 'home');
    mkdirSync(home, { recursive: true });
    this.env = humanGitEnv(home);
    // The forge runs git with the process's HOME: keep the user's configuration out of it.
    this.saved = {
      HOME: process.env.HOME,
      XDG_CONFIG_HOME: process.env.XDG_CONFIG_HOME,
      GIT_CONFIG_NOSYSTEM: process.env.GIT_CONFIG_NOSYSTEM,
    };
    process.env.HOME = home;
    process.env.XDG_CONFIG_HOME = join(home, '.config');
    process.env.GIT_CONFIG_NOSYSTEM = '1';
  }

  /** Creates `owner/name` with the given files (`{ link: target }` for a symlink) committed on `main`. */
  repo(name: string, files: Record<string, string | { link: string }> = {}): TestRepo {
    const dir = join(this.repos, ...name.split('/'));
    mkdirSync(dir, { recursive: true });
    const repo = new TestRepo(name, dir, this.env);
    repo.git('init', '-q', '-b', 'main');
    for (const [path, content] of Object.entries(files)) {
      if (typeof content === 'string') repo.write(path, content);
      else repo.link(path, content.link);
    }
    if (Object.keys(files).length === 0) repo.write('README.md', `# ${name}\n`);
    repo.commit('initial');
    return repo;
  }

  /** An existing repository of the family. */
  get(name: string): TestRepo {
    return new TestRepo(name, join(this.repos, ...name.split('/')), this.env);
  }

  /** Writes the campaign file (an object rendered as YAML, or YAML text); `local.root` defaults to the repos folder. */
  campaign(content: Record<string, unknown> | string): string {
    const text =
      typeof content === 'string'
        ? content
        : stringify({ local: { root: 'repos' }, commit: TOOL_IDENTITY, ...content });
    writeFileSync(this.campaignFile, text);
    return text;
  }

  /** The campaign file as it is now. */
  campaignText(): string {
    return readFileSync(this.campaignFile, 'utf8');
  }

  /** Runs `tmsync ARGS` in-process from the family's folder, with the fixed clock. */
  run(...argv: string[]): Promise<RunResult> {
    return this.runWith({}, ...argv);
  }

  /** `run` with extra environment variables in the command's Io (`TMSYNC_LOCK_WAIT_MS`). */
  async runWith(env: NodeJS.ProcessEnv, ...argv: string[]): Promise<RunResult> {
    let out = '';
    let err = '';
    const io: Io = {
      stdout: (t) => {
        out += t;
      },
      stderr: (t) => {
        err += t;
      },
      cwd: this.root,
      env: { TMSYNC_CLOCK: CLOCK, ...env },
    };
    const code = await main(argv, io);
    return { code, out, err };
  }

  /** Change-request records of a repository in the campaign's state folder. */
  changes(
    repo: string,
    state = '.tmsync',
  ): { id: number; title: string; body: string; state: string; headSha: string }[] {
    const path = join(this.root, state, 'local', ...repo.split('/'), 'changes.json');
    if (!existsSync(path)) return [];
    return (
      JSON.parse(readFileSync(path, 'utf8')) as {
        changes: { id: number; title: string; body: string; state: string; headSha: string }[];
      }
    ).changes;
  }

  /** Removes the folder and restores the environment. */
  cleanup(): void {
    for (const [k, v] of Object.entries(this.saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    rmSync(this.root, { recursive: true, force: true });
  }
}
