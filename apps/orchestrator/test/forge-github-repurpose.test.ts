/**
 * The github forge repurposing an earlier draft pull request (updating it into the pointer PR,
 * or closing it with a link to the replacement), only when the tool's own login opened it.
 */
import { Octokit } from '@octokit/rest';
import { describe, expect, it } from 'vitest';
import { MAINT_TOKEN, TOKEN } from './helpers/github.js';
import { BRANCH, lab, pointer, satellite, useGitHubLab } from './helpers/github-forge.js';

useGitHubLab();

describe('repurpose', () => {
  async function draft(repo: string, by: 'tmsync-bot' | 'maint' = 'tmsync-bot'): Promise<number> {
    const token = by === 'tmsync-bot' ? TOKEN : MAINT_TOKEN;
    const client = new Octokit({ auth: token, baseUrl: lab.gh.url });
    const [owner, name] = repo.split('/') as [string, string];
    const main = (await client.rest.git.getRef({ owner, repo: name, ref: 'heads/main' })).data.object.sha;
    const baseTree = (await client.rest.git.getCommit({ owner, repo: name, commit_sha: main })).data.tree.sha;
    const tree = await client.rest.git.createTree({
      owner,
      repo: name,
      base_tree: baseTree,
      tree: [{ path: 'draft-THREAT-MODEL.md', mode: '100644', type: 'blob', content: '# Draft model\n' }],
    });
    const commit = await client.rest.git.createCommit({
      owner,
      repo: name,
      message: 'Add draft threat model\n\nGenerated-by: Claude Code\n',
      tree: tree.data.sha,
      parents: [main],
    });
    await client.rest.git.createRef({
      owner,
      repo: name,
      ref: 'refs/heads/asf-security/draft-threat-model-2026-05-30',
      sha: commit.data.sha,
    });
    const pr = await client.rest.pulls.create({
      owner,
      repo: name,
      head: 'asf-security/draft-threat-model-2026-05-30',
      base: 'main',
      title: 'Add draft project security threat-model document',
    });
    return pr.data.number;
  }

  it('updates an earlier draft PR into the pointer PR: its net change becomes the pointer change', async () => {
    const repo = await satellite();
    const number = await draft(repo);
    const state = lab.state();
    const settings = { repurpose: { branchPattern: '^asf-security/draft-', action: 'update' as const } };
    const result = await lab.forge(state, { settings }).propose(pointer(repo));
    expect(result.outcome).toBe('updated');
    expect(result.change!.id).toBe(number);
    expect(result.detail).toMatch(/repurposed draft #\d+/);
    const pulls = lab.gh.pulls(repo);
    expect(pulls).toHaveLength(1);
    expect(pulls[0]).toMatchObject({ number, title: 'Point to the threat model', state: 'open' });
    const head = 'asf-security/draft-threat-model-2026-05-30';
    expect(await lab.gh.readFile(repo, head, 'draft-THREAT-MODEL.md')).toBeNull();
    expect(await lab.gh.readFile(repo, head, 'SECURITY.md')).toBe('# Security\n\nSee the model (v1).\n');
    expect(await lab.gh.refSha(repo, BRANCH)).toBeNull();
    // Later runs find it as the pointer PR (also without the journal) and leave it as it is.
    for (const s of [state, lab.state()]) {
      const forge = lab.forge(s, { settings });
      expect(await forge.findChange(repo, BRANCH)).toMatchObject(s === state ? { id: number } : {});
      const again = await forge.propose(pointer(repo));
      expect(again.outcome, again.detail).toBe('unchanged');
      expect(again.change!.id).toBe(number);
    }
    expect(lab.gh.pulls(repo)).toHaveLength(1);
  });

  it('closes an earlier draft with a comment linking its replacement', async () => {
    const repo = await satellite();
    const number = await draft(repo);
    const settings = { repurpose: { titlePattern: 'draft project security threat-model', action: 'close' as const } };
    const result = await lab.forge(lab.state(), { settings }).propose(pointer(repo));
    expect(result.outcome).toBe('created');
    const pulls = lab.gh.pulls(repo);
    const old = pulls.find((p) => p.number === number)!;
    const replacement = pulls.find((p) => p.number !== number)!;
    expect(old.state).toBe('closed');
    expect(old.comments[0]!.body).toContain(result.change!.url);
    expect(replacement).toMatchObject({ state: 'open', head: { ref: BRANCH } });
    expect((await lab.forge(lab.state(), { settings }).propose(pointer(repo))).outcome).toBe('unchanged');
    expect(lab.gh.pulls(repo)).toHaveLength(2);
  });

  it('does not take over a draft by someone else', async () => {
    const repo = await satellite();
    const number = await draft(repo, 'maint');
    const result = await lab
      .forge(lab.state(), { settings: { repurpose: { branchPattern: '^asf-security/', action: 'update' } } })
      .propose(pointer(repo));
    expect(result.outcome).toBe('created');
    expect(lab.gh.pulls(repo).find((p) => p.number === number)).toMatchObject({
      state: 'open',
      title: 'Add draft project security threat-model document',
    });
  });
});
