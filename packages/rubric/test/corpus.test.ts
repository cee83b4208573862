import { describe, expect, it } from 'vitest';
import { lintText, RULE_IDS } from '../src/index.js';
import { reportSarif } from '../src/node.js';
import { corpus, corpusFiles, SKIP_CORPUS } from './helpers.js';

/**
 * Lints every document of ../shared/corpus and pins the messages per rule.
 * Checked by reading the documents (see the package README and the report
 * of issue 2): ozone's status says "ratified by the Ozone PMC" while one
 * inferred claim remains (status-inconsistent); hop has no §5a and its header
 * has only Project/Scope (section-missing, header-field-missing, legend-missing);
 * trigon (newer generation) lacks 1.7, 1.8, 1.11–1.15 and 1.18, so its five
 * question references dangle. Some counts follow parser limitations noted in
 * the report (thrift's numbered lists inside answers read as questions,
 * guacamole's I-numbered questions).
 */
describe.skipIf(SKIP_CORPUS)('corpus', () => {
  it('lints every corpus document without throwing; per-rule counts are pinned', () => {
    const table: Record<string, Record<string, number>> = {};
    for (const name of corpusFiles()) {
      const file = lintText(corpus(name), name);
      const counts: Record<string, number> = {};
      for (const m of file.messages) {
        expect(RULE_IDS).toContain(m.ruleId);
        expect(m.line).toBeGreaterThanOrEqual(1);
        const key = `${m.ruleId} (${m.fatal ? 'error' : 'warning'})`;
        counts[key] = (counts[key] ?? 0) + 1;
      }
      table[name] = Object.fromEntries(Object.entries(counts).sort());
      expect(() => JSON.parse(reportSarif([file], { root: '/' }))).not.toThrow();
    }
    expect(table).toMatchSnapshot();
  });
});
