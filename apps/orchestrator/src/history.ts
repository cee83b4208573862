/**
 * The history of a threat model in git: for each commit that touched it
 * (following renames), its date, subject, provenance counts and open questions.
 */
import type { ProvenanceCounts, QuestionStateCounts } from '@tmsync/core';
import { countProvenance, countQuestionStates } from '@tmsync/core';
import { overLimitLine, parseThreatModel } from '@tmsync/parser';
import { UsageError } from './io.js';
import { tryRun, validateRepoPath } from './git.js';
import { filesAt, gitDirOf, pickModelPath, resolveCommit, threatModelFiles } from './model-at-ref.js';

/** One commit of the model's history. */
export interface HistoryEntry {
  sha: string;
  date: string;
  subject: string;
  /** The model's path in that commit (it may have been renamed since). */
  path: string;
  /** Null when the commit deleted the model. */
  provenance: ProvenanceCounts | null;
  /** Questions by the parser's state, each id once (the counts `stats` reports). */
  questions: QuestionStateCounts | null;
  /** Each question's id and state in that commit, from the parser (null when the commit deleted the model). */
  states: { id: string; state: string }[] | null;
  /** The bound's finding (`SHA:PATH:LINE:COL: error document-too-large: …`) when that version is over the input bounds and was not parsed; null otherwise. */
  overLimit: string | null;
}

/** Lists the commits that touched the model, oldest first, with counts at each. */
export async function modelHistory(repoDir: string, path?: string): Promise<{ path: string; entries: HistoryEntry[] }> {
  const gitDir = await gitDirOf(repoDir);
  const head = await resolveCommit(repoDir, gitDir, 'HEAD');
  if (!head) throw new UsageError(`${repoDir}: the repository has no commits`);
  const files = await filesAt(repoDir, gitDir, head);
  let modelPath: string;
  if (path !== undefined) {
    try {
      modelPath = validateRepoPath(path.replace(/^\.\//, ''));
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    if (!files.includes(modelPath)) {
      const found = threatModelFiles(files);
      throw new UsageError(
        `${modelPath} is not in HEAD${found.length ? `; threat-model files there: ${found.join(', ')}` : ''}`,
      );
    }
  } else modelPath = pickModelPath(files, 'HEAD');
  const log = await tryRun(
    repoDir,
    ['log', '--follow', '--format=%x1e%H%x1f%aI%x1f%s', '--name-only', 'HEAD', '--', modelPath],
    { gitDir },
  );
  if (log.code !== 0) throw new UsageError(`git log failed: ${log.stderr.split('\n')[0] ?? ''}`);
  const entries: HistoryEntry[] = [];
  for (const record of log.stdout.split('\x1e')) {
    if (!record.trim()) continue;
    const [head0, ...rest] = record.split('\n');
    const [sha, date, subject] = (head0 ?? '').split('\x1f') as [string, string, string];
    const pathThen =
      rest
        .map((l) => l.trim())
        .filter(Boolean)
        .pop() ?? modelPath;
    let provenance: HistoryEntry['provenance'] = null;
    let questions: HistoryEntry['questions'] = null;
    let states: HistoryEntry['states'] = null;
    const blob = await tryRun(repoDir, ['cat-file', 'blob', `${sha}:${pathThen}`], { gitDir });
    let overLimit: string | null = null;
    const label = `${sha.slice(0, 7)}:${pathThen}`;
    const model = blob.code === 0 ? parseThreatModel(blob.stdout, { path: label }) : null;
    if (model) overLimit = overLimitLine(model, label);
    if (model && !overLimit) {
      provenance = countProvenance(model.claims);
      const unique = model.questions.filter((q, i, all) => all.findIndex((o) => o.id === q.id) === i);
      states = unique.map((q) => ({ id: q.id, state: q.status }));
      questions = countQuestionStates(model.questions);
    }
    entries.push({ sha, date, subject: subject ?? '', path: pathThen, provenance, questions, states, overLimit });
  }
  return { path: modelPath, entries: entries.reverse() };
}
