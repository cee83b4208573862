import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import { configJsonSchema, lintText, presetTmsync, RULES, reportText } from '../src/index.js';
import { clearConfigCache, configFor, findConfig } from '../src/node.js';
import { fixture, fixturePath } from './helpers.js';

const run = promisify(execFile);
const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

function tree(files: Record<string, string>, under = tmpdir()): string {
  const root = mkdtempSync(join(under, 'tmsync-entries-'));
  scratch.push(root);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

describe('config discovery (@tmsync/rubric/node)', () => {
  it('walks up from the file to the nearest config: rc files and package.json "tmsync"', () => {
    const root = tree({
      '.tmsyncrc.yaml': 'rules:\n  question-uncited: off\n',
      'a/b/THREAT_MODEL.md': '# x\n',
      'pkg/package.json': JSON.stringify({ name: 'p', tmsync: { rules: { 'legend-missing': 'error' } } }),
      'pkg/docs/threat-model.md': '# x\n',
      'plain/package.json': JSON.stringify({ name: 'no-config-here' }),
      'plain/THREAT_MODEL.md': '# x\n',
    });
    clearConfigCache();
    expect(configFor(join(root, 'a/b/THREAT_MODEL.md'))).toEqual({
      path: join(root, '.tmsyncrc.yaml'),
      config: { rules: { 'question-uncited': 'off' } },
    });
    expect(configFor(join(root, 'pkg/docs/threat-model.md'))).toEqual({
      path: join(root, 'pkg/package.json'),
      config: { rules: { 'legend-missing': 'error' } },
    });
    // A package.json without the key does not stop the walk.
    expect(findConfig(join(root, 'plain'))).toBe(join(root, '.tmsyncrc.yaml'));
  });

  it('names the file and key of a bad config found on the way up', () => {
    const root = tree({
      'package.json': JSON.stringify({ tmsync: { rules: { 'question-uncitd': 'off' } } }),
      'x/.tmsyncrc.json': '{"rules": {"section-order": "loud"}}',
    });
    clearConfigCache();
    expect(() => configFor(join(root, 'THREAT_MODEL.md'))).toThrow(
      `${join(root, 'package.json')}: tmsync: rules.question-uncitd: unknown rule id "question-uncitd"`,
    );
    expect(() => configFor(join(root, 'x/THREAT_MODEL.md'))).toThrow(
      `${join(root, 'x/.tmsyncrc.json')}: rules.section-order: must be off, warning or error`,
    );
  });
});

describe('config JSON Schema', () => {
  it('is the committed config.schema.json (regenerate: corepack pnpm --filter @tmsync/rubric config-schema)', () => {
    const committed = JSON.parse(readFileSync(join(pkg, 'config.schema.json'), 'utf8'));
    expect(committed).toEqual(configJsonSchema());
  });

  it('accepts what the loader accepts and rejects what it rejects', () => {
    const validate = new Ajv2020({ strict: false }).compile(configJsonSchema());
    expect(
      validate({
        rules: {
          'question-uncited': 'off',
          'section-order': ['error'],
          'header-field-missing': ['warning', { required: ['project', 'status'] }],
        },
      }),
    ).toBe(true);
    expect(validate({ rules: { 'no-such-rule': 'off' } })).toBe(false);
    expect(validate({ rules: { 'section-order': 'loud' } })).toBe(false);
    expect(validate({ rulez: {} })).toBe(false);
    expect(Object.keys((configJsonSchema().properties as { rules: { properties: object } }).rules.properties)).toEqual(
      RULES.map((r) => r.meta.id),
    );
  });
});

describe('the main entry is pure', () => {
  it('bundles for a browser: no node: module, fs, cwd or environment behind it', async () => {
    const { build } = await import('esbuild');
    const result = await build({
      entryPoints: [join(pkg, 'src/index.ts')],
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'esm',
      logLevel: 'silent',
      // Left as imports rather than failing the build, so that the check below names them.
      external: ['node:*'],
    });
    const text = result.outputFiles[0]?.text ?? '';
    expect(text.match(/from\s*["']node:[a-z/]+["']|require\(["']node:[a-z/]+["']\)/g) ?? []).toEqual([]);
    expect(text).not.toMatch(/process\.cwd\(\)|readFileSync|createRequire/);
  });
});

describe('remark-cli', () => {
  const remark = join(pkg, 'node_modules', '.bin', 'remark');
  const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };

  // Each case starts remark-cli in its own process: slow on a loaded machine, within the shared hang guard.
  it('`remark --use @tmsync/rubric FILE` gives the messages of lintText', async () => {
    for (const name of ['question-uncited.md', 'closure-unlicensed.md']) {
      const path = relative(pkg, fixturePath(name));
      const file = lintText(fixture(name), path);
      // remark exits 1 when a message is an error, as tmsync lint does.
      const out = await run(remark, ['--use', '@tmsync/rubric', '--no-stdout', '--no-color', path], {
        cwd: pkg,
        env,
      }).then(
        (done) => ({ ...done, code: 0 }),
        (failed: { stderr: string; code: number }) => failed,
      );
      expect(out.stderr).toBe(reportText([file]));
      expect(out.code).toBe(file.messages.some((m) => m.fatal) ? 1 : 0);
    }
  });

  it('reads .remarkrc.json; a rule is configured by its module, remark-lint style; lint comments work', async () => {
    // Under the package, so `@tmsync/rubric` resolves to itself.
    const root = tree(
      {
        '.remarkrc.json': JSON.stringify({
          plugins: ['@tmsync/rubric', ['@tmsync/rubric/rules/legend-missing', false]],
        }),
        'THREAT_MODEL.md': fixture('legend-missing.md'),
        'quiet/THREAT_MODEL.md': `<!-- lint disable question-uncited -->\n\n${fixture('question-uncited.md')}`,
      },
      join(pkg, 'test'),
    );
    const out = await run(remark, ['--no-stdout', '--no-color', 'THREAT_MODEL.md', 'quiet/THREAT_MODEL.md'], {
      cwd: root,
      env,
    });
    expect(lintText(fixture('legend-missing.md'), 'm.md').messages.map((m) => m.ruleId)).toContain('legend-missing');
    expect(out.stderr).not.toContain('legend-missing');
    expect(out.stderr).not.toContain('question-uncited');
    expect(out.stderr).toMatch(/^THREAT_MODEL\.md: no issues found$/m);
  });

  it('exports each rule as its own module whose default is the plugin the preset uses', async () => {
    const plugins = (presetTmsync.plugins ?? []).map((p) => (Array.isArray(p) ? p[0] : p));
    for (const rule of RULES) {
      const mod = (await import(`../src/rules/${rule.meta.id}.ts`)) as { default: unknown };
      expect(mod.default).toBe(rule);
      expect(plugins).toContain(rule);
    }
  });
});
