/**
 * The commit identity of the github forge: commits made through the Git Data API carry the
 * campaign's `commit` identity when it sets one, else GitHub records the token's user; either
 * way the tool recognises its own commits on a later run and still refuses anyone else's.
 */
import { CampaignSchema } from '@tmsync/core';
import { Octokit } from '@octokit/rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createForge } from '../src/campaign/forge-factory.js';
import type { ProposeInput } from '../src/forge/types.js';
import type { GitHubLab } from './helpers/github.js';
import { MAINT_TOKEN, startLab, TOKEN } from './helpers/github.js';

const BRANCH = 'tmsync/threat-model-pointer';
const IDENTITY = { name: 'ASF Threat Model Bot', email: 'security-tm@apache.example' };
let lab: GitHubLab;
let maint: Octokit;
let counter = 0;

beforeAll(async () => {
  lab = await startLab();
  maint = new Octokit({ auth: MAINT_TOKEN, baseUrl: lab.gh.url });
});
afterAll(async () => {
  await lab?.stop();
});

async function satellite(): Promise<string> {
  const name = `acme/id-${++counter}`;
  await lab.gh.createRepo(name, { files: { 'README.md': '# satellite\n' } });
  return name;
}

function pointer(repo: string, text: string): ProposeInput {
  return {
    repo,
    branch: BRANCH,
    title: 'Point to the threat model',
    body: `Points ${repo} to the model (${text}).\n`,
    message: 'Point to the canonical threat model',
    changes: [{ path: 'SECURITY.md', content: `# Security\n\nSee the model (${text}).\n` }],
  };
}

/** The tip commit of the tool branch as GitHub shows it. */
async function tip(repo: string) {
  const [owner, name] = repo.split('/') as [string, string];
  const c = (await maint.rest.repos.getCommit({ owner, repo: name, ref: BRANCH })).data;
  return {
    author: { name: c.commit.author?.name, email: c.commit.author?.email },
    committer: { name: c.commit.committer?.name, email: c.commit.committer?.email },
    login: c.author?.login ?? null,
    message: c.commit.message,
  };
}

describe('github forge commit identity', () => {
  it("commits as the campaign's identity and knows those commits as its own, on the same and a fresh run", async () => {
    const repo = await satellite();
    const forge = lab.forge(lab.state(), { identity: IDENTITY });
    expect((await forge.propose(pointer(repo, 'v1'))).outcome).toBe('created');
    const made = await tip(repo);
    expect(made.author).toEqual(IDENTITY);
    expect(made.committer).toEqual(IDENTITY);
    expect(made.login).toBeNull();
    expect(made.message).toMatch(/\n\nGenerated-by: tmsync$/);

    // Same run (the comparison remembered) and a fresh forge (read from GitHub): updated, not foreign.
    expect((await forge.propose(pointer(repo, 'v2'))).outcome).toBe('updated');
    const fresh = lab.forge(lab.state(), { identity: IDENTITY });
    expect((await fresh.propose(pointer(repo, 'v3'))).outcome).toBe('updated');
    expect((await fresh.propose(pointer(repo, 'v3'))).outcome).toBe('unchanged');
    expect((await tip(repo)).author).toEqual(IDENTITY);
  });

  it('still refuses a commit someone else made, even one that copies the trailer', async () => {
    const repo = await satellite();
    const forge = lab.forge(lab.state(), { identity: IDENTITY });
    expect((await forge.propose(pointer(repo, 'v1'))).outcome).toBe('created');
    // A human taking the bot's name (not its address) and copying the trailer.
    await lab.gh.commitAs(
      repo,
      BRANCH,
      { 'SECURITY.md': '# Security\n\nOur own words.\n' },
      {
        author: { name: IDENTITY.name, email: 'human@example.com' },
        message: 'Tweak wording\n\nGenerated-by: tmsync\n',
      },
    );
    const again = await lab.forge(lab.state(), { identity: IDENTITY }).propose(pointer(repo, 'v2'));
    expect(again.outcome).toBe('foreign-commits');
  });

  it("leaves the identity to GitHub (the token's user) when the campaign sets none", async () => {
    const repo = await satellite();
    const forge = lab.forge(lab.state());
    expect((await forge.propose(pointer(repo, 'v1'))).outcome).toBe('created');
    const made = await tip(repo);
    expect(made.login).toBe('tmsync-bot');
    expect(made.author.name).toBe('tmsync bot');
    expect(made.author.email).not.toBe(IDENTITY.email);
    expect((await lab.forge(lab.state()).propose(pointer(repo, 'v2'))).outcome).toBe('updated');
  });

  it("is wired from the campaign file's commit key", async () => {
    const repo = await satellite();
    const campaign = CampaignSchema.parse({
      forge: 'github',
      commit: IDENTITY,
      github: { writeSpacingMs: 10, createSpacingMs: 30 },
      families: [{ name: 'f', parent: { repo: 'acme/parent' }, satellites: [{ repo }] }],
    });
    const forge = createForge(campaign, lab.root, {
      env: { GITHUB_TOKEN: TOKEN },
      apiUrl: lab.gh.url,
      stateDir: lab.state(),
      github: { clock: lab.clock, timeScale: 0.01 },
    });
    expect((await forge.propose(pointer(repo, 'v1'))).outcome).toBe('created');
    expect((await tip(repo)).author).toEqual(IDENTITY);
  });
});
