import { countProvenance } from '@tmsync/core';
import { describe, expect, it } from 'vitest';
import { parseThreatModel } from '../src/index.js';
import type { ThreatModel } from '@tmsync/core';
import { corpus, corpusFiles, SKIP_CORPUS } from './helpers.js';

const parsed = new Map<string, ThreatModel>();
/** Each corpus document parsed once for the whole file. */
function parsedCorpus(name: string): ThreatModel {
  let m = parsed.get(name);
  if (!m) {
    m = parseThreatModel(corpus(name), { path: name });
    parsed.set(name, m);
  }
  return m;
}

/** What the parser reads from each corpus document, in a form a person can check against the text. */
function summary(name: string) {
  const model = parsedCorpus(name);
  const status = { open: 0, resolved: 0, partial: 0, struck: 0 };
  for (const q of model.questions) status[q.status]++;
  return {
    kind: model.kind,
    generation: model.generation,
    sections: model.sections.map((s) => `${s.number ?? '-'}:${s.id ?? s.key}`).join(' '),
    provenance: countProvenance(model.claims),
    declared: model.declared
      ? [model.declared.documented?.value, model.declared.maintainer?.value, model.declared.inferred?.value]
      : null,
    questions: model.questions.length,
    questionStatus: status,
    dispositions: model.dispositions.length,
    parserDiagnostics: model.diagnostics.map((d) => d.ruleId),
  };
}

describe.skipIf(SKIP_CORPUS)('the real corpus (../shared/corpus)', () => {
  it.each(corpusFiles())('%s parses without a parser failure, with sections found', (name) => {
    const model = parsedCorpus(name);
    expect(model.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(model.sections.length).toBeGreaterThan(5);
    if (model.kind === 'rubric-model') {
      expect(model.sections.some((s) => s.id === 'scope')).toBe(true);
      expect(
        model.sections.some((s) => s.id === 'dispositions') ||
          model.sections.some((s) => s.children.some((c) => c.id === 'dispositions')),
      ).toBe(true);
    }
  });

  it('reads every document as the rubric model it is, except the one in another outline', () => {
    const kinds = Object.fromEntries(corpusFiles().map((f) => [f, parsedCorpus(f).kind]));
    expect(Object.entries(kinds).filter(([, k]) => k !== 'rubric-model')).toEqual([
      ['apache__opendal-reqsign__THREAT_MODEL.md', 'other-outline'],
    ]);
    expect(parsedCorpus('scovetta__trigon__docs__threat-model.md').generation).toBe('newer');
  });

  // Checked by hand: these counts were compared with an independent count of the
  // tags in the text (every "(documented", "(inferred", "(maintainer" parenthetical,
  // mixed ones split at ";" and "+", the provenance legend and the declared-count
  // line left out), then with a reading of each difference (a tag word used as a
  // noun — "Each *(inferred)* tag in the body routes to …" — is not a claim), and
  // with a reading of the §14 sections.
  it('counts apache/cxf as checked by hand: 9 documented, 15 inferred, 0 maintainer; 8 open questions in 4 waves', () => {
    const s = summary('apache__cxf__THREAT_MODEL.md');
    expect(s.provenance).toEqual({ documented: 9, inferred: 15, maintainer: 0, assumption: 0 });
    expect(s.declared).toEqual([14, 0, 55]);
    expect(s.questions).toBe(8);
    expect(s.questionStatus).toEqual({ open: 8, resolved: 0, partial: 0, struck: 0 });
  });

  it('counts apache/maven as checked by hand: 26 documented, 55 inferred ("Most claims are *(inferred)* and …" is a mention), 0 maintainer; Q1–Q20 open', () => {
    const model = parsedCorpus('apache__maven__THREAT_MODEL.md');
    expect(countProvenance(model.claims)).toEqual({ documented: 26, inferred: 55, maintainer: 0, assumption: 0 });
    expect(model.questions.map((q) => q.id)).toEqual(Array.from({ length: 20 }, (_, i) => `Q${i + 1}`));
    expect(model.questions.every((q) => q.status === 'open')).toBe(true);
    expect(model.questions[0]?.wave).toMatch(/^Wave 1 — scope/);
  });

  it('counts the jspwiki draft as checked by hand: 125 documented, 46 inferred, 0 maintainer (the legend’s tags left out)', () => {
    const s = summary('apache__jspwiki__draft-THREAT-MODEL.md');
    expect(s.provenance).toEqual({ documented: 125, inferred: 46, maintainer: 0, assumption: 0 });
    expect(s.declared).toEqual([38, 1, 27]);
  });

  it('reads thrift’s 77 numbered questions, answers’ own numbered lists not taken for questions', () => {
    const model = parsedCorpus('apache__thrift__doc__thrift-threat-model.md');
    expect(model.questions).toHaveLength(77);
    expect(new Set(model.questions.map((q) => q.id)).size).toBe(77);
  });

  it('reads guacamole’s lettered question ids (I3) and the tags that cite them', () => {
    const model = parsedCorpus('apache__guacamole-client__THREAT_MODEL.md');
    expect(model.questions.slice(0, 3).map((q) => q.id)).toEqual(['I3', 'I2', 'I14']);
    const inferred = model.claims.filter((c) => c.provenance === 'inferred');
    expect(inferred.filter((c) => c.questionRefs.length > 0).length).toBeGreaterThan(inferred.length / 2);
  });

  it('reads knox’s §14 states: ✅ answers resolved, ⬜ ranges open, named meta questions', () => {
    const model = parsedCorpus('apache__knox__THREAT_MODEL.md');
    const byId = Object.fromEntries(model.questions.map((q) => [q.id, q.status]));
    expect(byId).toMatchObject({
      Q1: 'resolved',
      Q14: 'resolved',
      Q29: 'open',
      Q9: 'open',
      Q13: 'open',
      Q21: 'open',
      'Q-meta-a': 'resolved',
    });
    expect(model.sections[0]).toMatchObject({ id: 'header', level: 0 });
    expect(model.declared?.maintainer?.value).toBe(39);
  });

  it('keeps the per-document reading stable', () => {
    expect(Object.fromEntries(corpusFiles().map((f) => [f, summary(f)]))).toMatchSnapshot();
  });
});
