/**
 * OpenAPI suites: users and repositories (forks included), and contents, branches, tags,
 * commits and compare. Registered by openapi.test.ts, in order.
 */
import { describe, expect, test } from 'vitest';
import { call, TOKENS } from './helpers.js';
import { hit, json, list, mainSha, s, validator } from './openapi-lab.js';
import { newCommit } from './openapi-git-suite.js';

/** Registers the 'users and repositories' tests. */
export function usersAndRepositoriesSuite(): void {
  describe('users and repositories', () => {
    test('GET /user', async () => {
      const r = await hit('users/get-authenticated', 'GET', '/user', 200);
      expect(json(r).login).toBe('maint');
      await hit('users/get-authenticated', 'GET', '/user', 304, { headers: { 'if-none-match': r.headers.etag! } });
      const anon = await hit('users/get-authenticated', 'GET', '/user', 401, { token: null });
      expect(json(anon).message).toBe('Requires authentication');
      const bad = await hit('users/get-authenticated', 'GET', '/user', 401, { token: 'ghp_nope' });
      expect(json(bad).message).toBe('Bad credentials');
      expect(bad.text).not.toContain('ghp_nope');
    });

    test('GET /users/{username}', async () => {
      expect(json(await hit('users/get-by-username', 'GET', '/users/acme', 200)).type).toBe('Organization');
      expect(json(await hit('users/get-by-username', 'GET', '/users/rev', 200)).type).toBe('User');
      await hit('users/get-by-username', 'GET', '/users/nobody-at-all', 404);
    });

    test('GET /rate_limit', async () => {
      const r = await hit('rate-limit/get', 'GET', '/rate_limit', 200);
      expect(json(r).resources.core.limit).toBe(5000);
    });

    test('GET /repos/{owner}/{repo}', async () => {
      const r = await hit('repos/get', 'GET', '/repos/acme/widgets', 200);
      expect(json(r)).toMatchObject({
        full_name: 'acme/widgets',
        default_branch: 'main',
        fork: false,
        owner: { login: 'acme', type: 'Organization' },
        permissions: { admin: false, push: true, pull: true },
      });
      // The same body with a required field removed or mistyped does not validate.
      const { default_branch: _omit, ...withoutBranch } = json(r);
      expect(validator.check('repos/get', 'GET', 200, withoutBranch, r.headers).errors).not.toEqual([]);
      expect(
        validator.check('repos/get', 'GET', 200, { ...json(r), owner: { login: 'acme' } }, r.headers).errors,
      ).not.toEqual([]);
      expect(
        validator.check('repos/get', 'GET', 200, { ...json(r), pushed_at: 'yesterday' }, r.headers).errors,
      ).not.toEqual([]);
      const o = await hit('repos/get', 'GET', '/repos/acme/widgets', 200, { token: TOKENS.outsider });
      expect(json(o).permissions).toMatchObject({ admin: false, push: false, pull: true });
      await hit('repos/get', 'GET', '/repos/acme/widgets', 304, { headers: { 'if-none-match': r.headers.etag! } });
      await hit('repos/get', 'GET', '/repos/acme/nothing', 404);
    });

    test('forks: POST and GET /repos/{owner}/{repo}/forks', async () => {
      const f = await hit('repos/create-fork', 'POST', '/repos/acme/widgets/forks', 202, {
        token: TOKENS.outsider,
        body: {},
      });
      expect(json(f)).toMatchObject({
        full_name: 'outsider/widgets',
        fork: true,
        parent: { full_name: 'acme/widgets' },
        source: { full_name: 'acme/widgets' },
        permissions: { admin: true, push: true },
      });
      // Forking again returns the existing fork.
      const again = await hit('repos/create-fork', 'POST', '/repos/acme/widgets/forks', 202, {
        token: TOKENS.outsider,
      });
      expect(json(again).id).toBe(json(f).id);
      await hit('repos/create-fork', 'POST', '/repos/outsider/own/forks', 422, { token: TOKENS.outsider, body: {} });
      await hit('repos/create-fork', 'POST', '/repos/acme/nothing/forks', 404, { token: TOKENS.outsider, body: {} });
      const forks = await hit('repos/list-forks', 'GET', '/repos/acme/widgets/forks', 200);
      expect(list(forks).map((x) => x.full_name)).toEqual(['outsider/widgets']);
      // The fork is a real bare clone with the same commits.
      expect(await s.gh.refSha('outsider/widgets', 'main')).toBe(mainSha);
    });
  });
}

