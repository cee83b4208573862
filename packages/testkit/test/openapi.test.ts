/**
 * Every endpoint the emulator implements, on success and error paths, with each response
 * validated against GitHub's official OpenAPI description (status, body schema, declared
 * headers) plus the headers GitHub sends on every response.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { OPERATIONS, ROUTES } from '../src/index.js';
import { call, start, TOKENS, type CallResult, type Started } from './helpers.js';
import { OpenApiValidator } from './openapi.js';

let s: Started;
let validator: OpenApiValidator;
const covered: Array<{ op: string; status: number }> = [];

interface HitOpts {
  token?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Call the emulator, expect a status, validate against the operation's description. */
async function hit(op: string, method: string, path: string, status: number, opts: HitOpts = {}): Promise<CallResult> {
  const r = await call(s.gh, method, path, opts);
  expect(r.status, `${method} ${path}: ${r.text}`).toBe(status);
  const res = validator.check(op, method, r.status, r.body, r.headers);
  expect(res.errors, `${op} ${status}`).toEqual([]);
  // Headers GitHub sends with every response.
  for (const h of ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-used', 'x-ratelimit-reset']) {
    expect(r.headers[h], h).toMatch(/^\d+$/);
  }
  expect(r.headers['x-ratelimit-resource']).toBe('core');
  expect(r.headers['x-github-request-id']).toBeTruthy();
  if (r.status !== 204 && r.status !== 304)
    expect(r.headers['content-type']).toMatch(/^application\/json; charset=utf-8/);
  if (method === 'GET' && (r.status === 200 || r.status === 304)) expect(r.headers.etag).toMatch(/^W\/"[0-9a-f]{64}"$/);
  if (r.headers.location) expect(r.headers.location).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
  expect(s.gh.log.at(-1)?.operation).toBe(op);
  covered.push({ op, status });
  return r;
}

const json = (r: CallResult): Record<string, any> => r.body as Record<string, any>;
const list = (r: CallResult): Array<Record<string, any>> => r.body as Array<Record<string, any>>;

let mainSha = '';
let rootTree = '';
let newTree = '';
let newCommit = '';

beforeAll(async () => {
  validator = new OpenApiValidator();
  s = await start();
  await s.gh.createRepo('acme/widgets', {
    description: 'Widgets',
    files: {
      'README.md': '# Widgets\n',
      'SECURITY.md': 'Report to security@example.org\n',
      'docs/guide.md': 'guide\n',
      'bin/run.sh': { content: '#!/bin/sh\necho hi\n', mode: '100755' },
    },
    symlinks: { 'LINK.md': 'README.md', outside: '../../etc/passwd' },
    tags: ['v0.9'],
  });
  await s.gh.createTag('acme/widgets', 'v1', 'main', { message: 'Release 1' });
  await s.gh.createRepo('acme/empty');
  await s.gh.createRepo('outsider/own', { files: { 'a.txt': 'a\n' } });
  mainSha = (await s.gh.refSha('acme/widgets', 'main'))!;
});

afterAll(async () => {
  await s?.cleanup();
});

