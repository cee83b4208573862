/** Renders a semantic diff for a terminal (text) or as a PR comment (markdown). */
import type { ProvenanceCounts } from '@tmsync/core';
import { formatCounts } from '@tmsync/core';
import type { Retag, SectionChange, SemanticDiff, WordChange } from './diff.js';

const CONTEXT = 8;
const MAX_HUNKS = 12;
const MAX_CHANGED_WORDS = 60;
const MAX_LISTED = 40;
const MAX_HUNK_WORDS = 80;

function sectionName(s: SectionChange): string {
  const number = s.number ? (/^\d+[a-z]?$/.test(s.number) ? `§${s.number}` : s.number) : '';
  return `${number ? `${number} ` : ''}${s.title}`.trim();
}

function clip(words: string[], max: number): string {
  return words.length > max ? `${words.slice(0, max).join(' ')} …` : words.join(' ');
}

/** The last `n` words of a text (with the white space between them), `… ` first when some were cut. */
function lastWords(s: string, n: number): string {
  const tokens = s.match(/\s*\S+\s*/g) ?? [];
  if (tokens.length <= n) return s;
  return `… ${tokens.slice(-n).join('').replace(/^\s+/, '')}`;
}

/** The first `n` words of a text, ` …` last when some were cut. */
function firstWords(s: string, n: number): string {
  const tokens = s.match(/\s*\S+/g) ?? [];
  if (tokens.length <= n) return s;
  return `${tokens.slice(0, n).join('')} …`;
}

function wordCount(s: string): number {
  return (s.match(/\S+/g) ?? []).length;
}

/** Hunks of a word diff with a few words of context around each change, spacing as written. */
function wordHunks(
  changes: WordChange[],
  style: 'text' | 'markdown',
  maxHunks = MAX_HUNKS,
): { hunks: string[]; more: number } {
  const esc = (s: string) =>
    style === 'markdown'
      ? s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|')
      : s;
  const mark = (kind: 'added' | 'removed', text: string) => {
    const lead = /^\s*/.exec(text)?.[0] ?? '';
    const trail = text.trim() ? (/\s*$/.exec(text)?.[0] ?? '') : '';
    const body = esc(clip(text.trim().split(/\s+/), MAX_CHANGED_WORDS));
    if (!body) return text;
    const marked =
      style === 'markdown'
        ? kind === 'added'
          ? `<ins>${body}</ins>`
          : `<del>${body}</del>`
        : kind === 'added'
          ? `{+${body}+}`
          : `[-${body}-]`;
    return lead + marked + trail;
  };
  const hunks: string[] = [];
  let current: string | null = null;
  const close = () => {
    if (current !== null) hunks.push(current.replace(/\s+/g, ' ').trim());
    current = null;
  };
  changes.forEach((c, i) => {
    if (c.kind === 'same') {
      const hasNext = i + 1 < changes.length;
      if (current !== null && hasNext && wordCount(c.text) <= CONTEXT * 2 && wordCount(current) < MAX_HUNK_WORDS) {
        current += esc(c.text);
        return;
      }
      if (current !== null) {
        current += esc(firstWords(c.text, CONTEXT));
        close();
      }
      if (hasNext) current = esc(lastWords(c.text, CONTEXT));
      return;
    }
    current = (current ?? '') + mark(c.kind, c.text);
  });
  close();
  return { hunks: hunks.slice(0, maxHunks), more: Math.max(0, hunks.length - maxHunks) };
}

function countsRow(c: ProvenanceCounts): string {
  return `${c.documented} | ${c.maintainer} | ${c.inferred} | ${c.assumption}`;
}

function listIds(ids: string[]): string {
  return ids.length ? ids.join(', ') : 'none';
}

function retagLine(r: Retag, style: 'text' | 'markdown'): string {
  const text = clip(r.text.split(/\s+/), 24);
  const where = r.lineAfter === null ? `line ${r.lineBefore}` : `line ${r.lineBefore} → ${r.lineAfter}`;
  const how = r.match === 'question' ? `${r.from} → answered (${r.via}; text rewritten)` : `${r.from} → ${r.to}`;
  return style === 'markdown'
    ? `- ${where}: ${text.replace(/\|/g, '\\|')} — *${how}*`
    : `    ${where}: ${how}: ${text}`;
}

