/**
 * The parser's reading of a document's sections in every numbering generation and form, and
 * its recognising documents that are not rubric models at all.
 */
import { flattenSections } from '@tmsync/core';
import { describe, expect, it } from 'vitest';
import { parseThreatModel, splitHeading } from '../src/index.js';
import { fixture } from './helpers.js';

const ids = (text: string) => flattenSections(parseThreatModel(text).sections).map((s) => s.id);

describe('sections', () => {
  it('reads §-numbered older-generation sections, §5a and §11a included, in order', () => {
    const model = parseThreatModel(fixture('older-full.md'));
    expect(model.generation).toBe('older');
    expect(model.kind).toBe('rubric-model');
    expect(model.title).toBe('Threat Model — Example Widget');
    const top = model.sections.map((s) => [s.number, s.id]);
    expect(top).toEqual([
      ['1', 'header'],
      ['2', 'scope'],
      ['3', 'out-of-scope'],
      ['4', 'trust-boundaries'],
      ['5', 'environment'],
      ['5a', 'variants'],
      ['6', 'inputs'],
      ['7', 'adversary'],
      ['8', 'properties'],
      ['9', 'non-properties'],
      ['10', 'downstream'],
      ['11', 'misuse'],
      ['11a', 'non-findings'],
      ['12', 'change-conditions'],
      ['13', 'dispositions'],
      ['14', 'questions'],
    ]);
    const properties = model.sections.find((s) => s.id === 'properties');
    expect(properties?.children.map((c) => [c.title, c.id, c.level])).toEqual([['P1 — bounded parsing', null, 3]]);
    expect(properties?.heading.start.line).toBe(51);
  });

  it('reads newer-generation 1.N numbering: 1.7 is inputs, 1.10 the adversary model', () => {
    const model = parseThreatModel(fixture('newer-gen.md'));
    expect(model.generation).toBe('newer');
    const map = Object.fromEntries(model.sections.map((s) => [s.number ?? '-', s.id]));
    expect(map).toMatchObject({
      '1.7': 'inputs',
      '1.8': 'outputs',
      '1.9': 'dependencies',
      '1.10': 'adversary',
      '1.17': 'dispositions',
      '1.18': 'questions',
    });
  });

  it('builds an implicit header from fields written before the first section', () => {
    const model = parseThreatModel(fixture('newer-gen.md'));
    expect(model.sections[0]).toMatchObject({ id: 'header', number: null, level: 0 });
    expect(model.header.map((f) => f.name)).toEqual([
      'Project',
      'Version binding',
      'Status',
      'Triage policy',
      'Provenance legend',
      'Draft confidence',
    ]);
    expect(model.triagePolicy).toBe('relaxed');
  });

  it('reads chapter-prefixed numbers (4.N), a table header, and keeps an appendix as a section of its own', () => {
    const model = parseThreatModel(fixture('chapter4.md'));
    expect(model.sections.map((s) => s.id)).toEqual(['header', 'out-of-scope', 'adversary', 'questions', null]);
    expect(model.sections[4]?.key).toBe('appendix-a-back-map');
    expect(model.header.map((f) => [f.name, f.value])).toEqual([
      ['Project', 'Example Tool'],
      ['Status', 'Accepted'],
      ['Draft confidence', '~10 (documented) / 2 (maintainer) / ~3 (inferred)'],
    ]);
  });

  it('maps sections by title when they carry no number', () => {
    expect(ids(fixture('title-only.md'))).toEqual([
      'header',
      'scope',
      'out-of-scope',
      'trust-boundaries',
      'adversary',
      'dispositions',
      'questions',
    ]);
  });

  it('trusts the title when number and title disagree', () => {
    const text =
      '# T\n\n## §2 Scope and intended use\n\n## §3 Adversary model\n\n## §4 Trust boundaries and data flow\n\n## §5 Assumptions about the environment\n';
    expect(ids(text)).toEqual(['scope', 'adversary', 'trust-boundaries', 'environment']);
  });

  it('keeps sections of the document’s own (§1a, §11b, §16) with a null id', () => {
    const text =
      '# T\n\n## §1 Header\n\n## §1a What changes from the parent model\n\n## §11 Known misuse patterns\n\n## §11b Known problems\n\n## §16 Appendix — back-map\n';
    const model = parseThreatModel(text);
    expect(model.sections.map((s) => [s.key, s.id])).toEqual([
      ['header', 'header'],
      ['§1a', null],
      ['misuse', 'misuse'],
      ['§11b', null],
      ['§16', null],
    ]);
  });

  it('splits heading numbers in every written form', () => {
    expect(splitHeading('§5a Build-time and configuration variants')).toMatchObject({
      number: '5a',
      title: 'Build-time and configuration variants',
    });
    expect(splitHeading('4.3 Out of scope')).toMatchObject({ number: '4.3', title: 'Out of scope' });
    expect(splitHeading('11a. Known non-findings')).toMatchObject({ number: '11a', title: 'Known non-findings' });
    expect(splitHeading('§1.10 Adversary model')).toMatchObject({ number: '1.10', title: 'Adversary model' });
    expect(splitHeading('3. Out of scope')).toMatchObject({ number: '3', title: 'Out of scope' });
    expect(splitHeading('Open questions')).toMatchObject({ number: null, title: 'Open questions' });
  });
});

describe('documents that are not rubric models', () => {
  it('recognises reStructuredText by extension and by content before any rubric reading', () => {
    const rubricShaped = '# Threat model\n\n## 1.2 Scope\n\nText *(inferred)*.\n';
    const byName = parseThreatModel(rubricShaped, { path: 'docs/threat-model.rst' });
    expect([byName.kind, byName.diagnostics.map((d) => d.ruleId)]).toEqual([
      'not-markdown',
      ['parser:restructuredtext'],
    ]);
    expect(parseThreatModel(rubricShaped, { path: 'THREAT_MODEL.md' }).kind).not.toBe('not-markdown');
    const rst = 'Threat model\n============\n\nScope\n-----\n\nThe server.\n\n.. note:: draft\n';
    expect(parseThreatModel(rst, { path: 'THREAT_MODEL.md' }).diagnostics.map((d) => d.ruleId)).toEqual([
      'parser:restructuredtext',
    ]);
    // Markdown with setext headings and a Markdown link is still Markdown.
    const setext =
      'Security\n========\n\nReport to [us](https://example.org).\n\nSupported versions\n------------------\n\n4.x\n';
    expect(parseThreatModel(setext, { path: 'SECURITY.md' }).kind).toBe('security-policy');
  });

  it('says so for an empty file, binary data, a SECURITY.md and reStructuredText', () => {
    expect(parseThreatModel('').kind).toBe('empty');
    expect(parseThreatModel('\u0000\u0001\u0002binary').kind).toBe('not-markdown');
    expect(
      parseThreatModel('# Security Policy\n\n## Reporting a Vulnerability\n\nMail security@example.org.\n').kind,
    ).toBe('security-policy');
    expect(
      parseThreatModel('Threat model\n============\n\nScope\n-----\n\n.. note:: text\n\n.. warning:: more\n').kind,
    ).toBe('not-markdown');
    expect(parseThreatModel('# Design\n\n## 2. Purpose\n\n## 3. System Model\n\n## 4. Components\n').kind).toBe(
      'other-outline',
    );
  });
});
