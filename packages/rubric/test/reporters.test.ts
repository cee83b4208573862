import AjvModule from 'ajv-draft-04';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonReport, lintText, reportJson, reportText, RULE_IDS } from '../src/index.js';
import { reportSarif, sarifLog } from '../src/node.js';
import { fixture, fixturePath } from './helpers.js';

const require = createRequire(import.meta.url);
/** ajv-draft-04 is CommonJS: its class is the default export's `default` under NodeNext typing, the module itself at run time. */
const Ajv = ((AjvModule as unknown as { default?: typeof AjvModule.default }).default ??
  AjvModule) as unknown as typeof AjvModule.default;
/** The SARIF 2.1.0 JSON schema (the final 2.1.0 "rtm.5" schema as SchemaStore publishes it), shipped by @microsoft/jest-sarif. */
const SARIF_SCHEMA = JSON.parse(
  readFileSync(
    join(dirname(require.resolve('@microsoft/jest-sarif/package.json')), 'lib/schemas/sarif-2.1.0-rtm.5.json'),
    'utf8',
  ),
) as Record<string, unknown>;

const files = () => [
  lintText(fixture('confidence-mismatch.md'), fixturePath('confidence-mismatch.md')),
  lintText(fixture('question-uncited.md'), fixturePath('question-uncited.md')),
  lintText(fixture('older-clean.md'), fixturePath('older-clean.md')),
];

describe('text reporter', () => {
  it('prints vfile-reporter output: file, positions, severity, message, rule id', () => {
    const text = reportText(
      ['confidence-mismatch.md', 'question-uncited.md', 'older-clean.md'].map((name) => lintText(fixture(name), name)),
    );
    expect(text).toMatch(
      /^confidence-mismatch\.md\n13:25-13:26 +error +The header declares 7 documented claims.* +confidence-mismatch +tmsync\n/m,
    );
    expect(text).toMatch(
      /^question-uncited\.md\n95:1-95:8 +warning +Q4 is open but no claim cites it.* +question-uncited +tmsync$/m,
    );
    expect(text).toMatch(/older-clean\.md: no issues found/);
    expect(text).toMatch(/✖ 2 errors\n⚠ 1 warning|3 messages \(✖ 2 errors, ⚠ 1 warning\)/);
    expect(reportText(files(), { quiet: true })).not.toMatch(/older-clean/);
  });
});

describe('JSON reporter', () => {
  it('follows the contract exactly: [{file, messages: [{ruleId, severity, line, column, message}]}]', () => {
    const report = JSON.parse(reportJson(files())) as unknown[];
    expect(report).toHaveLength(3);
    for (const entry of report as Record<string, unknown>[]) {
      expect(Object.keys(entry).sort()).toEqual(['file', 'messages']);
      expect(typeof entry.file).toBe('string');
      for (const m of entry.messages as Record<string, unknown>[]) {
        expect(Object.keys(m).sort()).toEqual(['column', 'line', 'message', 'ruleId', 'severity']);
        expect(RULE_IDS).toContain(m.ruleId);
        expect(['error', 'warning']).toContain(m.severity);
        expect(Number.isInteger(m.line) && Number.isInteger(m.column)).toBe(true);
        expect(typeof m.message).toBe('string');
      }
    }
    expect(jsonReport(files())[0]).toEqual({
      file: fixturePath('confidence-mismatch.md'),
      messages: [
        {
          ruleId: 'confidence-mismatch',
          severity: 'error',
          line: 13,
          column: 25,
          message: expect.stringMatching(
            /^The header declares 7 documented claims, but the document carries 6 documented tags/,
          ),
        },
        {
          ruleId: 'confidence-mismatch',
          severity: 'error',
          line: 13,
          column: 55,
          message: expect.stringMatching(/^The header declares about 9 inferred claims/),
        },
      ],
    });
    expect(jsonReport(files())[1]?.messages).toEqual([
      { ruleId: 'question-uncited', severity: 'warning', line: 95, column: 1, message: expect.any(String) },
    ]);
    expect(jsonReport(files())[2]).toEqual({ file: fixturePath('older-clean.md'), messages: [] });
  });
});

