import { countProvenance, flattenSections } from '@tmsync/core';
import { describe, expect, it } from 'vitest';
import { findQuestionRefs, parseThreatModel, splitHeading, whoIn } from '../src/index.js';
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

describe('claims', () => {
  const model = parseThreatModel(fixture('older-full.md'));

  it('counts every tag form and skips the legend, the counts line and code', () => {
    expect(countProvenance(model.claims)).toEqual({ documented: 5, inferred: 4, maintainer: 1, assumption: 0 });
    expect(model.claims.some((c) => c.tagRange.start.line === 36)).toBe(false);
    expect(model.legend?.start.line).toBe(12);
  });

  it('reads a mixed parenthetical as two claims, the inferred part citing its question', () => {
    const mixed = model.claims.filter((c) => c.tagRange.start.line === 23);
    expect(mixed.map((c) => [c.provenance, c.citation, c.questionRefs.map((r) => r.id)])).toEqual([
      ['documented', 'CloudStack admin documentation', []],
      ['inferred', '§14 Q3', ['Q3']],
    ]);
    expect(mixed[0]?.tagRange).toEqual(mixed[1]?.tagRange);
  });

  it('reads names and dates from maintainer tags, and separators as written', () => {
    const m = model.claims.find((c) => c.provenance === 'maintainer');
    expect(m).toMatchObject({
      who: 'alice',
      date: '2026-06-04',
      separator: '—',
      section: 'out-of-scope',
      sectionId: 'out-of-scope',
    });
    expect(m?.questionRefs.map((r) => r.id)).toEqual(['Q2']);
    const comma = model.claims.find((c) => c.citation === 'Q4');
    expect(comma).toMatchObject({ provenance: 'inferred', separator: ',' });
  });

  it('finds tags inside table cells', () => {
    const cell = model.claims.find((c) => c.tagRange.start.line === 29);
    expect(cell).toMatchObject({ provenance: 'inferred', sectionId: 'trust-boundaries' });
    expect(cell?.tagRange.start.column).toBe(27);
  });

  it('keeps exact positions: the tag text at its offsets is the tag', () => {
    const text = fixture('older-full.md');
    for (const c of model.claims) {
      const tag = text.slice(c.tagRange.start.offset, c.tagRange.end.offset);
      expect(tag.startsWith('(')).toBe(true);
      expect(tag.endsWith(')')).toBe(true);
      expect(text.slice(c.range.start.offset, c.range.end.offset).toLowerCase()).toContain(c.provenance);
    }
  });

  it('takes the claim text from before the tag, without the field label', () => {
    expect(model.claims[0]?.text).toBe('Example Widget, a small HTTP library');
    expect(model.claims.find((c) => c.tagRange.start.line === 18)?.text).toBe(
      'It is embedded in servers, never run standalone',
    );
  });

  it('reads the assumption tag of the newer generation', () => {
    const newer = parseThreatModel(fixture('newer-gen.md'));
    expect(countProvenance(newer.claims)).toEqual({ documented: 2, inferred: 1, maintainer: 0, assumption: 2 });
    expect(
      newer.claims.filter((c) => c.provenance === 'assumption').map((c) => c.questionRefs.map((r) => r.id)),
    ).toEqual([['Q1'], ['Q2']]);
  });

  it('resolves §4.14.N references to questions numbered inside the section', () => {
    const ch = parseThreatModel(fixture('chapter4.md'));
    expect(ch.claims.find((c) => c.sectionId === 'out-of-scope')?.questionRefs.map((r) => r.id)).toEqual(['Q14.1']);
  });

  it('does not take a tag mentioned in prose about tags for a claim, judging by the sentence', () => {
    const text = [
      '# T',
      '',
      '- **Status:** draft; no *(inferred)* may close a report until answered.',
      '',
      '## §2 Scope and intended use',
      '',
      'Most claims here are *(inferred)* and must be confirmed by the committee.',
      'The frame bound is tagged *(inferred)* pending review.',
      'Each *(inferred)* routes to §14.',
      '*(All *(inferred)* pending §14 answers.)*',
      'Once a question is answered, promote the matching *(inferred)* tags to *(maintainer)* and delete it.',
      '',
      'The relay drops oversized frames *(inferred)*.',
      'The relay is stateless *(documented)* and logs nothing *(inferred — §14 Q1)*.',
      '',
    ].join('\n');
    const claims = parseThreatModel(text).claims.map((c) => [c.provenance, c.tagRange.start.line]);
    expect(claims).toEqual([
      ['inferred', 13],
      ['documented', 14],
      ['inferred', 14],
    ]);
  });

  it('does not take a tag word used as a noun, or a prose legend, for a claim', () => {
    const text =
      '# T\n\n## §2 Scope\n\nOnly a *(documented)* or *(maintainer)* claim can close; every *(inferred)* tag routes to §14.\n\nEach claim carries a tag: *(documented)* — from docs; *(inferred)* — not confirmed.\n\nReal *(inferred — Q1)*.\n';
    expect(countProvenance(parseThreatModel(text).claims)).toEqual({
      documented: 0,
      inferred: 1,
      maintainer: 0,
      assumption: 0,
    });
  });

  it('reads question ids of another letter and the tags that cite them', () => {
    const text =
      '# T\n\n## §2 Scope\n\nA claim *(inferred — I3)*.\n\n## §14 Open questions\n\n1. **(I3) Is it so?** Yes.\n2. **(I4/I8) And this?** No.\n';
    const m = parseThreatModel(text);
    expect(m.questions.map((q) => q.id)).toEqual(['I3', 'I4', 'I8']);
    expect(m.claims[0]?.questionRefs.map((r) => r.id)).toEqual(['I3']);
  });

  it('keeps a numbered list inside an answer with its question', () => {
    const text = '# T\n\n## §14 Open questions\n\n**Q1.** First?\n\nTwo notes:\n\n1. one\n2. two\n\n**Q2.** Second?\n';
    expect(parseThreatModel(text).questions.map((q) => [q.id, q.range.start.line, q.range.end.line])).toEqual([
      ['Q1', 5, 10],
      ['Q2', 12, 12],
    ]);
  });

  it('does not take prose for a tag', () => {
    const text =
      '# T\n\n## §2 Scope\n\nA (documented but not installed) thing and *(maintainer-published artefact)* text *(documented)*.\n';
    expect(countProvenance(parseThreatModel(text).claims)).toEqual({
      documented: 1,
      inferred: 0,
      maintainer: 0,
      assumption: 0,
    });
  });

  it('reports an unclosed tag and still counts it', () => {
    const text = '# T\n\n## §2 Scope\n\nA claim *(inferred — §14 Q1\n\nNext paragraph.\n';
    const m = parseThreatModel(text);
    expect(m.claims).toHaveLength(1);
    expect(m.diagnostics[0]).toMatchObject({ ruleId: 'parser:unclosed-tag', range: { start: { line: 5 } } });
  });
});

