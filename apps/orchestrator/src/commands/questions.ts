import type { QuestionItem } from '@tmsync/report';
import { dirname, join, relative, resolve } from 'node:path';
import { Document, isMap, isSeq } from 'yaml';
import { makeFolder, writeFileAtomic } from '../fsutil.js';
import { CAMPAIGN_OPTIONS, FORGE_HELP, openCampaignFromArgs } from '../campaign/index.js';
import { tryRun } from '../git.js';
import type { HistoryEntry } from '../history.js';
import { modelHistory } from '../history.js';
import type { Command } from '../io.js';
import { EXIT, formatOption, oneLine, parseOptions, readTextFile, UsageError } from '../io.js';
import { overLimitLine, parseThreatModel } from '@tmsync/parser';
import { familySlug, localRepoDir, parentModel, questionItems, SourceBook } from '../report/gather.js';
import { failureMessage } from '../satellites/run.js';
import { statsJson } from './stats.js';

/** The questions of one model, as the command lists them. */
interface ModelQuestions {
  family: string | null;
  model: string;
  questions: QuestionItem[];
  /** Why there is no list (the model cannot be read). */
  error: string | null;
}

/** Open and partial questions only. */
function pending(items: readonly QuestionItem[]): QuestionItem[] {
  return items.filter((q) => q.state === 'open' || q.state === 'partial');
}

function textOf(list: readonly ModelQuestions[]): string {
  const lines: string[] = [];
  let total = 0;
  for (const m of list) {
    const items = pending(m.questions);
    total += items.length;
    lines.push(
      `${m.family ? `family ${m.family}: ` : ''}${m.model}: ${m.error ? `FAILED: ${m.error}` : `${items.length} open or partial question(s)`}`,
    );
    for (const q of items) {
      const since = q.since
        ? `since ${q.since.date.slice(0, 10)} (${q.since.commits} commit${q.since.commits === 1 ? '' : 's'})`
        : 'age unknown';
      lines.push(`  ${q.id.padEnd(8)} ${q.state.padEnd(8)} line ${q.line}, ${q.wave ? `${q.wave}, ` : ''}${since}`);
      if (q.text) lines.push(`    ${q.text}`);
      for (const c of q.citedBy)
        lines.push(`    cited by line ${c.line}${c.section ? ` (${c.section})` : ''}: ${c.text}`);
      if (q.citedBy.length === 0) lines.push('    cited by no claim');
    }
  }
  lines.push('', `${total} open or partial question(s) in ${list.length} model(s).`);
  return `${lines.join('\n')}\n`;
}

/** An answers-file skeleton for `tmsync answer`: one entry per open or partial question, action and by left to fill in. */
export function answersSkeleton(model: string, items: readonly QuestionItem[]): string {
  const entries = pending(items);
  const doc = new Document(entries.map((q) => ({ question: q.id, action: '', by: '' })));
  doc.commentBefore = [
    ` Answers to the open questions of ${model}.`,
    ' For each question answered: set action (confirm | correct | strike) and by (who answered);',
    ' a correct answer also needs replacements: [{ claim: LINE or "text of the claim", text: "new text" }].',
    ' Delete the entries left unanswered, then run: tmsync answer MODEL THIS-FILE --dry-run',
  ].join('\n');
  const seq = doc.contents;
  if (isSeq(seq))
    seq.items.forEach((item, i) => {
      const q = entries[i] as QuestionItem;
      if (!isMap(item)) return;
      const notes = [
        ` ${q.id} (${q.state}${q.wave ? `, ${q.wave}` : ''}, line ${q.line}): ${q.text.replace(/\s+/g, ' ')}`,
        ...q.citedBy.map(
          (c) => ` cited by line ${c.line}${c.section ? ` (${c.section})` : ''}: ${c.text.replace(/\s+/g, ' ')}`,
        ),
      ];
      item.commentBefore = notes.join('\n');
    });
  return entries.length ? doc.toString({ lineWidth: 0 }) : `# No open or partial question in ${model}.\n[]\n`;
}

/** The history of a model file when it sits in a git work tree, else null. */
async function historyOfFile(abs: string): Promise<HistoryEntry[] | null> {
  const top = await tryRun(dirname(abs), ['rev-parse', '--show-toplevel']);
  if (top.code !== 0) return null;
  const root = top.stdout.trim();
  try {
    return (await modelHistory(root, relative(root, abs))).entries;
  } catch {
    return null;
  }
}