describe('the OpenAPI description', () => {
  test('is OpenAPI 3.0 and the validator rejects what it must', () => {
    expect(validator.version).toMatch(/^3\.0\./);
    // A required field missing, a nullable field null, a wrong type: the validator is not lax.
    expect(
      validator.checkComponent('label', {
        id: 1,
        node_id: 'x',
        url: 'https://a.b/c',
        name: 'n',
        color: 'ededed',
        default: false,
      }),
    ).not.toEqual([]);
    expect(
      validator.checkComponent('label', {
        id: 1,
        node_id: 'x',
        url: 'https://a.b/c',
        name: 'n',
        color: 'ededed',
        default: false,
        description: null,
      }),
    ).toEqual([]);
    expect(
      validator.checkComponent('label', {
        id: '1',
        node_id: 'x',
        url: 'https://a.b/c',
        name: 'n',
        color: 'ededed',
        default: false,
        description: null,
      }),
    ).not.toEqual([]);
    expect(
      validator.checkComponent('git-ref', {
        ref: 'refs/heads/x',
        node_id: 'n',
        url: 'not a uri',
        object: { type: 'commit', sha: 'a', url: 'https://a.b' },
      }),
    ).not.toEqual([]);
  });

  test('every route matches an operation of the description (method and path)', () => {
    for (const r of ROUTES) {
      if (r.operation === 'graphql') continue; // GraphQL is not part of the REST description
      const op = validator.operation(r.operation);
      expect(op.method, r.operation).toBe(r.method);
      // Octokit's compareCommitsWithBasehead uses {basehead} for the description's {base}...{head}.
      const path = r.path.replace(/\{(\w+)[+*]\}/g, '{$1}').replace('{basehead}', '{base}...{head}');
      expect(path, r.operation).toBe(op.path);
    }
  });
});

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
    const again = await hit('repos/create-fork', 'POST', '/repos/acme/widgets/forks', 202, { token: TOKENS.outsider });
    expect(json(again).id).toBe(json(f).id);
    await hit('repos/create-fork', 'POST', '/repos/outsider/own/forks', 422, { token: TOKENS.outsider, body: {} });
    await hit('repos/create-fork', 'POST', '/repos/acme/nothing/forks', 404, { token: TOKENS.outsider, body: {} });
    const forks = await hit('repos/list-forks', 'GET', '/repos/acme/widgets/forks', 200);
    expect(list(forks).map((x) => x.full_name)).toEqual(['outsider/widgets']);
    // The fork is a real bare clone with the same commits.
    expect(await s.gh.refSha('outsider/widgets', 'main')).toBe(mainSha);
  });
});

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
    const sub = await hit('repos/get-content', 'GET', `/repos/acme/widgets/contents/vendor/lib?ref=${newCommit}`, 200);
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
      json(await hit('repos/compare-commits', 'GET', '/repos/acme/widgets/compare/other...tmsync/pointer', 200)).status,
    ).toBe('diverged');
    await hit('repos/compare-commits', 'GET', '/repos/acme/widgets/compare/main...nope', 404);
  });
});

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
        { resource: 'PullRequest', code: 'custom', message: 'A pull request already exists for acme:tmsync/pointer.' },
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
      head: { label: 'outsider:fix', repo: { full_name: 'outsider/widgets', fork: true }, user: { login: 'outsider' } },
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
    const byHead = await hit('pulls/list', 'GET', '/repos/acme/widgets/pulls?head=acme:tmsync/pointer&state=open', 200);
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
    await hit('issues/add-labels', 'POST', `/repos/acme/widgets/issues/${prNumber}/labels`, 200, { body: ['tmsync'] });
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
    await hit('issues/create-comment', 'POST', '/repos/acme/widgets/issues/999/comments', 404, { body: { body: 'x' } });
    const l = await hit('issues/list-comments', 'GET', `/repos/acme/widgets/issues/${prNumber}/comments`, 200);
    expect(list(l)).toHaveLength(1);
    await hit('issues/list-comments', 'GET', '/repos/acme/widgets/issues/999/comments', 404);
    expect(json(await call(s.gh, 'GET', `/repos/acme/widgets/pulls/${prNumber}`)).comments).toBe(1);
  });
});

describe('coverage', () => {
  test('every implemented operation was validated on a success status and on an error status', () => {
    for (const op of OPERATIONS) {
      const statuses = covered.filter((c) => c.op === op).map((c) => c.status);
      expect(
        statuses.some((st) => st >= 200 && st < 300),
        `${op} success`,
      ).toBe(true);
      if (op !== 'rate-limit/get' && op !== 'repos/list-tags' && op !== 'repos/list-forks') {
        expect(
          statuses.some((st) => st >= 400),
          `${op} error`,
        ).toBe(true);
      }
    }
    for (const st of [304, 401, 403, 404, 409, 422])
      expect(
        covered.some((c) => c.status === st),
        String(st),
      ).toBe(true);
  });
});
