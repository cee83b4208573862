/**
 * The shared setup of the github forge tests (forge-github-reads / -propose / -repurpose): one
 * emulator lab per test file, a maintainer client, fresh satellite repositories and the pointer
 * proposal they receive. Call `useGitHubLab()` at the top of a test file.
 */
import { Octokit } from '@octokit/rest';
import { afterAll, beforeAll } from 'vitest';
import type { ProposeInput } from '../../src/forge/types.js';
import type { GitHubLab } from './github.js';
import { MAINT_TOKEN, startLab } from './github.js';

/** The branch every pointer proposal uses. */
export const BRANCH = 'tmsync/threat-model-pointer';
/** The emulator lab and a maintainer's Octokit on it, set by useGitHubLab's beforeAll. */
export let lab: GitHubLab;
export let maint: Octokit;
let counter = 0;

/** Starts the lab (fork readiness delayed, as on GitHub) before the file's tests and stops it after. */
export function useGitHubLab(): void {
  beforeAll(async () => {
    lab = await startLab({ forkReadyDelayMs: 150 });
    maint = new Octokit({ auth: MAINT_TOKEN, baseUrl: lab.gh.url });
  });
  afterAll(async () => {
    await lab?.stop();
  });
}

/** A new satellite repository with a README. */
export async function satellite(files: Record<string, string> = {}): Promise<string> {
  const name = `acme/sat-${++counter}`;
  await lab.gh.createRepo(name, { files: { 'README.md': '# satellite\n', ...files } });
  return name;
}

/** A pointer proposal for `repo`, its texts marked with `text`. */
export function pointer(repo: string, text = 'v1', extra: Partial<ProposeInput> = {}): ProposeInput {
  return {
    repo,
    branch: BRANCH,
    title: 'Point to the threat model',
    body: `This change points ${repo} to the canonical model (${text}).\n`,
    message: 'Point to the canonical threat model',
    changes: [
      { path: 'SECURITY.md', content: `# Security\n\nSee the model (${text}).\n` },
      { path: 'AGENTS.md', content: `# Agents\n\nRead SECURITY.md (${text}).\n` },
    ],
    ...extra,
  };
}

/** The commits of `branch` (in `headRepo`) not on `repo`'s default branch, oldest first. */
export async function branchCommits(
  repo: string,
  headRepo = repo,
  branch = BRANCH,
): Promise<{ sha: string; message: string; login: string | null }[]> {
  const base = (await maint.rest.repos.get({ owner: repo.split('/')[0]!, repo: repo.split('/')[1]! })).data
    .default_branch;
  const owner = headRepo.split('/')[0]!;
  const basehead = headRepo === repo ? `${base}...${branch}` : `${base}...${owner}:${branch}`;
  const cmp = await maint.request('GET /repos/{owner}/{repo}/compare/{basehead}', {
    owner: repo.split('/')[0]!,
    repo: repo.split('/')[1]!,
    basehead,
  });
  return cmp.data.commits.map((c) => ({ sha: c.sha, message: c.commit.message, login: c.author?.login ?? null }));
}