export const questions: Command = {
  name: 'questions',
  summary: 'open and partial questions with their age and citing claims',
  help: `Usage: tmsync questions MODEL [--format text|json|answers]
       tmsync questions --campaign FILE [--family NAME] [--format text|json]
       tmsync questions --campaign FILE --format answers --out DIR

Lists every open or partial question of the model (or of every family's
parent model, at its default branch): its id, state, wave, line, how long
it has been in the model (the first commit of its history holding it, and
how many commits since), and the claims citing it with the section each sits
in. States are those \`stats\` reports.

  --format answers   an answers-file skeleton a committee fills in and feeds
                     to \`tmsync answer\`: one entry per question, action and
                     by left empty (an unfilled entry is refused by answer).
                     For MODEL it is printed; for a campaign one file per
                     family is written to DIR as FAMILY.answers.yaml

Options:
  --campaign FILE      the campaign file (YAML)
  --family NAME        only this family
${FORGE_HELP}
  --format text|json|answers  output form (default text)
  --out DIR            with --campaign --format answers: where to write

Exit: 0 listed, 2 bad call, unreadable model or campaign file.`,
  async run(argv, io) {
    const { values, positionals } = parseOptions(argv, {
      ...CAMPAIGN_OPTIONS,
      format: { type: 'string' },
      out: { type: 'string' },
    });
    const format = formatOption(values.format, ['text', 'json', 'answers'] as const, 'text');
    const list: ModelQuestions[] = [];
    if (values.campaign === undefined) {
      if (positionals.length !== 1) throw new UsageError('give one MODEL file, or --campaign FILE');
      if (values.out !== undefined) throw new UsageError('--out goes with --campaign FILE --format answers');
      const file = positionals[0] as string;
      const abs = resolve(io.cwd, file);
      const text = await readTextFile(abs).catch((error: unknown) => {
        throw error instanceof UsageError ? new UsageError(error.message.split(abs).join(file)) : error;
      });
      const model = parseThreatModel(text, { path: file });
      const bound = overLimitLine(model, file);
      if (bound) list.push({ family: null, model: file, questions: [], error: bound });
      else {
        const items = questionItems(model, statsJson(model, file), await historyOfFile(abs));
        list.push({ family: null, model: file, questions: items, error: null });
      }
    } else {
      if (positionals.length) throw new UsageError('give either MODEL or --campaign FILE, not both');
      if (format === 'answers' && values.out === undefined)
        throw new UsageError('--format answers with --campaign writes one file per family: add --out DIR');
      const { loaded, forge } = await openCampaignFromArgs(values, io);
      const book = new SourceBook(forge);
      for (const family of loaded.campaign.families) {
        const label = `${family.parent.repo}:${family.parent.path}`;
        try {
          const parent = await parentModel(forge, family, book, undefined);
          const dir = localRepoDir(loaded, forge, family.parent.repo);
          const history = dir
            ? ((await modelHistory(dir, family.parent.path).catch(() => null))?.entries ?? null)
            : null;
          list.push({
            family: family.name,
            model: label,
            questions: questionItems(parent.model, parent.stats, history),
            error: null,
          });
        } catch (error) {
          list.push({ family: family.name, model: label, questions: [], error: failureMessage(error) });
        }
      }
    }
    if (format === 'json') {
      io.stdout(
        `${JSON.stringify({ models: list.map((m) => ({ ...m, questions: pending(m.questions) })) }, null, 2)}\n`,
      );
      return list.some((m) => m.error) ? EXIT.findings : EXIT.ok;
    }
    if (format === 'text') {
      io.stdout(textOf(list));
      return list.some((m) => m.error) ? EXIT.findings : EXIT.ok;
    }
    const failed = list.filter((m) => m.error);
    if (failed.length)
      throw new UsageError(
        oneLine(failed.map((m) => (m.family === null ? `${m.error}` : `family ${m.family}: ${m.model}: ${m.error}`))),
      );
    if (values.out === undefined) {
      io.stdout(answersSkeleton((list[0] as ModelQuestions).model, (list[0] as ModelQuestions).questions));
      return EXIT.ok;
    }
    const out = resolve(io.cwd, values.out);
    await makeFolder(out).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST' || error.code === 'ENOTDIR')
        throw new UsageError(`${values.out}: exists and is not a folder; choose another --out`);
      throw new UsageError(`${values.out}: cannot make the folder (${error.code ?? error.message})`);
    });
    const taken = new Set<string>();
    const written: string[] = [];
    const files = list.map((m) => ({ name: `${familySlug(m.family ?? 'model', taken)}.answers.yaml`, m }));
    for (const { name, m } of files) {
      await writeFileAtomic(join(out, name), answersSkeleton(m.model, m.questions));
      written.push(`${join(values.out, name)}: ${pending(m.questions).length} question(s)`);
    }
    io.stdout(`${written.join('\n')}\n`);
    return EXIT.ok;
  },
};
