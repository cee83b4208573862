/**
 * Loading a campaign file: YAML, validated with the core zod schema (unknown
 * keys rejected), every error naming the file, the key path and the line.
 */
import type { Campaign } from '@tmsync/core';
import { CampaignSchema, campaignKeysAt, formatKeyPath, formatZodError } from '@tmsync/core';
import { dirname, resolve } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';
import { validateBranchName, validateRepoPath } from '../git.js';
import { oneLine, readTextFile, UsageError } from '../io.js';

/** A campaign as loaded: the validated content and where it came from. */
export interface LoadedCampaign {
  /** The file as the user named it (for messages). */
  file: string;
  /** Absolute path of the file. */
  path: string;
  /** Folder of the file: relative paths in it are relative to this. */
  dir: string;
  /** The file's text as read (for surgical updates such as recording a pin). */
  text: string;
  campaign: Campaign;
  /** Absolute state folder (`state`, relative to the campaign file). */
  stateDir: string;
  /** Absolute `local.root`, when set. */
  localRoot: string | null;
  /** The line of a key path in the file (`['local', 'root']`), or null. */
  lineOf: (path: readonly (string | number)[]) => number | null;
}

type Key = string | number;

/** The line (1-based) of the node at a key path in a YAML document (or of its mapping when the key is missing), or null. */
function lineOf(doc: Document, counter: LineCounter, path: readonly Key[], key?: string): number | null {
  const at = (n: unknown): number | null => {
    const range = (n as YamlNode | null)?.range;
    return range ? counter.linePos(range[0]).line : null;
  };
  let node: unknown = doc.contents;
  let container: number | null = null;
  const steps: Key[] = key === undefined ? [...path] : [...path, key];
  for (const [i, step] of steps.entries()) {
    const last = i === steps.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(step));
      if (!pair) return last && i > 0 ? at(node) : null;
      if (last) return at(pair.key);
      container = at(node);
      node = pair.value;
    } else if (isSeq(node) && typeof step === 'number') {
      const item = node.items[step];
      if (item === undefined) return last ? at(node) : null;
      if (last) return at(item);
      node = item;
    } else return last ? container : null;
  }
  return null;
}

/** Checks what the schema cannot: paths and branch valid for git, no repository twice, replaced drafts distinct from the pointer files. */
function crossChecks(campaign: Campaign, file: string): string[] {
  const problems: string[] = [];
  const fail = (path: Key[], message: string) => problems.push(`${file}: ${formatKeyPath(path)}: ${message}`);
  try {
    validateBranchName(campaign.branch);
  } catch (error) {
    fail(['branch'], (error as Error).message);
  }
  const seen = new Map<string, string>();
  campaign.families.forEach((family, f) => {
    const parentKey = family.parent.repo.toLowerCase();
    for (const [s, sat] of family.satellites.entries()) {
      const where = ['families', f, 'satellites', s] as Key[];
      if (sat.repo.toLowerCase() === parentKey)
        fail([...where, 'repo'], `${sat.repo} is the family's parent; a satellite must be another repository`);
      const key = sat.repo.toLowerCase();
      const before = seen.get(key);
      if (before) fail([...where, 'repo'], `${sat.repo} is already a satellite at ${before}`);
      else seen.set(key, formatKeyPath(where));
      const paths: [string, string | undefined][] = [
        ['agents', sat.agents],
        ['security', sat.security],
        ['addendum', sat.addendum],
      ];
      for (const [name, value] of paths) {
        if (value === undefined) continue;
        try {
          validateRepoPath(value);
        } catch (error) {
          fail([...where, name], (error as Error).message);
        }
      }
      sat.replaces.forEach((path, r) => {
        try {
          validateRepoPath(path);
        } catch (error) {
          fail([...where, 'replaces', r], (error as Error).message);
        }
        for (const [name, value] of paths) {
          if (value !== undefined && value === path)
            fail([...where, 'replaces', r], `${path} is the satellite's ${name} file; it cannot also be replaced`);
        }
      });
    }
    try {
      validateRepoPath(family.parent.path);
    } catch (error) {
      fail(['families', f, 'parent', 'path'], (error as Error).message);
    }
  });
  const names = new Set<string>();
  campaign.families.forEach((family, f) => {
    if (names.has(family.name))
      fail(['families', f, 'name'], `another family is already called ${JSON.stringify(family.name)}`);
    names.add(family.name);
  });
  if (campaign.forge === 'local' && !campaign.local)
    fail(['local'], 'missing (the local forge needs local.root: the folder holding the repositories as owner/name)');
  return problems;
}

/** The UsageError of a list of problems in `file`, as one line. */
function usageOf(problems: string[], file: string): UsageError {
  return new UsageError(oneLine(problems, file));
}

/** Parses and validates campaign text; `file` names it in errors. Throws a UsageError listing every problem. */
export function parseCampaign(text: string, file: string): { campaign: Campaign; doc: Document; counter: LineCounter } {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: true, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    // The first error only: the ones after it are mostly its echoes.
    const pos = first.linePos?.[0];
    const message = (first.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    throw new UsageError(
      `${file}${pos ? `:${pos.line}:${pos.col}` : ''}: not valid YAML: ${message} (fix it and run again)`,
    );
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 });
  } catch (error) {
    // An alias to no anchor, or too many aliases (a billion-laughs file).
    throw new UsageError(`${file}: not valid YAML: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (data === null || data === undefined)
    throw new UsageError(`${file}: the campaign file is empty (it needs at least families)`);
  if (typeof data !== 'object' || Array.isArray(data))
    throw new UsageError(
      `${file}: (top level): expected a mapping of keys (forge, local, branch, templates, families)`,
    );
  const parsed = CampaignSchema.safeParse(data);
  if (!parsed.success)
    throw usageOf(
      formatZodError(parsed.error, file, {
        lineOf: (path, key) => lineOf(doc, counter, path as Key[], key),
        validKeys: (path) => campaignKeysAt(path as Key[]),
      }),
      file,
    );
  const problems = crossChecks(parsed.data, file);
  if (problems.length > 0) throw new UsageError(oneLine(problems, file));
  return { campaign: parsed.data, doc, counter };
}

/** Reads, parses and validates a campaign file; `file` is resolved against `cwd`. */
export async function loadCampaign(file: string, cwd: string): Promise<LoadedCampaign> {
  const path = resolve(cwd, file);
  const text = await readTextFile(path);
  const { campaign, doc, counter } = parseCampaign(text, file);
  const dir = dirname(path);
  return {
    file,
    path,
    dir,
    text,
    campaign,
    stateDir: resolve(dir, campaign.state),
    localRoot: campaign.local ? resolve(dir, campaign.local.root) : null,
    lineOf: (keys) => lineOf(doc, counter, keys),
  };
}
