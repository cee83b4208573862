/**
 * The parser's reading of provenance claims (tag forms, positions, prose that is not a tag),
 * the names in maintainer tags, and the declared counts.
 */
import { countProvenance } from '@tmsync/core';
import { describe, expect, it } from 'vitest';
import { parseThreatModel, whoIn } from '../src/index.js';
import { fixture } from './helpers.js';

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