describe('SARIF reporter', () => {
  const root = resolve(fixturePath('.'), '..', '..');
  const log = () => JSON.parse(reportSarif(files(), { root })) as ReturnType<typeof sarifLog>;

  it('validates against the SARIF 2.1.0 JSON schema', () => {
    const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true, unicodeRegExp: false });
    const validate = ajv.compile(SARIF_SCHEMA);
    const ok = validate(log());
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    // The validator is not vacuous: a broken log fails.
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
  });

  it('has what GitHub code scanning requires', () => {
    const sarif = log();
    expect(sarif.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0];
    expect(run?.tool.driver.name).toBe('tmsync');
    expect(run?.tool.driver.informationUri).toMatch(/^https:\/\//);
    expect(run?.tool.driver.rules.map((r) => r.id)).toEqual([...RULE_IDS]);
    for (const rule of run?.tool.driver.rules ?? []) {
      expect(rule.shortDescription.text).toBeTruthy();
      expect(rule.fullDescription.text).toBeTruthy();
      expect(rule.help.text).toBeTruthy();
      expect(['error', 'warning']).toContain(rule.defaultConfiguration.level);
    }
    expect(run?.results).toHaveLength(3);
    for (const result of run?.results ?? []) {
      expect(RULE_IDS).toContain(result.ruleId);
      expect(run?.tool.driver.rules[result.ruleIndex]?.id).toBe(result.ruleId);
      expect(['error', 'warning']).toContain(result.level);
      expect(result.message.text).toBeTruthy();
      expect(result.locations).toHaveLength(1);
      const loc = result.locations[0]?.physicalLocation;
      expect(loc?.artifactLocation.uri).toMatch(
        /^packages\/rubric\/test\/fixtures\/[a-z-]+\.md$|^test\/fixtures\/[a-z-]+\.md$/,
      );
      const r = loc?.region;
      expect(
        r &&
          r.startLine >= 1 &&
          r.startColumn >= 1 &&
          r.endLine >= r.startLine &&
          (r.endLine > r.startLine || r.endColumn > r.startColumn),
      ).toBe(true);
      expect(result.partialFingerprints.primaryLocationLineHash).toMatch(/^[0-9a-f]{16}:\d+$/);
    }
    const first = run?.results[0];
    expect(first?.locations[0]?.physicalLocation.region).toEqual({
      startLine: 13,
      startColumn: 25,
      endLine: 13,
      endColumn: 26,
    });
  });

  it('uses repository-relative URIs with forward slashes, and a uri override', () => {
    const sarif = log();
    expect(sarif.runs[0]?.results[0]?.locations[0]?.physicalLocation.artifactLocation.uri).toBe(
      'test/fixtures/confidence-mismatch.md',
    );
    const viaRef = sarifLog([lintText(fixture('question-uncited.md'), 'v1.0:docs/THREAT MODEL.md')], {
      uri: () => 'docs/THREAT MODEL.md',
    });
    expect(viaRef.runs[0]?.results[0]?.locations[0]?.physicalLocation.artifactLocation.uri).toBe(
      'docs/THREAT MODEL.md',
    );
    const spaced = sarifLog([lintText(fixture('question-uncited.md'), 'docs/THREAT MODEL.md')], { root: '/repo' });
    expect(spaced.runs[0]?.results[0]?.locations[0]?.physicalLocation.artifactLocation.uri).toBe(
      'docs/THREAT%20MODEL.md',
    );
  });

  it('fingerprints are stable when lines move, and distinguish repeated findings on equal lines', () => {
    const text = fixture('question-uncited.md');
    const before = sarifLog([lintText(text, 'a.md')], { root: '/' }).runs[0]?.results[0]?.partialFingerprints
      .primaryLocationLineHash;
    const shifted = sarifLog([lintText(text.replace('## §2 Scope', 'Some new prose.\n\n## §2 Scope'), 'a.md')], {
      root: '/',
    }).runs[0]?.results;
    expect(shifted?.[0]?.locations[0]?.physicalLocation.region.startLine).toBe(97);
    expect(shifted?.[0]?.partialFingerprints.primaryLocationLineHash).toBe(before);
    const twice = sarifLog([lintText(fixture('header-field-missing.md'), 'h.md')], { root: '/' }).runs[0]?.results.map(
      (r) => r.partialFingerprints.primaryLocationLineHash,
    );
    expect(twice).toHaveLength(2);
    expect(twice?.[0]?.split(':')[0]).toBe(twice?.[1]?.split(':')[0]);
    expect(twice?.map((h) => h.split(':')[1])).toEqual(['1', '2']);
  });
});
