/**
 * lint, stats, history, diff and answer read a question's state from the one
 * parser result: on every corpus document, and on the reviewed-form fixtures
 * written for the hard cases, they agree, question by question.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ThreatModel } from '@tmsync/core';
import { parseThreatModel } from '@tmsync/parser';
import { lintText } from '@tmsync/rubric';
import { questionState, semanticDiff } from '@tmsync/upkeep';
import { beforeAll, describe, expect, it } from 'vitest';
import { statsJson } from '../src/commands/stats.js';
import type { HistoryEntry } from '../src/history.js';
import { modelHistory } from '../src/history.js';
import { CORPUS_DIR, git, SKIP_CORPUS } from './cli-helpers.js';

const here = dirname(fileURLToPath(import.meta.url));
const corpusDocs = CORPUS_DIR
  ? readdirSync(CORPUS_DIR)
      .filter((f) => f.endsWith('.md') && f !== 'README.md')
      .sort()
      .map((name) => ({ name, path: join(CORPUS_DIR as string, name) }))
  : [];
/** Our own fixtures with the reviewed forms (answers on the entry, waves declared answered, partial answers). */
const fixtureDocs = [
  ...[
    'question-states.md',
    'reviewed-forms.md',
    'reviewed-numbered.md',
    'reviewed-replies.md',
    'reviewed-groups.md',
  ].map((name) => ({
    name,
    path: join(here, '../../../packages/parser/test/fixtures', name),
  })),
  { name: 'harvest-model.md', path: join(here, '../../../packages/upkeep/test/fixtures/harvest-model.md') },
];

/** Each id's state as stats reports it (the first entry of an id). */
function statsStates(model: ThreatModel, name: string): Map<string, string> {
  const states = new Map<string, string>();
  for (const q of statsJson(model, name).questions) if (!states.has(q.id)) states.set(q.id, q.status);
  return states;
}

describe.skipIf(SKIP_CORPUS)('one question state for every command, on every corpus document', () => {
  agreement(corpusDocs);
});

describe('one question state for every command, on the reviewed-form fixtures', () => {
  agreement(fixtureDocs);
});

/** The agreement checks, one commit per document in one repository, one test per document. */
function agreement(docs: { name: string; path: string }[]): void {
  const names = docs.map((d) => d.name);
  const texts = new Map<string, string>();
  let history: HistoryEntry[] = [];
  beforeAll(async () => {
    for (const d of docs) texts.set(d.name, readFileSync(d.path, 'utf8'));
    // One repository whose THREAT_MODEL.md is each corpus document in turn, one commit each.
    const repo = mkdtempSync(join(tmpdir(), 'tmsync-agreement-'));
    git(repo, ['init', '-q', '-b', 'main']);
    for (const name of names) {
      writeFileSync(join(repo, 'THREAT_MODEL.md'), texts.get(name) as string);
      git(repo, ['add', '.']);
      git(repo, ['commit', '-q', '--allow-empty', '-m', name]);
    }
    history = (await modelHistory(repo)).entries;
  });

  it.each(names)('%s', (name) => {
    const text = texts.get(name) as string;
    const model = parseThreatModel(text, { path: name });
    const stats = statsStates(model, name);
    const json = statsJson(model, name);

    // history: the same counts as stats for the commit holding this document.
    const entry = history.find((e) => e.subject === name);
    expect(entry?.questions).toEqual(json.questionStates);

    // answer: questionState is the parser's state (a partly answered question is not yet answered).
    for (const q of model.questions) {
      const expected = stats.get(q.id) === 'partial' ? 'open' : stats.get(q.id);
      if (model.questions.find((o) => o.id === q.id) === q)
        expect([q.id, questionState(model, text, q)]).toEqual([q.id, expected]);
    }

    // diff: from a model without questions, every id lands in the list of its state.
    const empty = parseThreatModel('', { path: 'empty.md' });
    const d = semanticDiff({ model: empty, text: '', label: 'empty.md' }, { model, text, label: name });
    const byState = (s: string) =>
      [...stats]
        .filter(([, v]) => v === s)
        .map(([id]) => id)
        .sort();
    expect([...d.questions.resolved].sort()).toEqual(byState('resolved'));
    expect([...d.questions.struck].sort()).toEqual(byState('struck'));
    expect([...d.questions.opened].sort()).toEqual([...byState('open'), ...byState('partial')].sort());

    // lint: the rules that read states name only questions in the state stats reports.
    const messages = lintText(text, name).messages;
    const idsOf = (rule: string) =>
      messages
        .filter((m) => m.ruleId === rule)
        .map((m) => /\b(?:cites|^)\s*([A-Z]\d[\w.]*|Q-[\w-]+)/.exec(m.reason)?.[1]);
    for (const id of idsOf('question-uncited')) expect(['open', 'partial']).toContain(stats.get(id as string));
    for (const id of idsOf('inferred-cites-resolved-question')) expect(stats.get(id as string)).toBe('resolved');
    for (const id of idsOf('claim-cites-struck-question')) expect(stats.get(id as string)).toBe('struck');
  });
}
