/**
 * The journal of proposals (`<state>/github/journal.jsonl`): one JSON line per step of
 * each satellite's proposal — intent, tree, commit, ref, pr, labels, reviewers, done —
 * and the facts later runs need (the fork in use, a draft repurposed into the pointer
 * PR, reviewers already asked). Every step is also checked against GitHub before it is
 * taken again, so the journal makes a resumed run cheaper (a commit made before a kill
 * is reused instead of made twice) and explainable; it is never the only truth.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Mutex } from './pacing.js';

/** The steps a proposal goes through, and the facts recorded beside them. */
export type JournalStep =
  | 'intent'
  | 'fork'
  | 'tree'
  | 'commit'
  | 'ref'
  | 'pr'
  | 'pr-updated'
  | 'labels'
  | 'reviewers'
  | 'draft-state'
  | 'foreign'
  | 'repurposed'
  | 'draft-closed'
  | 'repurpose-checked'
  | 'done';

/** One line of the journal. */
export interface JournalEntry {
  at: string;
  /** Id of the run (one forge instance) that wrote it. */
  run: string;
  repo: string;
  branch: string;
  step: JournalStep;
  [key: string]: unknown;
}

/** Append-only JSONL journal with an index of the latest entry per repository, branch and step. */
export class Journal {
  private readonly latest = new Map<string, JournalEntry>();
  private readonly all: JournalEntry[] = [];
  private loaded: Promise<void> | null = null;
  private readonly appender = new Mutex();
  readonly file: string | null;

  constructor(dir: string | null) {
    this.file = dir ? join(dir, 'journal.jsonl') : null;
  }

  private static key(repo: string, branch: string, step: string): string {
    return `${repo.toLowerCase()}\0${branch}\0${step}`;
  }

  /** Reads earlier runs' entries (a torn last line from a killed run is skipped). */
  load(): Promise<void> {
    this.loaded ??= (async () => {
      if (!this.file) return;
      let text = '';
      try {
        text = await readFile(this.file, 'utf8');
      } catch {
        return;
      }
      for (const line of text.split('\n')) {
        if (!line.trim()) continue;
        try {
          const entry = JSON.parse(line) as JournalEntry;
          if (typeof entry.repo === 'string' && typeof entry.branch === 'string' && typeof entry.step === 'string')
            this.index(entry);
        } catch {
          // torn line
        }
      }
    })();
    return this.loaded;
  }

  private index(entry: JournalEntry): void {
    this.all.push(entry);
    this.latest.set(Journal.key(entry.repo, entry.branch, entry.step), entry);
  }

  /** The latest entry of a step for a repository and branch. */
  last(repo: string, branch: string, step: JournalStep): JournalEntry | undefined {
    return this.latest.get(Journal.key(repo, branch, step));
  }

  /** Every entry read or written so far, oldest first. */
  entries(): readonly JournalEntry[] {
    return this.all;
  }

  /** Appends an entry (durably: the line is written before this resolves). */
  async append(entry: Omit<JournalEntry, 'at'>): Promise<void> {
    await this.load();
    const full = { at: new Date().toISOString(), ...entry } as JournalEntry;
    this.index(full);
    if (!this.file) return;
    const file = this.file;
    await this.appender.run(async () => {
      await mkdir(dirname(file), { recursive: true });
      await appendFile(file, `${JSON.stringify(full)}\n`, 'utf8');
    });
  }
}