describe('who a maintainer tag names', () => {
  it('reads handles and capitalised names, not prose', () => {
    expect(whoIn('vishesh92, 2026-06-04 — Q12')).toBe('vishesh92');
    expect(whoIn('2026-07-09 — L. McCay confirmed Q5')).toBe('L. McCay');
    expect(whoIn('vlsi + milamberspace 2026-06-04')).toBe('vlsi + milamberspace');
    expect(whoIn('out of scope per the PMC')).toBeNull();
    expect(whoIn('resolution')).toBeNull();
  });
});

describe('declared counts', () => {
  it('reads exact counts', () => {
    const d = parseThreatModel(fixture('older-full.md')).declared;
    expect([d?.documented?.value, d?.maintainer?.value, d?.inferred?.value, d?.documented?.approximate]).toEqual([
      5,
      1,
      4,
      false,
    ]);
    expect(d?.documented?.range.start).toMatchObject({ line: 13, column: 25 });
  });

  it('reads approximate counts written with tags', () => {
    const d = parseThreatModel(fixture('chapter4.md')).declared;
    expect([d?.documented?.value, d?.documented?.approximate, d?.maintainer?.approximate, d?.inferred?.value]).toEqual([
      10,
      true,
      false,
      3,
    ]);
  });

  it('reads counts with assumptions', () => {
    expect(parseThreatModel(fixture('newer-gen.md')).declared?.assumption?.value).toBe(2);
  });

  it('reads counts from a ### Draft confidence subsection', () => {
    const text =
      '# T\n\n- **Project:** X\n- **Status:** draft\n\n### Draft confidence\n\n**~17 documented / ~39 maintainer / ~11 inferred** (after review).\n\n## §2 Scope and intended use\n';
    const d = parseThreatModel(text).declared;
    expect([d?.documented?.value, d?.maintainer?.value, d?.inferred?.value]).toEqual([17, 39, 11]);
  });

  it('reads several fields in one item, a label naming several fields, and counts declared in another field', () => {
    const text = [
      '# T',
      '',
      '- **Project:** Relay',
      '- **Date:** 2026-01-02 **Status:** draft **Draft confidence:** 3 documented / 0 maintainer / 2 inferred',
      '- **Reporting / version-binding / legend** as in the sibling models.',
      '- **Version / commit:** 4.2',
      '',
      '## §2 Scope and intended use',
      '',
    ].join('\n');
    const model = parseThreatModel(text);
    expect(model.header.map((h) => [h.name, h.value])).toEqual([
      ['Project', 'Relay'],
      ['Date', '2026-01-02'],
      ['Status', 'draft'],
      ['Draft confidence', '3 documented / 0 maintainer / 2 inferred'],
      ['Reporting', 'as in the sibling models.'],
      ['Version binding', 'as in the sibling models.'],
      ['Legend', 'as in the sibling models.'],
      ['Version / commit', '4.2'],
    ]);
    expect(model.status).toBe('draft');
    expect(model.declared?.inferred?.value).toBe(2);
    const inStatus = parseThreatModel(
      '# T\n\n- **Project:** Relay\n- **Status:** draft, ~14 documented / ~41 inferred\n\n## §2 Scope\n',
    );
    expect([inStatus.declared?.documented?.value, inStatus.declared?.inferred?.value]).toEqual([14, 41]);
    expect(inStatus.declared?.inferred?.approximate).toBe(true);
  });

  it('does not take prose for a count', () => {
    expect(parseThreatModel(fixture('title-only.md')).declared).toBeNull();
  });
});

