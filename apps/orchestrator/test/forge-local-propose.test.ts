/**
 * LocalForge.propose: a branch, one commit and a change request record per proposal, updated in
 * place, never over a human's commit, never disturbing the user's work tree; and the commit
 * identity it refuses to make up.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalForge } from '../src/forge/local.js';
import { TOOL_TRAILER } from '../src/forge/types.js';
import {
  app,
  CLOCK,
  forge,
  forgeError,
  git,
  patchApplies,
  proposal,
  root,
  stateDir,
  tmp,
  userSnapshot,
  userState,
  useLocalRepo,
  v2,
  write,
} from './helpers/local-forge.js';

useLocalRepo();

describe('LocalForge.propose', () => {
  const branch = 'tmsync/pointers';
  let first = '';
  let patchPath = '';

  it('creates a branch, one commit, a change request record and a patch that applies on the base', async () => {
    const result = await forge.propose(proposal());
    expect(result.outcome).toBe('created');
    const change = result.change;
    expect(change).toMatchObject({
      repo: 'acme/app',
      id: 1,
      base: 'main',
      head: branch,
      state: 'open',
      labels: ['security'],
      draft: false,
    });
    first = change?.headSha ?? '';
    expect(await forge.resolveRef('acme/app', branch)).toBe(first);
    expect(git(app, 'rev-parse', `${first}^`).trim()).toBe(v2);
    expect(git(app, 'log', '-1', '--format=%an <%ae>|%cn <%ce>|%at|%ct', first).trim()).toBe(
      `tmsync test <tmsync-test@example.org>|tmsync test <tmsync-test@example.org>|${CLOCK.getTime() / 1000}|${CLOCK.getTime() / 1000}`,
    );
    expect(git(app, 'log', '-1', '--format=%B', first)).toBe(`Add security pointers\n\n${TOOL_TRAILER}\n\n`);
    expect(git(app, 'diff', '--name-only', v2, first).trim().split('\n')).toEqual(['CLAUDE.md', 'SECURITY.md']);
    expect((await forge.readFile('acme/app', 'AGENTS.md', branch))?.content).toContain('Read SECURITY.md.');

    patchPath = change?.patchPath ?? '';
    expect(change?.url).toBe(`file://${patchPath}`);
    expect(patchPath.startsWith(join(stateDir, 'local', 'acme', 'app'))).toBe(true);
    expect(readFileSync(patchPath, 'utf8')).toContain('Subject: [PATCH] Add security pointers');
    expect(patchApplies(app, patchPath)).toBe(true);

    const records = JSON.parse(readFileSync(join(stateDir, 'local', 'acme', 'app', 'changes.json'), 'utf8'));
    expect(records.nextId).toBe(2);
    expect(records.changes[0]).toMatchObject({
      id: 1,
      title: 'Add security pointers',
      headSha: first,
      createdAt: CLOCK.toISOString(),
    });
    expect(await forge.findChange('acme/app', branch)).toEqual(change);
    expect(await forge.findChange('acme/app', 'tmsync/other')).toBeNull();
  });

  it('re-proposing the same files changes nothing, but refreshes the record text', async () => {
    const again = await forge.propose(proposal());
    expect(again.outcome).toBe('unchanged');
    expect(again.change?.headSha).toBe(first);
    expect(await forge.resolveRef('acme/app', branch)).toBe(first);

    const retitled = await forge.propose(proposal({ title: 'Security pointers (v2)' }));
    expect(retitled.outcome).toBe('unchanged');
    expect(retitled.detail).toContain('refreshed');
    expect((await forge.findChange('acme/app', branch))?.title).toBe('Security pointers (v2)');
    expect(await forge.resolveRef('acme/app', branch)).toBe(first);
  });

  it('new content adds one commit on top and updates the change in place', async () => {
    const changes = [
      { path: 'SECURITY.md', content: '# Security\n\nSee the parent threat model.\n' },
      { path: 'CLAUDE.md', content: '# Claude\n\n## Security\n\nRead SECURITY.md.\n' },
    ];
    const result = await forge.propose(proposal({ changes, message: `Refresh pointers\n\n${TOOL_TRAILER}\n` }));
    expect(result.outcome).toBe('updated');
    expect(result.change?.id).toBe(1);
    const second = result.change?.headSha ?? '';
    expect(git(app, 'rev-parse', `${second}^`).trim()).toBe(first);
    expect(git(app, 'rev-list', '--count', `main..${branch}`).trim()).toBe('2');
    expect(git(app, 'log', '-1', '--format=%B', second)).toBe(`Refresh pointers\n\n${TOOL_TRAILER}\n\n`);
    expect(git(app, 'diff', '--name-only', first, second).trim()).toBe('SECURITY.md');
    expect(result.change?.patchPath).toBe(patchPath);
    expect(patchApplies(app, patchPath)).toBe(true);
    expect((await forge.listChanges('acme/app')).length).toBe(1);
  });

  it('deletes files, and treats deleting an absent file or writing base content as nothing to do', async () => {
    const del = await forge.propose(
      proposal({
        branch: 'tmsync/cleanup',
        changes: [
          { path: 'old/draft.md', content: null },
          { path: 'gone.md', content: null },
        ],
      }),
    );
    expect(del.outcome).toBe('created');
    expect(del.change?.id).toBe(2);
    expect(git(app, 'ls-tree', '-r', '--name-only', 'tmsync/cleanup')).not.toContain('old/draft.md');
    expect(git(app, 'diff', '--name-status', 'main', 'tmsync/cleanup').trim()).toBe('D\told/draft.md');
    expect(patchApplies(app, del.change?.patchPath ?? '')).toBe(true);

    const noop = await forge.propose(
      proposal({
        branch: 'tmsync/noop',
        changes: [
          { path: 'gone.md', content: null },
          { path: 'README.md', content: 'hello\n' },
        ],
      }),
    );
    expect(noop).toMatchObject({ outcome: 'unchanged', change: null });
    expect(await forge.resolveRef('acme/app', 'tmsync/noop')).toBeNull();
  });

  it('leaves a tool branch holding a human commit alone', async () => {
    const human = join(tmp, 'human');
    git(tmp, 'clone', '-q', '-b', branch, app, human);
    write(human, 'SECURITY.md', 'a human wrote this\n');
    git(human, 'commit', '-q', '-am', 'human tweak');
    git(human, 'push', '-q', 'origin', branch);
    const tip = git(app, 'rev-parse', branch).trim();
    const recordsBefore = readFileSync(join(stateDir, 'local', 'acme', 'app', 'changes.json'), 'utf8');

    const result = await forge.propose(proposal({ changes: [{ path: 'SECURITY.md', content: 'tool text\n' }] }));
    expect(result.outcome).toBe('foreign-commits');
    expect(result.detail).toContain(tip.slice(0, 12));
    expect(result.change?.id).toBe(1);
    expect(git(app, 'rev-parse', branch).trim()).toBe(tip);
    expect(readFileSync(join(stateDir, 'local', 'acme', 'app', 'changes.json'), 'utf8')).toBe(recordsBefore);
  });

  it('closes a change request with a comment', async () => {
    await forge.closeChange('acme/app', 1, 'Superseded.');
    expect(await forge.findChange('acme/app', branch)).toBeNull();
    const closed = (await forge.listChanges('acme/app')).find((c) => c.id === 1);
    expect(closed).toMatchObject({
      state: 'closed',
      closedAt: CLOCK.toISOString(),
      comments: [{ at: CLOCK.toISOString(), body: 'Superseded.' }],
    });
    await forge.closeChange('acme/app', 1, 'again');
    expect((await forge.listChanges('acme/app')).find((c) => c.id === 1)?.comments).toHaveLength(1);
    expect((await forgeError(forge.closeChange('acme/app', 99, 'x'))).code).toBe('ref-not-found');
  });

  it('rejects invalid branch, base and path names and writes nothing', async () => {
    const badBranches = ['bad..name', '-x', 'a b', 'x.lock', 'a/.hidden', 'HEAD', 'a:b', 'a~1', 'end/', 'x@{1}'];
    for (const b of badBranches) {
      expect((await forgeError(forge.propose(proposal({ branch: b })))).code).toBe('invalid-name');
    }
    expect((await forgeError(forge.propose(proposal({ base: '--all' })))).code).toBe('invalid-name');
    expect((await forgeError(forge.propose(proposal({ branch: 'main' })))).code).toBe('invalid-name');
    for (const p of ['../x', '/abs', 'a/.git/config', '.git/hooks/pre-commit', 'a\0b', 'a/./b']) {
      const err = await forgeError(
        forge.propose(proposal({ branch: 'tmsync/bad', changes: [{ path: p, content: 'x' }] })),
      );
      expect(err.code).toBe('invalid-name');
    }
    const dup = [
      { path: 'a.md', content: '1' },
      { path: 'a.md', content: '2' },
    ];
    expect((await forgeError(forge.propose(proposal({ branch: 'tmsync/bad', changes: dup })))).code).toBe(
      'invalid-name',
    );
    // Paths through a symlink or into a directory are the caller's to resolve.
    for (const p of ['AGENTS.md', 'docs/SECURITY.md', '.github', 'README.md/x']) {
      const err = await forgeError(
        forge.propose(proposal({ branch: 'tmsync/bad', changes: [{ path: p, content: 'x' }] })),
      );
      expect(err.code).toBe('invalid-name');
    }
    expect((await forgeError(forge.propose(proposal({ base: 'nope' })))).code).toBe('ref-not-found');
    expect(await forge.resolveRef('acme/app', 'tmsync/bad')).toBeNull();
  });

  it('refuses to move a checked-out branch, and records a change that landed as merged', async () => {
    const co = join(root, 'acme', 'co');
    mkdirSync(co, { recursive: true });
    git(co, 'init', '-q', '-b', 'main');
    write(co, 'README.md', 'co\n');
    git(co, 'add', '-A');
    git(co, 'commit', '-q', '-m', 'init');
    git(co, 'checkout', '-q', '-b', 'tmsync/x');
    const input = proposal({
      repo: 'acme/co',
      branch: 'tmsync/x',
      base: 'main',
      changes: [{ path: 'SECURITY.md', content: 's\n' }],
    });
    expect((await forgeError(forge.propose(input))).code).toBe('conflict');
    git(co, 'checkout', '-q', 'main');

    const created = await forge.propose(input);
    expect(created.outcome).toBe('created');
    git(co, 'merge', '-q', '--ff-only', 'tmsync/x');
    const after = await forge.propose(input);
    expect(after).toMatchObject({ outcome: 'unchanged', change: null });
    expect((await forge.listChanges('acme/co'))[0]?.state).toBe('merged');
  });

  it('sees a change merged with a merge commit: findChange no longer reports it open', async () => {
    const mm = join(root, 'acme', 'mm');
    mkdirSync(mm, { recursive: true });
    git(mm, 'init', '-q', '-b', 'main');
    write(mm, 'README.md', 'mm\n');
    git(mm, 'add', '-A');
    git(mm, 'commit', '-q', '-m', 'init');
    const input = proposal({
      repo: 'acme/mm',
      branch: 'tmsync/y',
      base: 'main',
      changes: [{ path: 'SECURITY.md', content: 's\n' }],
    });
    expect((await forge.propose(input)).outcome).toBe('created');
    expect(await forge.findChange('acme/mm', 'tmsync/y')).not.toBeNull();
    write(mm, 'OTHER.md', 'meanwhile\n');
    git(mm, 'add', 'OTHER.md');
    git(mm, 'commit', '-q', '-m', 'meanwhile on main');
    git(mm, 'merge', '-q', '--no-ff', '-m', 'Merge the pointers', 'tmsync/y');
    expect(await forge.findChange('acme/mm', 'tmsync/y')).toBeNull();
    expect((await forge.listChanges('acme/mm'))[0]?.state).toBe('merged');
  });

  it('never touched the user work tree, index or HEAD', () => {
    expect(userSnapshot()).toEqual(userState);
    expect(readFileSync(join(app, 'README.md'), 'utf8')).toBe('hello, edited but not committed\n');
    expect(existsSync(join(app, 'SECURITY.md'))).toBe(false);
    expect(readdirSync(join(stateDir, 'tmp'))).toEqual([]);
  });
});

describe('LocalForge commit identity', () => {
  it('is never made up: without the campaign identity or git config, propose refuses with what to set', async () => {
    const bare = new LocalForge({ root, stateDir: join(stateDir, 'no-identity'), clock: () => CLOCK });
    const saved = { ...process.env };
    for (const k of ['GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_EMAIL', 'GIT_AUTHOR_NAME', 'GIT_COMMITTER_NAME', 'EMAIL'])
      delete process.env[k];
    try {
      await expect(
        bare.propose({
          repo: 'acme/app',
          branch: 'tmsync/identity-check',
          title: 't',
          body: 'b',
          message: 'm',
          changes: [{ path: 'IDENTITY.md', content: 'x\n' }],
        }),
      ).rejects.toThrow(/no identity to commit with: set commit: \{name, email\} in the campaign file, or git config/);
    } finally {
      Object.assign(process.env, saved);
    }
  });
});
