/**
 * OpenAPI suite: git data (refs, tags, commits, trees, blobs; creating, moving and deleting
 * refs). Registered by openapi.test.ts, in order: later suites read the commit made here.
 */
import { describe, expect, test } from 'vitest';
import { call, TOKENS } from './helpers.js';
import { hit, json, list, mainSha, s } from './openapi-lab.js';

/** Made by the git data suite: main's tree, a new tree and a commit on it (on tmsync/pointer). */
export let rootTree = '';
export let newTree = '';
export let newCommit = '';

/** Registers the 'git data' tests. */
export function gitDataSuite(): void {
  describe('git data', () => {
    test('GET /git/ref and /git/matching-refs', async () => {
      const r = await hit('git/get-ref', 'GET', '/repos/acme/widgets/git/ref/heads%2Fmain', 200);
      expect(json(r)).toMatchObject({ ref: 'refs/heads/main', object: { sha: mainSha, type: 'commit' } });
      await hit('git/get-ref', 'GET', '/repos/acme/widgets/git/ref/heads/main', 200);
      const tag = await hit('git/get-ref', 'GET', '/repos/acme/widgets/git/ref/tags/v1', 200);
      expect(json(tag).object.type).toBe('tag');
      await hit('git/get-ref', 'GET', '/repos/acme/widgets/git/ref/heads/main', 304, {
        headers: { 'if-none-match': r.headers.etag! },
      });
      await hit('git/get-ref', 'GET', '/repos/acme/widgets/git/ref/heads/nope', 404);
      await hit('git/get-ref', 'GET', '/repos/acme/empty/git/ref/heads/main', 409);
      const m = await hit('git/list-matching-refs', 'GET', '/repos/acme/widgets/git/matching-refs/tags/', 200);
      expect(
        list(m)
          .map((x) => x.ref)
          .sort(),
      ).toEqual(['refs/tags/v0.9', 'refs/tags/v1']);
      expect(
        list(await hit('git/list-matching-refs', 'GET', '/repos/acme/widgets/git/matching-refs/heads/zzz', 200)),
      ).toEqual([]);
      await hit('git/list-matching-refs', 'GET', '/repos/acme/empty/git/matching-refs/heads/', 409);
    });

    test('GET /git/tags/{sha}', async () => {
      const ref = json(await call(s.gh, 'GET', '/repos/acme/widgets/git/ref/tags/v1'));
      const t = await hit('git/get-tag', 'GET', `/repos/acme/widgets/git/tags/${ref.object.sha}`, 200);
      expect(json(t)).toMatchObject({ tag: 'v1', message: 'Release 1\n', object: { sha: mainSha, type: 'commit' } });
      await hit('git/get-tag', 'GET', `/repos/acme/widgets/git/tags/${mainSha}`, 404);
    });

    test('GET /git/commits/{sha} and /git/trees/{sha}', async () => {
      const c = await hit('git/get-commit', 'GET', `/repos/acme/widgets/git/commits/${mainSha}`, 200);
      expect(json(c)).toMatchObject({ sha: mainSha, message: 'Initial commit', parents: [] });
      rootTree = json(c).tree.sha;
      await hit('git/get-commit', 'GET', `/repos/acme/widgets/git/commits/${'0'.repeat(40)}`, 404);
      const t = await hit('git/get-tree', 'GET', `/repos/acme/widgets/git/trees/${rootTree}?recursive=1`, 200);
      const paths = list({ ...t, body: json(t).tree }).map((e) => `${e.mode} ${e.type} ${e.path}`);
      expect(paths).toEqual(
        expect.arrayContaining([
          '120000 blob LINK.md',
          '040000 tree bin',
          '100755 blob bin/run.sh',
          '100644 blob docs/guide.md',
        ]),
      );
      expect(json(t).truncated).toBe(false);
      const flat = await hit('git/get-tree', 'GET', '/repos/acme/widgets/git/trees/main', 200);
      expect(json(flat).tree.some((e: { path: string }) => e.path.includes('/'))).toBe(false);
      await hit('git/get-tree', 'GET', `/repos/acme/widgets/git/trees/${'1'.repeat(40)}`, 404);
    });

    test('blobs', async () => {
      const b = await hit('git/create-blob', 'POST', '/repos/acme/widgets/git/blobs', 201, {
        body: { content: 'hello\n', encoding: 'utf-8' },
      });
      expect(json(b).sha).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
      const g = await hit('git/get-blob', 'GET', `/repos/acme/widgets/git/blobs/${json(b).sha}`, 200);
      expect(Buffer.from(json(g).content, 'base64').toString()).toBe('hello\n');
      await hit('git/get-blob', 'GET', `/repos/acme/widgets/git/blobs/${'2'.repeat(40)}`, 404);
      await hit('git/create-blob', 'POST', '/repos/acme/widgets/git/blobs', 404, {
        token: TOKENS.outsider,
        body: { content: 'x' },
      });
    });

    test('POST /git/trees: inline contents, modes, deletion', async () => {
      const r = await hit('git/create-tree', 'POST', '/repos/acme/widgets/git/trees', 201, {
        body: {
          base_tree: rootTree,
          tree: [
            { path: 'docs/THREAT_MODEL.md', mode: '100644', type: 'blob', content: '# Threat model\n' },
            { path: 'tools/x.sh', mode: '100755', type: 'blob', content: 'echo x\n' },
            { path: 'MODEL_LINK.md', mode: '120000', type: 'blob', content: 'docs/THREAT_MODEL.md' },
            { path: 'SECURITY.md', mode: '100644', type: 'blob', sha: null },
            { path: 'vendor/lib', mode: '160000', type: 'commit', sha: 'a'.repeat(40) },
          ],
        },
      });
      newTree = json(r).sha;
      const names = (json(r).tree as Array<{ path: string; mode: string }>).map((e) => `${e.mode} ${e.path}`);
      expect(names).toEqual(
        expect.arrayContaining([
          '120000 MODEL_LINK.md',
          '040000 docs',
          '040000 tools',
          '040000 vendor',
          '100644 README.md',
        ]),
      );
      expect(names.some((n) => n.endsWith(' SECURITY.md'))).toBe(false);
      await hit('git/create-tree', 'POST', '/repos/acme/widgets/git/trees', 422, {
        body: { tree: [{ path: 'a', mode: '100600', type: 'blob', content: 'x' }] },
      });
      await hit('git/create-tree', 'POST', '/repos/acme/widgets/git/trees', 422, {
        body: { base_tree: '3'.repeat(40), tree: [{ path: 'a', mode: '100644', type: 'blob', content: 'x' }] },
      });
      await hit('git/create-tree', 'POST', '/repos/acme/widgets/git/trees', 422, {
        body: { tree: [{ path: 'a', mode: '100644', type: 'blob', sha: '4'.repeat(40) }] },
      });
      await hit('git/create-tree', 'POST', '/repos/acme/widgets/git/trees', 404, {
        token: TOKENS.outsider,
        body: { tree: [{ path: 'a', mode: '100644', type: 'blob', content: 'x' }] },
      });
    });

    test('POST /git/commits', async () => {
      const r = await hit('git/create-commit', 'POST', '/repos/acme/widgets/git/commits', 201, {
        body: {
          message: 'Add threat model',
          tree: newTree,
          parents: [mainSha],
          author: { name: 'Bot', email: 'bot@example.com', date: '2024-05-01T10:00:00Z' },
        },
      });
      newCommit = json(r).sha;
      expect(json(r)).toMatchObject({
        message: 'Add threat model',
        tree: { sha: newTree },
        parents: [{ sha: mainSha }],
        author: { name: 'Bot', email: 'bot@example.com', date: '2024-05-01T10:00:00Z' },
        verification: { verified: false, reason: 'unsigned' },
      });
      const mine = await hit('git/create-commit', 'POST', '/repos/acme/widgets/git/commits', 201, {
        body: { message: 'm', tree: newTree },
      });
      expect(json(mine).author).toMatchObject({ name: 'maint', email: '1+maint@users.noreply.github.com' });
      await hit('git/create-commit', 'POST', '/repos/acme/widgets/git/commits', 422, {
        body: { message: 'm', tree: '5'.repeat(40), parents: [] },
      });
      await hit('git/create-commit', 'POST', '/repos/acme/widgets/git/commits', 422, {
        body: { message: 'm', tree: newTree, parents: [newTree] },
      });
      await hit('git/create-commit', 'POST', '/repos/acme/widgets/git/commits', 422, { body: { tree: newTree } });
      await hit('git/create-commit', 'POST', '/repos/acme/widgets/git/commits', 404, {
        token: TOKENS.outsider,
        body: { message: 'm', tree: newTree },
      });
    });

    test('POST /git/refs, PATCH (fast-forward, non-fast-forward, force) and DELETE', async () => {
      const c = await hit('git/create-ref', 'POST', '/repos/acme/widgets/git/refs', 201, {
        body: { ref: 'refs/heads/tmsync/pointer', sha: mainSha },
      });
      expect(json(c)).toMatchObject({ ref: 'refs/heads/tmsync/pointer', object: { sha: mainSha, type: 'commit' } });
      const dup = await hit('git/create-ref', 'POST', '/repos/acme/widgets/git/refs', 422, {
        body: { ref: 'refs/heads/tmsync/pointer', sha: mainSha },
      });
      expect(json(dup).message).toBe('Reference already exists');
      await hit('git/create-ref', 'POST', '/repos/acme/widgets/git/refs', 422, {
        body: { ref: 'refs/heads/x', sha: '6'.repeat(40) },
      });
      await hit('git/create-ref', 'POST', '/repos/acme/widgets/git/refs', 422, {
        body: { ref: 'heads/x', sha: mainSha },
      });
      await hit('git/create-ref', 'POST', '/repos/acme/widgets/git/refs', 404, {
        token: TOKENS.outsider,
        body: { ref: 'refs/heads/y', sha: mainSha },
      });

      const ff = await hit('git/update-ref', 'PATCH', '/repos/acme/widgets/git/refs/heads%2Ftmsync%2Fpointer', 200, {
        body: { sha: newCommit },
      });
      expect(json(ff).object.sha).toBe(newCommit);
      const nonFf = await hit('git/update-ref', 'PATCH', '/repos/acme/widgets/git/refs/heads/tmsync/pointer', 422, {
        body: { sha: mainSha },
      });
      expect(json(nonFf).message).toBe('Update is not a fast forward');
      expect(await s.gh.refSha('acme/widgets', 'tmsync/pointer')).toBe(newCommit);
      await hit('git/update-ref', 'PATCH', '/repos/acme/widgets/git/refs/heads/tmsync/pointer', 200, {
        body: { sha: mainSha, force: true },
      });
      expect(await s.gh.refSha('acme/widgets', 'tmsync/pointer')).toBe(mainSha);
      await hit('git/update-ref', 'PATCH', '/repos/acme/widgets/git/refs/heads/none', 422, { body: { sha: mainSha } });
      await hit('git/update-ref', 'PATCH', '/repos/acme/widgets/git/refs/heads/tmsync/pointer', 422, {
        body: { sha: '7'.repeat(40) },
      });

      await hit('git/create-ref', 'POST', '/repos/acme/widgets/git/refs', 201, {
        body: { ref: 'refs/heads/doomed', sha: mainSha },
      });
      await hit('git/delete-ref', 'DELETE', '/repos/acme/widgets/git/refs/heads/doomed', 204);
      await hit('git/delete-ref', 'DELETE', '/repos/acme/widgets/git/refs/heads/doomed', 422);
      await hit('git/update-ref', 'PATCH', '/repos/acme/widgets/git/refs/heads/tmsync/pointer', 200, {
        body: { sha: newCommit },
      });
    });
  });
}
