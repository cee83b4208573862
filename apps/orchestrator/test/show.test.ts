import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { looksLikeThreatModel, pickModelPath, readModelAtRef } from '../src/model-at-ref.js';
import { fixture, git, modelRepo, tmsync } from './cli-helpers.js';

describe('tmsync show --at', () => {
  let repo = '';
  beforeAll(async () => {
    repo = await modelRepo();
    // Uncommitted work must not matter: the model is read from git's objects.
    writeFileSync(join(repo, 'THREAT_MODEL.md'), 'uncommitted edit\n');
  });

  it('prints the model as it stood at a tag, found at its conventional path', async () => {
    const r = await tmsync(['show', '--at', 'v1.0', '--repo', repo]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('**Q2.** ✅ Confirmed *(Answered — maintainer bob, 2026-02-01)*');
    expect(r.stdout).not.toContain('~~Q5.~~');
    const v11 = await tmsync(['show', '--at', 'v1.1', '--repo', repo]);
    expect(v11.stdout).toContain('**~~Q5.~~** — struck by bob, 2026-04-01.');
    // A commit id and a branch work as refs too; --repo defaults to the current folder.
    const sha = git(repo, ['rev-parse', 'v1.0']).trim();
    expect((await tmsync(['show', '--at', sha.slice(0, 10)], { cwd: repo })).stdout).toBe(r.stdout);
    expect((await tmsync(['show', '--at', 'main', '--repo', repo])).stdout).toBe(v11.stdout);
  });

  it('finds a draft by its name when no conventional path exists', async () => {
    const r = await tmsync(['show', '--at', 'v0.1', '--repo', repo]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(fixture('older-model.md'));
    expect((await readModelAtRef(repo, 'v0.1')).path).toBe('draft-THREAT-MODEL.md');
  });

  it('says when the ref does not exist, and lists tags', async () => {
    const r = await tmsync(['show', '--at', 'v9.9', '--repo', repo]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('ref "v9.9" does not exist in');
    expect(r.stderr).toContain('(tags there: v1.1, v1.0, v0.1)');
    expect((await tmsync(['show', '--at', '--output=x', '--repo', repo])).code).toBe(2);
  });

  it('says when the model is not at that path, naming the threat-model files it found', async () => {
    const r = await tmsync(['show', '--at', 'v0.1', '--repo', repo, '--path', 'THREAT_MODEL.md']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('THREAT_MODEL.md is not in v0.1; threat-model files there: draft-THREAT-MODEL.md');
    const none = await tmsync(['show', '--at', 'v1.0', '--repo', repo, '--path', 'docs/README.md']);
    expect(none.stderr).toContain('docs/README.md is not in v1.0; threat-model files there: THREAT_MODEL.md');
    expect((await tmsync(['show', '--at', 'v1.0', '--repo', repo, '--path', '../etc/passwd'])).stderr).toContain(
      'invalid path',
    );
  });

  it('lets stats read the model at a ref', async () => {
    const r = await tmsync(['stats', '--at', 'v1.1', '--repo', repo, '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.file).toBe('v1.1:THREAT_MODEL.md');
    expect(j.provenance).toMatchObject({ maintainer: 6, inferred: 3 });
  });

  it('refuses a folder that is not a repository, a missing --at, and a FILE', async () => {
    const plain = mkdtempSync(join(tmpdir(), 'tmsync-plain-'));
    expect(await tmsync(['show', '--at', 'v1.0', '--repo', plain])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('not a git repository'),
    });
    expect(await tmsync(['show', '--at', 'v1.0', '--repo', join(plain, 'nope')])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('no such folder'),
    });
    expect(await tmsync(['show', '--repo', repo])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('missing --at REF'),
    });
    expect(await tmsync(['show', 'THREAT_MODEL.md', '--at', 'v1.0'], { cwd: repo })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('show takes no FILE'),
    });
    expect((await tmsync(['show', '--help'])).stdout).toContain('Usage: tmsync show --at REF');
  });

  it('asks for --path when several files look like threat models', async () => {
    const multi = mkdtempSync(join(tmpdir(), 'tmsync-multi-'));
    git(multi, ['init', '-q', '-b', 'main']);
    mkdirSync(join(multi, 'docs'));
    writeFileSync(join(multi, 'docs', 'threat-model.md'), '# a\n');
    writeFileSync(join(multi, 'legacy-Threat_Model.md'), '# b\n');
    git(multi, ['add', '.']);
    git(multi, ['commit', '-q', '-m', 'two models']);
    const r = await tmsync(['show', '--at', 'HEAD', '--repo', multi]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'several threat-model files at HEAD: docs/threat-model.md, legacy-Threat_Model.md; choose one with --path',
    );
    expect((await tmsync(['show', '--at', 'HEAD', '--repo', multi, '--path', 'docs/threat-model.md'])).stdout).toBe(
      '# a\n',
    );
  });

  it('recognises threat-model file names and prefers the conventional paths', () => {
    expect(
      ['THREAT_MODEL.md', 'draft-THREAT-MODEL.md', 'doc/thrift-threat-model.md', 'docs/Threat Model.md'].every(
        looksLikeThreatModel,
      ),
    ).toBe(true);
    expect(['SECURITY.md', 'THREAT_MODEL.rst', 'model.md'].some(looksLikeThreatModel)).toBe(false);
    expect(pickModelPath(['a/x-threat-model.md', 'docs/THREAT-MODEL.md'], 'HEAD')).toBe('docs/THREAT-MODEL.md');
    expect(() => pickModelPath(['README.md'], 'v1')).toThrow('no threat model at v1');
  });
});
