import { describe, expect, it } from 'vitest';
import { createProcessor, lintText, reportJson, reportText } from '../src/index.js';
import { reportSarif } from '../src/node.js';
import { fromRecord, released, toRecord } from '../src/results.js';
import { fixture } from './helpers.js';

const NAMES = ['question-uncited.md', 'section-order.md', 'newer-generation.md', 'message-control.md', 'SECURITY.md'];

describe('a linted file released to its record', () => {
  it('reports byte for byte as the file itself, in text, JSON and SARIF, without its text, tree or model', () => {
    const files = NAMES.map((name) => lintText(fixture(name), name));
    const records = files.map((file) => JSON.parse(JSON.stringify(toRecord(file))));
    const light = files.map((file, i) => fromRecord(file.path ?? '', records[i]));
    expect(reportText(light)).toBe(reportText(files));
    expect(reportJson(light)).toBe(reportJson(files));
    expect(reportSarif(light, { root: '.' })).toBe(reportSarif(files, { root: '.' }));
    expect(files.some((f) => f.messages.length > 0)).toBe(true);
    for (const [i, original] of files.entries()) {
      const file = light[i];
      expect(file?.data.threatModel).toBeUndefined();
      expect(String(file?.value).length).toBeLessThan(String(original.value).length);
      expect(released(original).messages.map((m) => m.reason)).toEqual(file?.messages.map((m) => m.reason));
    }
  });
});

describe('one processor per run', () => {
  it('is shared by configs that set the rules alike, and differs where they do not', () => {
    expect(createProcessor({})).toBe(createProcessor({}));
    expect(createProcessor({ limits: { maxBytes: 10_000_000 } })).toBe(createProcessor());
    expect(createProcessor({ rules: { 'question-uncited': 'off' } })).not.toBe(createProcessor({}));
    expect(createProcessor({ rules: { 'question-uncited': 'off' } })).toBe(
      createProcessor({ rules: { 'question-uncited': 'off' } }),
    );
  });
});