describe('questions', () => {
  it('reads paragraph, list and titled questions with waves and states', () => {
    const qs = parseThreatModel(fixture('older-full.md')).questions;
    expect(qs.map((q) => [q.id, q.status, q.wave])).toEqual([
      ['Q1', 'open', 'Wave 1 — scope and deployment'],
      ['Q2', 'resolved', 'Wave 1 — scope and deployment'],
      ['Q3', 'open', 'Wave 1 — scope and deployment'],
      ['Q4', 'resolved', 'Wave 2 — environment — ANSWERED'],
      ['Q5', 'struck', 'Wave 2 — environment — ANSWERED'],
    ]);
    expect(qs[0]?.mapsTo).toEqual(['scope']);
    expect(qs[0]?.range.start.line).toBe(92);
  });

  it('reads the forms real documents use', () => {
    const qs = parseThreatModel(fixture('question-forms.md')).questions;
    expect(qs.map((q) => [q.id, q.status])).toEqual([
      ['Q1', 'resolved'],
      ['Q2', 'open'],
      ['Q-secure', 'open'],
      ['Q-dos', 'resolved'],
      ['Q7', 'open'],
      ['Q8', 'open'],
      ['Q9', 'open'],
      ['Q10', 'open'],
      ['Q11', 'open'],
      ['Q12', 'open'],
      ['Q1', 'open'],
      ['Q2', 'resolved'],
    ]);
    expect(qs[0]?.mapsTo).toEqual(['scope']);
    expect(qs[10]?.wave).toBe('Still open');
  });

  it('reads every state form reviewed documents write (fixture question-states.md)', () => {
    const states = Object.fromEntries(
      parseThreatModel(fixture('question-states.md')).questions.map((q) => [q.id, q.status]),
    );
    expect(states).toEqual({
      // On the entry: RESOLVED after the question in any case, far into the entry, struck text then an answer.
      Q1: 'resolved',
      Q2: 'resolved',
      Q3: 'resolved',
      Q4: 'resolved',
      // Struck: strike-through with no answer, an explicit withdrawal, N/A.
      Q5: 'struck',
      Q6: 'struck',
      Q7: 'struck',
      // In the bold label, or an answer in the same entry.
      Q8: 'resolved',
      Q9: 'resolved',
      Q10: 'resolved',
      Q11: 'resolved',
      Q12: 'resolved',
      Q13: 'resolved',
      Q14: 'resolved',
      // Partial: said so, or a maintainer reply that does not settle it.
      Q15: 'partial',
      Q16: 'partial',
      // Not answers: proposals, requests, who raised it.
      Q17: 'open',
      Q18: 'open',
      Q19: 'open',
      Q20: 'open',
      Q21: 'open',
      // A wave declared answered; an entry's own marker still wins.
      Q22: 'resolved',
      Q23: 'open',
      Q24: 'resolved',
      Q25: 'resolved',
      Q26: 'open',
      // `- [Q1]: …`, `**(Q1)**` and `**(meta)**` in a numbered list.
      Q27: 'open',
      Q28: 'resolved',
      Q29: 'open',
      'Q-meta': 'resolved',
      // Numbered without ids, an inserted `32a.`, a state right after a topic label.
      Q30: 'resolved',
      Q31: 'resolved',
      Q32: 'open',
      Q32a: 'resolved',
      Q33: 'open',
    });
  });

  it('reads a section or wave declared answered, and keeps a sub-heading marked open open', () => {
    const read = (t: string) => parseThreatModel(t).questions.map((q) => [q.id, q.status]);
    expect(
      read(
        '# T\n\n## §14 Open questions — RESOLVED by the PMC (2026-06-12)\n\n**Q1.** A?\n\n### Still being discussed (open — awaiting infra)\n\n**Q2.** B?\n',
      ),
    ).toEqual([
      ['Q1', 'resolved'],
      ['Q2', 'open'],
    ]);
    expect(
      read('# T\n\n## §14 Open questions\n\n### Maintainer answers\n\n**Q1.** A?\n\n### Wave 2\n\n**Q2.** B?\n'),
    ).toEqual([
      ['Q1', 'resolved'],
      ['Q2', 'open'],
    ]);
  });

  it('reads questions numbered inside §14 (Q14.1, Q14.R1)', () => {
    const qs = parseThreatModel(fixture('chapter4.md')).questions;
    expect(qs.map((q) => [q.id, q.status])).toEqual([
      ['Q14.1', 'open'],
      ['Q14.R1', 'resolved'],
    ]);
  });

  it('gives plain numbered lists ids by position, also when a wave line precedes a list that CommonMark folds into it', () => {
    const text =
      '# T\n\n## §14 Open questions\n\n**Wave 1 — a:**\n1. First?\n2. Second?\n\n**Wave 2 — b:**\n3. Third?\n4. Fourth?\n';
    const qs = parseThreatModel(text).questions;
    expect(qs.map((q) => [q.id, q.wave])).toEqual([
      ['Q1', 'Wave 1 — a'],
      ['Q2', 'Wave 1 — a'],
      ['Q3', 'Wave 2 — b'],
      ['Q4', 'Wave 2 — b'],
    ]);
  });

  it('does not take a resolution word inside the question for an answer, and reads a label struck outside its bold', () => {
    const text =
      '# T\n\n## §14 Open questions\n\n**Q3.** Three postures — agreed (proposed: P1 is the default)?\n\n**Q4.** Is it so? → **Agreed.**\n\n~~**Q5.**~~ ~~Do you support Windows?~~\n';
    expect(parseThreatModel(text).questions.map((q) => [q.id, q.status])).toEqual([
      ['Q3', 'open'],
      ['Q4', 'resolved'],
      ['Q5', 'struck'],
    ]);
  });

  it('finds question references in every written form', () => {
    const refs = (s: string) => findQuestionRefs(s).map((r) => r.id);
    expect(refs('§14 Q6')).toEqual(['Q6']);
    expect(refs('see Q4 and Q5a')).toEqual(['Q4', 'Q5a']);
    expect(refs('§14.3')).toEqual(['Q3']);
    expect(findQuestionRefs('§4.14.2', ['14', '4.14']).map((r) => r.id)).toEqual(['Q2']);
    expect(refs('Q9–Q11')).toEqual(['Q9', 'Q10', 'Q11']);
    expect(refs('Q-Secure, Q14.r1')).toEqual(['Q-secure', 'Q14.R1']);
  });
});

describe('dispositions', () => {
  it('reads the §13 table and the dispositions used in §3, §11 and §11a', () => {
    const model = parseThreatModel(fixture('older-full.md'));
    expect(model.dispositions.map((d) => d.name)).toEqual([
      'VALID',
      'VALID-HARDENING',
      'OUT-OF-MODEL: trusted-input',
      'OUT-OF-MODEL: unsupported-component',
      'KNOWN-NON-FINDING',
      'MODEL-GAP',
    ]);
    expect(model.dispositions[2]?.licensedBy).toBe('§6');
    expect(model.dispositionUses.map((u) => [u.name, u.sectionId, u.range.start.line])).toEqual([
      ['OUT-OF-MODEL: trusted-input', 'out-of-scope', 22],
      ['OUT-OF-MODEL: unsupported-component', 'out-of-scope', 23],
      ['VALID-HARDENING', 'misuse', 67],
      ['KNOWN-NON-FINDING', 'non-findings', 71],
    ]);
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