/** The diff for a terminal. */
export function diffText(d: SemanticDiff): string {
  const out: string[] = [];
  out.push(`semantic diff: ${d.a} → ${d.b}`);
  const by = (c: SectionChange['change']) => d.sections.filter((s) => s.change === c).length;
  out.push(`sections: ${by('changed')} changed, ${by('added')} added, ${by('removed')} removed`);
  for (const s of d.sections) {
    out.push(
      `  ${s.change.padEnd(8)} ${sectionName(s)}${s.id ? `  [${s.id}]` : ''}  (line ${s.line}; +${s.words.added} −${s.words.removed} words)`,
    );
    if (s.change === 'changed') {
      const { hunks, more } = wordHunks(s.wordDiff, 'text');
      for (const h of hunks) out.push(`      ${h}`);
      if (more) out.push(`      … ${more} more change${more === 1 ? '' : 's'}`);
    }
  }
  const viaQuestion = d.promotions.filter((p) => p.match === 'question').length;
  out.push(
    `tags: ${d.promotions.length} promoted${viaQuestion ? ` (${viaQuestion} through an answered question, text rewritten)` : ''}, ${d.demotions.length} demoted${d.retagged.length ? `, ${d.retagged.length} retagged` : ''}`,
  );
  for (const r of d.promotions.slice(0, MAX_LISTED)) out.push(retagLine(r, 'text'));
  for (const r of d.demotions.slice(0, MAX_LISTED)) out.push(retagLine(r, 'text'));
  out.push(`claims: ${d.claims.added.length} added, ${d.claims.removed.length} removed`);
  out.push(
    `questions: opened ${listIds(d.questions.opened)}; resolved ${listIds(d.questions.resolved)}; struck ${listIds(d.questions.struck)}${d.questions.removed.length ? `; removed ${listIds(d.questions.removed)}` : ''}`,
  );
  const withA = d.provenance.before.assumption > 0 || d.provenance.after.assumption > 0;
  out.push(`provenance: ${formatCounts(d.provenance.before, withA)} → ${formatCounts(d.provenance.after, withA)}`);
  return `${out.join('\n')}\n`;
}

/** The diff as Markdown, ready to paste as a PR comment. */
export function diffMarkdown(d: SemanticDiff): string {
  const out: string[] = [];
  out.push(`### Threat model: \`${d.a}\` → \`${d.b}\``, '');
  out.push('| | documented | maintainer | inferred | assumption |', '| --- | ---: | ---: | ---: | ---: |');
  out.push(`| before | ${countsRow(d.provenance.before)} |`, `| after | ${countsRow(d.provenance.after)} |`, '');
  out.push(
    `**Tags:** ${d.promotions.length} promoted, ${d.demotions.length} demoted · **Claims:** ${d.claims.added.length} added, ${d.claims.removed.length} removed`,
    '',
  );
  out.push(
    `**Questions:** resolved ${listIds(d.questions.resolved)} · opened ${listIds(d.questions.opened)} · struck ${listIds(d.questions.struck)}${d.questions.removed.length ? ` · removed ${listIds(d.questions.removed)}` : ''}`,
    '',
  );
  if (d.sections.length) {
    out.push('#### Sections', '', '| Section | Change | Words |', '| --- | --- | ---: |');
    for (const s of d.sections)
      out.push(`| ${sectionName(s).replace(/\|/g, '\\|')} | ${s.change} | +${s.words.added} −${s.words.removed} |`);
    out.push('');
    for (const s of d.sections.filter((x) => x.change === 'changed')) {
      const { hunks, more } = wordHunks(s.wordDiff, 'markdown');
      if (!hunks.length) continue;
      out.push(`<details><summary>${sectionName(s).replace(/</g, '&lt;')} — changes</summary>`, '');
      for (const h of hunks) out.push(`- ${h}`);
      if (more) out.push(`- … ${more} more change${more === 1 ? '' : 's'}`);
      out.push('', '</details>', '');
    }
  } else out.push('No section changed.', '');
  for (const [title, list] of [
    ['Promoted claims', d.promotions],
    ['Demoted claims', d.demotions],
  ] as const) {
    if (!list.length) continue;
    out.push(`<details><summary>${title} (${list.length})</summary>`, '');
    for (const r of list.slice(0, MAX_LISTED)) out.push(retagLine(r, 'markdown'));
    if (list.length > MAX_LISTED) out.push(`- … ${list.length - MAX_LISTED} more`);
    out.push('', '</details>', '');
  }
  out.push('<sub>Generated by tmsync diff.</sub>');
  return `${out.join('\n')}\n`;
}
