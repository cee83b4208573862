import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, lintText, validateConfig } from '../src/index.js';
import { findConfig, loadConfig } from '../src/node.js';
import { fixture, where } from './helpers.js';

function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tmsync-config-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('config files', () => {
  it('loads YAML and JSON, and finds .tmsyncrc.* in a folder', () => {
    const yaml = tempFile(
      '.tmsyncrc.yaml',
      'rules:\n  question-uncited: off\n  section-order: error\n  header-field-missing: [warning, {required: [project, authors]}]\n',
    );
    expect(loadConfig(yaml)).toEqual({
      rules: {
        'question-uncited': 'off',
        'section-order': 'error',
        'header-field-missing': ['warning', { required: ['project', 'authors'] }],
      },
    });
    expect(findConfig(join(yaml, '..'))).toBe(yaml);
    const json = tempFile('.tmsyncrc.json', JSON.stringify({ rules: { 'legend-missing': 'error' } }));
    expect(loadConfig(json)).toEqual({ rules: { 'legend-missing': 'error' } });
    expect(findConfig(`${tmpdir()}/definitely-not-here`)).toBeNull();
    expect(validateConfig(null)).toEqual({});
  });

  it('rejects unknown keys, unknown rule ids, bad severities and bad options, naming the file and key path', () => {
    const path = tempFile('.tmsyncrc.yaml', 'rulez: {}\n');
    expect(errorOf(() => loadConfig(path))).toBe(`${path}: (top level): unknown key "rulez"`);
    expect(errorOf(() => validateConfig({ rules: { 'section-missin': 'off' } }, 'c.yaml'))).toMatch(
      /^c\.yaml: rules\.section-missin: unknown rule id "section-missin" \(known: not-a-threat-model, section-missing,/,
    );
    expect(errorOf(() => validateConfig({ rules: { 'section-missing': 'warn' } }, 'c.yaml'))).toBe(
      'c.yaml: rules.section-missing: must be off, warning or error',
    );
    expect(errorOf(() => validateConfig({ rules: { 'section-missing': ['fatal'] } }, 'c.yaml'))).toBe(
      'c.yaml: rules.section-missing[0]: must be off, warning or error',
    );
    expect(
      errorOf(() =>
        validateConfig(
          { rules: { 'header-field-missing': ['warning', { required: ['project', 'colour'] }] } },
          'c.yaml',
        ),
      ),
    ).toMatch(/^c\.yaml: rules\.header-field-missing\[1\]\.required\[1\]: /);
    expect(
      errorOf(() =>
        validateConfig(
          { rules: { 'confidence-mismatch': ['error', { tolerance: { absolute: 2, ratio: 1 } }] } },
          'c.yaml',
        ),
      ),
    ).toBe('c.yaml: rules.confidence-mismatch[1].tolerance: unknown key "ratio"');
    expect(errorOf(() => validateConfig({ rules: { 'section-missing': ['error', { x: 1 }] } }, 'c.yaml'))).toBe(
      'c.yaml: rules.section-missing[1]: section-missing takes no options',
    );
    const both = errorOf(() => validateConfig({ rules: { nope: 'off', 'legend-missing': 'loud' } }, 'c.yaml'));
    expect(both.split('\n')).toHaveLength(2);
  });

  it('reports unreadable and malformed files', () => {
    expect(errorOf(() => loadConfig('/nonexistent/.tmsyncrc.yaml'))).toBe('/nonexistent/.tmsyncrc.yaml: no such file');
    const bad = tempFile('.tmsyncrc.json', '{"rules": ');
    expect(errorOf(() => loadConfig(bad))).toMatch(new RegExp(`^${bad.replace(/[.]/g, '\\.')}: not valid JSON`));
    const badYaml = tempFile('.tmsyncrc.yaml', 'rules: [unclosed\n');
    expect(errorOf(() => loadConfig(badYaml))).toMatch(/: not valid YAML/);
  });
});

describe('severities and options from the config', () => {
  it('turns rules off, changes severity, passes options', () => {
    const text = fixture('header-field-missing.md');
    expect(where(lintText(text, 'h.md'))).toHaveLength(2);
    expect(lintText(text, 'h.md').messages.every((m) => m.fatal === false)).toBe(true);
    expect(lintText(text, 'h.md', { rules: { 'header-field-missing': 'off' } }).messages).toEqual([]);
    expect(
      lintText(text, 'h.md', { rules: { 'header-field-missing': 'error' } }).messages.every((m) => m.fatal === true),
    ).toBe(true);
    const onlyProject = lintText(text, 'h.md', {
      rules: { 'header-field-missing': ['warning', { required: ['project', 'triage-policy'] }] },
    });
    expect(onlyProject.messages.map((m) => m.reason)).toEqual([expect.stringMatching(/no Triage policy field/)]);
  });

  it('confidence-mismatch takes its tolerance from the config', () => {
    const text = fixture('confidence-approx.md');
    expect(lintText(text, 'c.md').messages).toEqual([]);
    const strict = lintText(text, 'c.md', {
      rules: { 'confidence-mismatch': ['error', { tolerance: { absolute: 0, relative: 0 } }] },
    });
    expect(where(strict)).toEqual([
      ['confidence-mismatch', 13, 25],
      ['confidence-mismatch', 13, 56],
    ]);
  });
});

describe('message control', () => {
  it('<!-- tmsync disable question-uncited --> silences that rule only', () => {
    expect(where(lintText(fixture('question-uncited.md'), 'q.md'))).toEqual([['question-uncited', 95, 1]]);
    expect(where(lintText(fixture('message-control.md'), 'q.md'))).toEqual([]);
    const both = `${`<!-- tmsync disable question-uncited -->\n\n${fixture('legend-missing.md')}`.replace(
      '**Q3.** Should',
      '**Q3.** Should',
    )}\n**Q4.** Is it shipped?\n`;
    expect(where(lintText(both, 'q.md')).map(([id]) => id)).toEqual(['legend-missing']);
  });

  it('disables from the comment on, enables again, and warns about unknown rule ids', () => {
    const text = fixture('question-uncited.md').replace(
      '**Q4.**',
      '<!-- tmsync disable question-uncited -->\n\n**Q5.** Anything else?\n\n<!-- tmsync enable question-uncited -->\n\n**Q4.**',
    );
    expect(where(lintText(text, 'q.md'))).toEqual([['question-uncited', 101, 1]]);
    const unknown = lintText(`<!-- tmsync disable no-such-rule -->\n\n${fixture('older-clean.md')}`, 'u.md');
    expect(unknown.messages.map((m) => [m.source, m.ruleId, m.line, m.reason])).toEqual([
      [
        'tmsync',
        'comment-unknown-rule',
        1,
        '`<!-- tmsync disable no-such-rule -->` names no tmsync rule. The rule ids are listed in the @tmsync/rubric README.',
      ],
    ]);
    const misspelt = lintText(`<!-- tmsync ignore question-uncitd -->\n\n${fixture('older-clean.md')}`, 'u.md');
    expect(misspelt.messages.map((m) => m.reason)).toEqual([
      '`<!-- tmsync ignore question-uncitd -->` names no tmsync rule: did you mean `question-uncited`? The rule ids are listed in the @tmsync/rubric README.',
    ]);
    // remark-lint's comment name works too; ids that are not tmsync's are left to remark-lint.
    const lintComment = fixture('question-uncited.md').replace(
      '**Q4.**',
      '<!-- lint disable question-uncited no-html -->\n\n**Q5.** Anything else?\n\n<!-- lint enable question-uncited -->\n\n**Q4.**',
    );
    expect(where(lintText(lintComment, 'q.md'))).toEqual([['question-uncited', 101, 1]]);
  });
});

describe('presetTmsync in a plain unified pipeline (as remark-cli runs it)', () => {
  it('runs every rule and honours message-control comments', async () => {
    const { unified } = await import('unified');
    const { VFile } = await import('vfile');
    const { parseMarkdown } = await import('@tmsync/parser');
    const { presetTmsync } = await import('../src/index.js');
    const processor = unified()
      .use(function (this: unknown) {
        (this as { parser: (doc: string) => unknown }).parser = (doc: string) => parseMarkdown(doc);
      })
      .use(presetTmsync);
    const run = async (text: string) => {
      const file = new VFile({ path: 'm.md', value: text });
      await processor.run(processor.parse(file), file);
      return file;
    };
    expect(where(await run(fixture('question-uncited.md')))).toEqual([['question-uncited', 95, 1]]);
    expect(where(await run(fixture('message-control.md')))).toEqual([]);
    expect(where(await run(fixture('SECURITY.md')))).toEqual([['not-a-threat-model', 1, 1]]);
  });
});

describe('lintFile', () => {
  it('reads a path from disk', async () => {
    const { lintFile } = await import('../src/node.js');
    const { fixturePath } = await import('./helpers.js');
    expect(where(lintFile(fixturePath('question-uncited.md')))).toEqual([['question-uncited', 95, 1]]);
    expect(() => lintFile('/nonexistent/model.md')).toThrow(/ENOENT/);
  });
});
