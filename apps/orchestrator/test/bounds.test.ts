import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import type { Io } from '../src/io.js';

/** Runs `tmsync ARGS` in-process with a capturing Io. */
async function tmsync(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd, env: {} };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/** A folder with a 10,000-deep nested list (20 KB) and a 5 MB file, both shaped like a model. */
function hostileFiles(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tmsync-bounds-'));
  const head = '# Threat model\n\n## §1 Header\n\n- **Project:** x\n\n';
  writeFileSync(join(dir, 'deep.md'), `${head}${'- '.repeat(10_000)}x\n`);
  writeFileSync(join(dir, 'large.md'), `${head}${'A claim *(documented)*.\n'.repeat(220_000)}`);
  return dir;
}

describe('input bounds in the commands that parse a model', () => {
  const dir = hostileFiles();

  it('lint gives one nesting-too-deep finding at the line, exit 1', async () => {
    const r = await tmsync(['lint', '--format', 'json', 'deep.md'], dir);
    expect(r.code).toBe(1);
    const [file] = JSON.parse(r.stdout) as [{ messages: Array<{ ruleId: string; line: number }> }];
    expect(file.messages.map((m) => [m.ruleId, m.line])).toEqual([['nesting-too-deep', 7]]);
  });

  it('lint gives one document-too-large finding, exit 1', async () => {
    const r = await tmsync(['lint', '--format', 'json', 'large.md'], dir);
    expect(r.code).toBe(1);
    const [file] = JSON.parse(r.stdout) as [{ messages: Array<{ ruleId: string; message: string }> }];
    expect(file.messages).toHaveLength(1);
    expect(file.messages[0]).toMatchObject({ ruleId: 'document-too-large' });
    expect(file.messages[0]?.message).toMatch(/over the limit of 1,048,576 bytes/);
  });

  it('stats names the finding in one line on stderr and exits 1', async () => {
    const deep = await tmsync(['stats', 'deep.md'], dir);
    expect(deep).toMatchObject({ code: 1, stdout: '' });
    expect(deep.stderr).toMatch(/^deep\.md:7:1: error nesting-too-deep: Line 7 nests .*\n$/);
    const large = await tmsync(['stats', '--format', 'json', 'large.md'], dir);
    expect(large.code).toBe(1);
    expect(large.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(large.stderr).toMatch(/^large\.md:\d+:\d+: error document-too-large: /);
  });

  it('takes the bounds from the lint config (limits.maxBytes, limits.maxNestingDepth)', async () => {
    // 150 levels: over the default bound, cheap to parse once the bound is raised.
    writeFileSync(join(dir, 'deep150.md'), `# Threat model\n\n${'> '.repeat(150)}x\n`);
    const strict = await tmsync(['lint', '--format', 'json', 'deep150.md'], dir);
    expect(strict.stdout).toContain('nesting-too-deep');
    writeFileSync(join(dir, 'roomy.yaml'), 'limits:\n  maxNestingDepth: 200\n  maxBytes: 10000000\n');
    const r = await tmsync(['lint', '--format', 'json', '--config', 'roomy.yaml', 'deep150.md'], dir);
    const [file] = JSON.parse(r.stdout) as [{ messages: Array<{ ruleId: string }> }];
    expect(file.messages.map((m) => m.ruleId)).toEqual(['not-a-threat-model']);
    writeFileSync(join(dir, 'bad.yaml'), 'limits:\n  maxBytes: -1\n');
    const bad = await tmsync(['lint', '--config', 'bad.yaml', 'deep.md'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.yaml: limits\.maxBytes: must be greater than 0/);
  });
});