/** Registers the 'contents, branches, tags, commits, compare' tests (after the git data suite). */
export function contentsSuite(): void {
  describe('contents, branches, tags, commits, compare', () => {
    test('GET /contents: file, directory, symlinks, submodule, errors, 304', async () => {
      const f = await hit('repos/get-content', 'GET', '/repos/acme/widgets/contents/README.md', 200);
      expect(json(f)).toMatchObject({ type: 'file', encoding: 'base64', path: 'README.md', size: 10 });
      expect(Buffer.from(json(f).content, 'base64').toString()).toBe('# Widgets\n');
      await hit('repos/get-content', 'GET', '/repos/acme/widgets/contents/README.md', 304, {
        headers: { 'if-none-match': f.headers.etag! },
      });
      const d = await hit('repos/get-content', 'GET', '/repos/acme/widgets/contents/', 200);
      expect(
        list(d)
          .map((e) => `${e.type} ${e.name}`)
          .sort(),
      ).toEqual(
        ['file README.md', 'file SECURITY.md', 'dir bin', 'dir docs', 'symlink LINK.md', 'symlink outside'].sort(),
      );
      await hit('repos/get-content', 'GET', '/repos/acme/widgets/contents', 200);
      // A symlink to a regular file of the repository answers with the file (GitHub documents this) ...
      const l = await hit('repos/get-content', 'GET', '/repos/acme/widgets/contents/LINK.md', 200);
      expect(json(l)).toMatchObject({ type: 'file', path: 'README.md' });
      // ... any other symlink with the link itself.
      const o = await hit('repos/get-content', 'GET', '/repos/acme/widgets/contents/outside', 200);
      expect(json(o)).toMatchObject({ type: 'symlink', target: '../../etc/passwd' });
      const sub = await hit(
        'repos/get-content',
        'GET',
        `/repos/acme/widgets/contents/vendor/lib?ref=${newCommit}`,
        200,
      );
      expect(json(sub).type).toBe('submodule');
      const onBranch = await hit(
        'repos/get-content',
        'GET',
        '/repos/acme/widgets/contents/docs%2FTHREAT_MODEL.md?ref=tmsync%2Fpointer',
        200,
      );
      expect(json(onBranch).path).toBe('docs/THREAT_MODEL.md');
      await hit('repos/get-content', 'GET', '/repos/acme/widgets/contents/docs/THREAT_MODEL.md?ref=v1', 404);
      const badRef = await hit('repos/get-content', 'GET', '/repos/acme/widgets/contents/README.md?ref=nope', 404);
      expect(json(badRef).message).toBe('No commit found for the ref nope');
      await hit('repos/get-content', 'GET', '/repos/acme/empty/contents/README.md', 404);
      const raw = await call(s.gh, 'GET', '/repos/acme/widgets/contents/README.md', {
        headers: { accept: 'application/vnd.github.raw' },
      });
      expect(raw.text).toBe('# Widgets\n');
    });

    test('GET /branches/{branch}', async () => {
      const b = await hit('repos/get-branch', 'GET', '/repos/acme/widgets/branches/tmsync%2Fpointer', 200);
      expect(json(b)).toMatchObject({ name: 'tmsync/pointer', protected: false, commit: { sha: newCommit } });
      await hit('repos/get-branch', 'GET', '/repos/acme/widgets/branches/none', 404);
    });

    test('GET /tags', async () => {
      const t = await hit('repos/list-tags', 'GET', '/repos/acme/widgets/tags', 200);
      expect(list(t).map((x) => [x.name, x.commit.sha])).toEqual([
        ['v1', mainSha],
        ['v0.9', mainSha],
      ]);
    });

    test('GET /commits and /commits/{ref}', async () => {
      const human = await s.gh.commitAs(
        'acme/widgets',
        'tmsync/pointer',
        { 'NOTE.md': 'by hand\n' },
        {
          author: { name: 'Human', email: 'human@example.org' },
          message: 'A human edit',
        },
      );
      const l = await hit('repos/list-commits', 'GET', '/repos/acme/widgets/commits?sha=tmsync%2Fpointer', 200);
      expect(list(l).map((c) => c.commit.message)).toEqual(['A human edit', 'Add threat model', 'Initial commit']);
      expect(list(l)[0]).toMatchObject({
        sha: human,
        author: null,
        commit: { author: { name: 'Human', email: 'human@example.org' } },
      });
      const paged = await hit(
        'repos/list-commits',
        'GET',
        '/repos/acme/widgets/commits?sha=tmsync/pointer&per_page=1',
        200,
      );
      expect(list(paged)).toHaveLength(1);
      expect(paged.headers.link).toContain('rel="next"');
      await hit('repos/list-commits', 'GET', '/repos/acme/widgets/commits?sha=nope', 404);
      await hit('repos/list-commits', 'GET', '/repos/acme/empty/commits', 409);
      const one = await hit('repos/get-commit', 'GET', `/repos/acme/widgets/commits/${newCommit}`, 200);
      expect(
        (json(one).files as Array<{ filename: string; status: string }>).map((f) => `${f.status} ${f.filename}`).sort(),
      ).toEqual(
        [
          'added MODEL_LINK.md',
          'added docs/THREAT_MODEL.md',
          'added tools/x.sh',
          'added vendor/lib',
          'removed SECURITY.md',
        ].sort(),
      );
      await hit('repos/get-commit', 'GET', '/repos/acme/widgets/commits/nope', 422);
    });

    test('GET /compare/{base}...{head}', async () => {
      const a = await hit('repos/compare-commits', 'GET', '/repos/acme/widgets/compare/main...tmsync%2Fpointer', 200);
      expect(json(a)).toMatchObject({ status: 'ahead', ahead_by: 2, behind_by: 0, total_commits: 2 });
      expect((json(a).commits as Array<{ commit: { message: string } }>).map((c) => c.commit.message)).toEqual([
        'Add threat model',
        'A human edit',
      ]);
      const b = await hit('repos/compare-commits', 'GET', '/repos/acme/widgets/compare/tmsync/pointer...main', 200);
      expect(json(b)).toMatchObject({ status: 'behind', ahead_by: 0, behind_by: 2 });
      expect(json(await hit('repos/compare-commits', 'GET', '/repos/acme/widgets/compare/main...v1', 200)).status).toBe(
        'identical',
      );
      await s.gh.commitAs(
        'outsider/widgets',
        'fix',
        { 'FIX.md': 'fix\n' },
        { author: { name: 'O', email: 'o@example.org' } },
      );
      const x = await hit('repos/compare-commits', 'GET', '/repos/acme/widgets/compare/main...outsider:fix', 200);
      expect(json(x)).toMatchObject({ status: 'ahead', ahead_by: 1 });
      await s.gh.commitAs('acme/widgets', 'other', { 'OTHER.md': 'o\n' }, { from: 'main' });
      expect(
        json(await hit('repos/compare-commits', 'GET', '/repos/acme/widgets/compare/other...tmsync/pointer', 200))
          .status,
      ).toBe('diverged');
      await hit('repos/compare-commits', 'GET', '/repos/acme/widgets/compare/main...nope', 404);
    });
  });
}
