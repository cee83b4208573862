import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, startGitHubEmulator, type EmulatorOptions, type GitHubEmulator } from '../src/index.js';

export const TOKENS = {
  maintainer: 'ghp_maintainerTOKEN0000000000000000000001',
  outsider: 'ghp_outsiderTOKEN00000000000000000000002',
  reviewer: 'ghp_reviewerTOKEN00000000000000000000003',
} as const;

export const USERS: EmulatorOptions['users'] = {
  [TOKENS.maintainer]: { login: 'maint', canPush: (r) => r.startsWith('acme/') },
  [TOKENS.outsider]: { login: 'outsider' },
  [TOKENS.reviewer]: { login: 'rev', canPush: ['acme/widgets', 'acme/gadgets'] },
};

export interface Started {
  gh: GitHubEmulator;
  /** The emulator's clock: tests advance it instead of sleeping. */
  clock: ManualClock;
  root: string;
  cleanup(): Promise<void>;
}

/** Starts an emulator on a ManualClock (unless `opts.clock` gives another) in a fresh folder. */
export async function start(opts: Partial<EmulatorOptions> = {}): Promise<Started> {
  const root = mkdtempSync(join(tmpdir(), 'tmsync-gh-'));
  const clock = opts.clock instanceof ManualClock ? opts.clock : new ManualClock();
  const gh = await startGitHubEmulator({ root, users: USERS, clock, ...opts });
  return {
    gh,
    clock,
    root,
    async cleanup() {
      await gh.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export interface CallResult {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  text: string;
}

export async function call(
  gh: { url: string },
  method: string,
  path: string,
  opts: { token?: string | null; body?: unknown; headers?: Record<string, string> } = {},
): Promise<CallResult> {
  const headers: Record<string, string> = { accept: 'application/vnd.github+json', ...opts.headers };
  const token = opts.token === undefined ? TOKENS.maintainer : opts.token;
  if (token) headers.authorization = `token ${token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json; charset=utf-8';
  const res = await fetch(`${gh.url}${path}`, {
    method,
    headers,
    body: opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body),
  });
  const text = await res.text();
  const h: Record<string, string> = {};
  res.headers.forEach((v, k) => {
    h[k] = v;
  });
  let body: unknown = text === '' ? undefined : text;
  if ((h['content-type'] ?? '').startsWith('application/json') && text) body = JSON.parse(text);
  return { status: res.status, headers: h, body, text };
}
