/**
 * OpenAPI suite: pull requests, labels, reviewers and comments. Registered by openapi.test.ts
 * after the git data suite, whose branch tmsync/pointer it proposes.
 */
import { describe, expect, test } from 'vitest';
import { call, TOKENS } from './helpers.js';
import { hit, json, list, mainSha, s } from './openapi-lab.js';

/** Registers the 'pull requests, labels, reviewers, comments' tests. */
export function pullRequestsSuite(): void {
  describe('pull requests, labels, reviewers, comments', () => {
    let prNumber = 0;

    test('POST /pulls, duplicates and invalid heads', async () => {
      const r = await hit('pulls/create', 'POST', '/repos/acme/widgets/pulls', 201, {
        body: { title: 'Add threat model pointer', head: 'tmsync/pointer', base: 'main', body: 'Pointer', draft: true },
      });
      prNumber = json(r).number;
      expect(json(r)).toMatchObject({
        state: 'open',
        draft: true,
        head: { ref: 'tmsync/pointer', label: 'acme:tmsync/pointer', repo: { full_name: 'acme/widgets' } },
        base: { ref: 'main', sha: mainSha },
        commits: 2,
        merged: false,
        mergeable: true,
        mergeable_state: 'draft',
        user: { login: 'maint' },
      });
      const dup = await hit('pulls/create', 'POST', '/repos/acme/widgets/pulls', 422, {
        body: { title: 'again', head: 'acme:tmsync/pointer', base: 'main' },
      });
      expect(json(dup)).toMatchObject({
        message: 'Validation Failed',
        errors: [
          {
            resource: 'PullRequest',
            code: 'custom',
            message: 'A pull request already exists for acme:tmsync/pointer.',
          },
        ],
      });
      const none = await hit('pulls/create', 'POST', '/repos/acme/widgets/pulls', 422, {
        body: { title: 't', head: 'v0.9-branch-missing', base: 'main' },
      });
      expect(json(none).errors[0]).toMatchObject({ field: 'head', code: 'invalid' });
      await s.gh.setBranch('acme/widgets', 'same', mainSha);
      const noCommits = await hit('pulls/create', 'POST', '/repos/acme/widgets/pulls', 422, {
        body: { title: 't', head: 'same', base: 'main' },
      });
      expect(json(noCommits).errors[0].message).toBe('No commits between main and same');
      await hit('pulls/create', 'POST', '/repos/acme/widgets/pulls', 422, { body: { head: 'other', base: 'main' } });
      await hit('pulls/create', 'POST', '/repos/acme/widgets/pulls', 422, {
        body: { title: 't', head: 'other', base: 'nope' },
      });
    });

    test('a pull request from a fork', async () => {
      const r = await hit('pulls/create', 'POST', '/repos/acme/widgets/pulls', 201, {
        token: TOKENS.outsider,
        body: { title: 'Fix from fork', head: 'outsider:fix', base: 'main', maintainer_can_modify: true },
      });
      expect(json(r)).toMatchObject({
        head: {
          label: 'outsider:fix',
          repo: { full_name: 'outsider/widgets', fork: true },
          user: { login: 'outsider' },
        },
        base: { repo: { full_name: 'acme/widgets' } },
        maintainer_can_modify: true,
        author_association: 'CONTRIBUTOR',
        commits: 1,
        changed_files: 1,
        additions: 1,
      });
      // The base repository now has the head commits under refs/pull/N/head, as on GitHub.
      expect(await s.gh.refSha('acme/widgets', `refs/pull/${json(r).number}/head`)).toBe(
        await s.gh.refSha('outsider/widgets', 'fix'),
      );
    });

    test('GET /pulls with filters and GET /pulls/{n}', async () => {
      const byHead = await hit(
        'pulls/list',
        'GET',
        '/repos/acme/widgets/pulls?head=acme:tmsync/pointer&state=open',
        200,
      );
      expect(list(byHead).map((p) => p.number)).toEqual([prNumber]);
      expect(
        list(await hit('pulls/list', 'GET', '/repos/acme/widgets/pulls?head=outsider:fix&base=main', 200)),
      ).toHaveLength(1);
      expect(list(await hit('pulls/list', 'GET', '/repos/acme/widgets/pulls?state=closed', 200))).toHaveLength(0);
      const all = await hit('pulls/list', 'GET', '/repos/acme/widgets/pulls?state=all', 200);
      expect(list(all)).toHaveLength(2);
      await hit('pulls/list', 'GET', '/repos/acme/widgets/pulls?state=all', 304, {
        headers: { 'if-none-match': all.headers.etag! },
      });
      await hit('pulls/list', 'GET', '/repos/acme/widgets/pulls?state=bogus', 422);
      const g = await hit('pulls/get', 'GET', `/repos/acme/widgets/pulls/${prNumber}`, 200);
      await hit('pulls/get', 'GET', `/repos/acme/widgets/pulls/${prNumber}`, 304, {
        headers: { 'if-none-match': g.headers.etag! },
      });
      await hit('pulls/get', 'GET', '/repos/acme/widgets/pulls/999', 404);
    });

    test('PATCH /pulls/{n}: title, body, close, reopen', async () => {
      const u = await hit('pulls/update', 'PATCH', `/repos/acme/widgets/pulls/${prNumber}`, 200, {
        body: { title: 'New title', body: 'New body' },
      });
      expect(json(u)).toMatchObject({ title: 'New title', body: 'New body', state: 'open' });
      const c = await hit('pulls/update', 'PATCH', `/repos/acme/widgets/pulls/${prNumber}`, 200, {
        body: { state: 'closed' },
      });
      expect(json(c).state).toBe('closed');
      expect(json(c).closed_at).not.toBeNull();
      // While it is closed, a second PR for the same head may be opened; reopening the first then fails.
      const second = await hit('pulls/create', 'POST', '/repos/acme/widgets/pulls', 201, {
        body: { title: 'Second', head: 'tmsync/pointer', base: 'main' },
      });
      const reopen = await hit('pulls/update', 'PATCH', `/repos/acme/widgets/pulls/${prNumber}`, 422, {
        body: { state: 'open' },
      });
      expect(json(reopen).errors[0].message).toBe('A pull request already exists for acme:tmsync/pointer.');
      await hit('pulls/update', 'PATCH', `/repos/acme/widgets/pulls/${json(second).number}`, 200, {
        body: { state: 'closed' },
      });
      expect(
        json(
          await hit('pulls/update', 'PATCH', `/repos/acme/widgets/pulls/${prNumber}`, 200, { body: { state: 'open' } }),
        ).state,
      ).toBe('open');
      await hit('pulls/update', 'PATCH', `/repos/acme/widgets/pulls/${prNumber}`, 403, {
        token: TOKENS.outsider,
        body: { title: 'x' },
      });
      await hit('pulls/update', 'PATCH', `/repos/acme/widgets/pulls/${prNumber}`, 422, { body: { state: 'merged' } });
    });

    test('reviewers', async () => {
      const r = await hit(
        'pulls/request-reviewers',
        'POST',
        `/repos/acme/widgets/pulls/${prNumber}/requested_reviewers`,
        201,
        {
          body: { reviewers: ['rev'], team_reviewers: ['security'] },
        },
      );
      expect(json(r).requested_reviewers.map((u: { login: string }) => u.login)).toEqual(['rev']);
      expect(json(r).requested_teams.map((t: { slug: string }) => t.slug)).toEqual(['security']);
      await hit('pulls/request-reviewers', 'POST', `/repos/acme/widgets/pulls/${prNumber}/requested_reviewers`, 422, {
        body: { reviewers: ['outsider'] },
      });
      await hit('pulls/request-reviewers', 'POST', `/repos/acme/widgets/pulls/${prNumber}/requested_reviewers`, 403, {
        token: TOKENS.outsider,
        body: { reviewers: ['rev'] },
      });
    });

    test('labels', async () => {
      const a = await hit('issues/add-labels', 'POST', `/repos/acme/widgets/issues/${prNumber}/labels`, 200, {
        body: { labels: ['security', 'tmsync'] },
      });
      expect(list(a).map((l) => l.name)).toEqual(['security', 'tmsync']);
      await hit('issues/add-labels', 'POST', `/repos/acme/widgets/issues/${prNumber}/labels`, 200, {
        body: ['tmsync'],
      });
      const g = await hit('issues/list-labels-on-issue', 'GET', `/repos/acme/widgets/issues/${prNumber}/labels`, 200);
      expect(list(g).map((l) => l.name)).toEqual(['security', 'tmsync']);
      await hit('issues/add-labels', 'POST', '/repos/acme/widgets/issues/999/labels', 404, { body: { labels: ['x'] } });
      await hit('issues/add-labels', 'POST', `/repos/acme/widgets/issues/${prNumber}/labels`, 403, {
        token: TOKENS.outsider,
        body: { labels: ['x'] },
      });
      await hit('issues/list-labels-on-issue', 'GET', '/repos/acme/widgets/issues/999/labels', 404);
      expect(
        list(
          await hit('issues/remove-label', 'DELETE', `/repos/acme/widgets/issues/${prNumber}/labels/security`, 200),
        ).map((l) => l.name),
      ).toEqual(['tmsync']);
      await hit('issues/remove-label', 'DELETE', `/repos/acme/widgets/issues/${prNumber}/labels/security`, 404);
      await hit('issues/set-labels', 'PUT', '/repos/acme/widgets/issues/999/labels', 404, { body: { labels: ['a'] } });
      expect(
        list(
          await hit('issues/set-labels', 'PUT', `/repos/acme/widgets/issues/${prNumber}/labels`, 200, {
            body: { labels: ['a', 'b'] },
          }),
        ).map((l) => l.name),
      ).toEqual(['a', 'b']);
      const pr = json(await call(s.gh, 'GET', `/repos/acme/widgets/pulls/${prNumber}`));
      expect(pr.labels.map((l: { name: string }) => l.name)).toEqual(['a', 'b']);
    });

    test('comments', async () => {
      const c = await hit('issues/create-comment', 'POST', `/repos/acme/widgets/issues/${prNumber}/comments`, 201, {
        token: TOKENS.outsider,
        body: { body: 'Superseded by #9' },
      });
      expect(json(c)).toMatchObject({ body: 'Superseded by #9', user: { login: 'outsider' } });
      await hit('issues/create-comment', 'POST', `/repos/acme/widgets/issues/${prNumber}/comments`, 422, { body: {} });
      await hit('issues/create-comment', 'POST', '/repos/acme/widgets/issues/999/comments', 404, {
        body: { body: 'x' },
      });
      const l = await hit('issues/list-comments', 'GET', `/repos/acme/widgets/issues/${prNumber}/comments`, 200);
      expect(list(l)).toHaveLength(1);
      await hit('issues/list-comments', 'GET', '/repos/acme/widgets/issues/999/comments', 404);
      expect(json(await call(s.gh, 'GET', `/repos/acme/widgets/pulls/${prNumber}`)).comments).toBe(1);
    });
  });
}
