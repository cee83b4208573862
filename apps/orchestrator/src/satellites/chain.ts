/**
 * The discoverability chain, followed the way a scanner would: the agent guide
 * (`AGENTS.md`, through a symlink to `CLAUDE.md` when it is one) links the
 * security policy (`SECURITY.md` at the root, in `.github/` or in `docs/`),
 * which links the threat model, possibly in another repository of the family
 * (`https://github.com/OWNER/REPO/blob/REF/PATH`, read at REF through the
 * forge). Each broken hop is reported with what was found instead.
 */
import type { DocumentKind } from '@tmsync/core';
import { parseThreatModel } from '@tmsync/parser';
import type { AddendumCheck } from './addendum-check.js';
import { checkAddenda } from './addendum-check.js';
import { similarModels } from './similar.js';

export { similarModels } from './similar.js';
import type { FileAtRef, Forge } from '../forge/types.js';
import { ForgeError } from '../forge/types.js';
import { forgeOrigin } from '../forge/web.js';
import type { DocLink, LinkTarget } from './links.js';
import {
  baseName,
  classifyLink,
  dirOf,
  extractLinks,
  leavesRepository,
  SECURITY_LOCATIONS,
  SECURITY_NAME,
  THREAT_MODEL_NAME,
} from './links.js';

/** Why a hop is broken (or could not be checked). */
export type ChainProblemCode =
  | 'missing-file'
  | 'missing-ref'
  | 'renamed'
  | 'no-link'
  | 'symlink-escape'
  | 'symlink-loop'
  | 'dangling-symlink'
  | 'outside-repo'
  | 'not-a-model'
  | 'unknown-repo'
  | 'external'
  | 'unreadable'
  | 'addendum';

/** A problem of one hop; `warning` ones make a chain unverified, not broken. */
export interface ChainProblem {
  code: ChainProblemCode;
  severity: 'error' | 'warning';
  message: string;
  /** Where the link is written, when a link is involved. */
  at: { repo: string; path: string; line: number; column: number } | null;
  link: string | null;
  /** Files that exist under another name (for `renamed`, `missing-file`). */
  similar: string[];
}

/** A file the chain reached. */
export interface ChainNode {
  repo: string;
  path: string;
  ref: string;
  commit: string;
  resolvedPath: string;
  symlinks: { from: string; to: string }[];
}

/** One hop: `agents` (the start), `security`, `model`. */
export interface ChainHop {
  step: 'agents' | 'security' | 'model';
  ok: boolean;
  /** The link followed to get here (null for the start and for a location-based lookup). */
  via: { path: string; line: number; column: number; url: string } | null;
  to: ChainNode | null;
  /** For the model hop: how the target parsed. */
  kind: DocumentKind | null;
  /** A remark, e.g. "found by location, not linked". */
  note: string | null;
  problems: ChainProblem[];
}

/** The chain of one repository. */
export interface ChainResult {
  repo: string;
  ref: string;
  status: 'ok' | 'broken' | 'unverified';
  hops: ChainHop[];
  problems: ChainProblem[];
  /** The model reached, when one was. */
  model: ChainNode | null;
  /** The addenda the security policy links (and the one the campaign names), checked against the parent. */
  addenda: AddendumCheck[];
}

/** How to follow a chain. */
export interface FollowOptions {
  /** The agent guide's path (default `AGENTS.md`). */
  agents?: string;
  /** The security policy's configured path, tried first when the guide links none (default `SECURITY.md`). */
  security?: string;
  /** Ref to read the repository at (default: its default branch). */
  ref?: string;
  /** Repository names as the campaign spells them, for links that spell them in another case. */
  knownRepos?: readonly string[];
  /** The family's parent, so that a link to it counts as a model link whatever the file name. */
  parent?: { repo: string; path: string };
  /** The addendum the campaign names, checked whether or not the policy links it. */
  addendum?: string;
}

type Read = { file: FileAtRef; problem: null } | { file: null; problem: ChainProblem };

function problem(
  code: ChainProblemCode,
  message: string,
  extra: Partial<Pick<ChainProblem, 'at' | 'link' | 'similar' | 'severity'>> = {},
): ChainProblem {
  const severity = extra.severity ?? (code === 'unknown-repo' || code === 'external' ? 'warning' : 'error');
  return { code, severity, message, at: extra.at ?? null, link: extra.link ?? null, similar: extra.similar ?? [] };
}

function stripRepo(message: string, repo: string): string {
  return message.startsWith(`${repo}: `) ? message.slice(repo.length + 2) : message;
}

/** Reads a file through the forge, turning every failure into a chain problem. */
async function readAt(forge: Forge, repo: string, path: string, ref: string, listed?: Set<string>): Promise<Read> {
  try {
    const file = await forge.readFile(repo, path, ref);
    if (file) return { file, problem: null };
    if (listed?.has(path))
      return {
        file: null,
        problem: problem('dangling-symlink', `${path} is a symlink whose target does not exist in ${repo} at ${ref}`),
      };
    return { file: null, problem: problem('missing-file', `${path} does not exist in ${repo} at ${ref}`) };
  } catch (error) {
    if (error instanceof ForgeError) {
      const message = stripRepo(error.message, repo);
      if (error.code === 'symlink-escape') return { file: null, problem: problem('symlink-escape', message) };
      if (error.code === 'symlink-loop') return { file: null, problem: problem('symlink-loop', message) };
      if (error.code === 'ref-not-found')
        return { file: null, problem: problem('missing-ref', `${ref} does not exist in ${repo}`) };
      if (error.code === 'repo-not-found')
        return {
          file: null,
          problem: problem('unknown-repo', `${repo} is not a repository the forge holds (${message}); not followed`),
        };
      return { file: null, problem: problem('unreadable', `${path} in ${repo} at ${ref}: ${message}`) };
    }
    throw error;
  }
}

function node(file: FileAtRef, repo: string, ref: string): ChainNode {
  return { repo, path: file.path, ref, commit: file.commit, resolvedPath: file.resolvedPath, symlinks: file.symlinks };
}

function canonical(repo: string, known: readonly string[]): string {
  return known.find((k) => k.toLowerCase() === repo.toLowerCase()) ?? repo;
}

/** Splits `REF/PATH` of a GitHub URL, trying ever longer refs (branch names may hold slashes). */
async function splitRefPath(
  forge: Forge,
  repo: string,
  rest: readonly string[],
): Promise<{ ref: string; path: string } | { ref: null; path: string; tried: string } | 'no-repo'> {
  for (let i = 1; i < rest.length; i++) {
    const ref = rest.slice(0, i).join('/');
    try {
      if (await forge.resolveRef(repo, ref)) return { ref, path: rest.slice(i).join('/') };
    } catch (error) {
      if (error instanceof ForgeError && error.code === 'repo-not-found') return 'no-repo';
      if (error instanceof ForgeError && error.code === 'invalid-name') continue;
      throw error;
    }
  }
  return { ref: null, path: rest.slice(1).join('/'), tried: rest[0] ?? '' };
}

/** A link resolved to a repository, path and ref, or the problem that stops it. */
export type ResolvedLink =
  | { ok: true; repo: string; path: string; ref: string; target: LinkTarget }
  | { ok: false; problem: ChainProblem; target: LinkTarget; repo?: string; path?: string; ref?: string };

/** Resolves a link written in `repo`'s file `fromPath` (read at `ref`) to what it names. */
export async function resolveLink(
  forge: Forge,
  link: DocLink,
  repo: string,
  fromPath: string,
  ref: string,
  known: readonly string[],
): Promise<ResolvedLink> {
  const target = classifyLink(link.url, dirOf(fromPath), forgeOrigin(forge));
  const at = { repo, path: fromPath, line: link.line, column: link.column };
  if (target.kind === 'relative') {
    if (leavesRepository(target.path))
      return {
        ok: false,
        target,
        problem: problem('outside-repo', `link ${link.url} leaves the repository`, { at, link: link.url }),
      };
    return { ok: true, repo, path: target.path, ref, target };
  }
  if (target.kind === 'github') {
    const name = canonical(target.repo, known);
    const split = await splitRefPath(forge, name, target.rest);
    if (split === 'no-repo')
      return {
        ok: false,
        target,
        repo: name,
        problem: problem(
          'unknown-repo',
          `link ${link.url} points into ${name}, which the forge does not hold; not followed`,
          { at, link: link.url },
        ),
      };
    if (split.ref === null)
      return {
        ok: false,
        target,
        repo: name,
        path: split.path,
        ref: split.tried,
        problem: problem('missing-ref', `link ${link.url}: ${split.tried} is not a branch, tag or commit of ${name}`, {
          at,
          link: link.url,
        }),
      };
    return { ok: true, repo: name, path: split.path, ref: split.ref, target };
  }
  if (target.kind === 'external')
    return {
      ok: false,
      target,
      problem: problem('external', `link ${link.url} leaves the forge; not followed`, { at, link: link.url }),
    };
  return { ok: false, target, problem: problem('no-link', `link ${link.url} is an anchor`, { at, link: link.url }) };
}

function isSecurityLink(link: DocLink, fromPath: string, origin: string): boolean {
  const t = classifyLink(link.url, dirOf(fromPath), origin);
  if (t.kind === 'relative') return SECURITY_NAME.test(baseName(t.path));
  if (t.kind === 'github') return SECURITY_NAME.test(t.rest.at(-1) ?? '');
  return false;
}

function isModelLink(link: DocLink, fromPath: string, parent: FollowOptions['parent'], origin: string): boolean {
  const t = classifyLink(link.url, dirOf(fromPath), origin);
  if (t.kind === 'relative')
    return THREAT_MODEL_NAME.test(baseName(t.path)) || (parent !== undefined && t.path === parent.path);
  if (t.kind === 'github') {
    const last = t.rest.at(-1) ?? '';
    if (THREAT_MODEL_NAME.test(last)) return true;
    return (
      parent !== undefined &&
      t.repo.toLowerCase() === parent.repo.toLowerCase() &&
      t.rest.length > 1 &&
      t.rest.join('/').endsWith(parent.path)
    );
  }
  if (t.kind === 'external') return THREAT_MODEL_NAME.test(t.url.replace(/[?#].*$/, ''));
  return false;
}

/** Follows one link to a file, with "did you mean" for a missing file. */
async function followLink(
  forge: Forge,
  link: DocLink,
  repo: string,
  from: FileAtRef,
  ref: string,
  known: readonly string[],
  similarOf: (repo: string, ref: string, path: string) => Promise<string[]>,
  what: string,
): Promise<{ file: FileAtRef; repo: string; ref: string } | { problem: ChainProblem }> {
  // Relative links resolve against the file as shown (the symlink's target) and, failing that, the link itself.
  const fromPaths = from.resolvedPath !== from.path ? [from.resolvedPath, from.path] : [from.path];
  let firstProblem: ChainProblem | null = null;
  for (const fromPath of fromPaths) {
    const resolved = await resolveLink(forge, link, repo, fromPath, ref, known);
    const at = { repo, path: from.path, line: link.line, column: link.column };
    if (!resolved.ok) {
      firstProblem ??= { ...resolved.problem, at };
      continue;
    }
    const read = await readAt(forge, resolved.repo, resolved.path, resolved.ref);
    if (read.file) return { file: read.file, repo: resolved.repo, ref: resolved.ref };
    if (firstProblem) continue;
    const p = read.problem;
    if (p.code === 'missing-file') {
      const similar = await similarOf(resolved.repo, resolved.ref, resolved.path);
      const where = resolved.repo === repo ? '' : ` in ${resolved.repo}`;
      const base = `link ${link.url}: ${resolved.path} does not exist${where} at ${resolved.ref}`;
      firstProblem = similar.length
        ? problem('renamed', `${base}; ${what} exists there as ${similar.join(', ')}`, { at, link: link.url, similar })
        : problem('missing-file', base, { at, link: link.url });
    } else firstProblem = { ...p, message: `link ${link.url}: ${p.message}`, at, link: link.url };
  }
  return { problem: firstProblem ?? problem('unreadable', `link ${link.url} could not be followed`) };
}

/** Follows `AGENTS.md` → `SECURITY.md` → model in `repo` (at `options.ref` or its default branch). */
export async function followChain(forge: Forge, repo: string, options: FollowOptions = {}): Promise<ChainResult> {
  const known = options.knownRepos ?? [];
  const ref = options.ref ?? (await forge.defaultBranch(repo));
  const agentsPath = options.agents ?? 'AGENTS.md';
  const origin = forgeOrigin(forge);
  const hops: ChainHop[] = [];
  let listed: Set<string> | null = null;
  const listing = async () => (listed ??= new Set(await forge.listFiles(repo, ref).catch(() => [] as string[])));

  // Hop 1: the agent guide.
  const agents = await readAt(forge, repo, agentsPath, ref, await listing());
  const agentsHop: ChainHop = {
    step: 'agents',
    ok: !!agents.file,
    via: null,
    to: agents.file ? node(agents.file, repo, ref) : null,
    kind: null,
    note: null,
    problems: [],
  };
  if (agents.file && agents.file.symlinks.length > 0) agentsHop.note = `symlink to ${agents.file.resolvedPath}`;
  if (!agents.file) {
    const p = agents.problem;
    if (p.code === 'missing-file') {
      const files = [...(await listing())];
      const others = files.filter((f) => /^(claude|agents)\.md$/i.test(baseName(f)) && f !== agentsPath);
      agentsHop.problems.push(
        problem(
          'missing-file',
          `${agentsPath} does not exist at ${ref}${others.length ? ` (there is ${others.join(', ')})` : ''}`,
          { similar: others },
        ),
      );
    } else agentsHop.problems.push({ ...p, message: `${agentsPath}: ${p.message}` });
  }
  hops.push(agentsHop);

  // Hop 2: the security policy, linked from the guide (or found where scanners look).
  const securityHop: ChainHop = {
    step: 'security',
    ok: false,
    via: null,
    to: null,
    kind: null,
    note: null,
    problems: [],
  };
  let security: FileAtRef | null = null;
  let securityRepo = repo;
  let securityRef = ref;
  const similarSecurity = async (r: string, at: string, path: string) => {
    const files =
      r === repo && at === ref ? [...(await listing())] : await forge.listFiles(r, at).catch(() => [] as string[]);
    return SECURITY_LOCATIONS.filter((l) => l !== path && files.includes(l));
  };
  if (agents.file) {
    const from = agents.file;
    const candidates = extractLinks(from.content).filter(
      (l) => isSecurityLink(l, from.resolvedPath, origin) || isSecurityLink(l, from.path, origin),
    );
    if (candidates.length === 0)
      securityHop.problems.push(problem('no-link', `${describe(from)} has no link to SECURITY.md`));
    for (const link of candidates) {
      const followed = await followLink(forge, link, repo, from, ref, known, similarSecurity, 'the security policy');
      if ('file' in followed) {
        security = followed.file;
        securityRepo = followed.repo;
        securityRef = followed.ref;
        securityHop.via = { path: from.path, line: link.line, column: link.column, url: link.url };
        securityHop.problems = [];
        break;
      }
      securityHop.problems.push(followed.problem);
    }
    securityHop.ok = security !== null;
  }
  if (!security) {
    // Where a scanner looks when no link leads there: the configured path, then Scorecard's locations.
    const places = [
      options.security ?? 'SECURITY.md',
      ...SECURITY_LOCATIONS.filter((l) => l !== (options.security ?? 'SECURITY.md')),
    ];
    for (const place of places) {
      const read = await readAt(forge, repo, place, ref, await listing());
      if (read.file) {
        security = read.file;
        securityHop.note = agents.file
          ? `found ${place} where scanners look, but nothing links it`
          : `found ${place} where scanners look`;
        break;
      }
      if (read.problem.code !== 'missing-file') {
        securityHop.problems.push({ ...read.problem, message: `${place}: ${read.problem.message}` });
        break;
      }
    }
    if (!security && !securityHop.problems.some((p) => p.code !== 'no-link')) {
      // Last, as GitHub and Scorecard do: the organisation's default policy in its `.github` repository.
      const orgRepo = `${repo.split('/')[0]}/.github`;
      const orgRef = orgRepo === repo ? null : await forge.defaultBranch(orgRepo).catch(() => null);
      for (const place of orgRef ? SECURITY_LOCATIONS : []) {
        const read = await readAt(forge, orgRepo, place, orgRef as string);
        if (read.file) {
          security = read.file;
          securityRepo = orgRepo;
          securityRef = orgRef as string;
          securityHop.note = `no policy of its own; found the organisation's ${place} in ${orgRepo}`;
          break;
        }
      }
    }
    if (!security && !securityHop.problems.some((p) => p.code !== 'no-link'))
      securityHop.problems.push(
        problem(
          'missing-file',
          `no SECURITY.md at ${ref} (looked in ${SECURITY_LOCATIONS.join(', ')}, and in the organisation's .github repository)`,
        ),
      );
  }
  if (security) securityHop.to = node(security, securityRepo, securityRef);
  hops.push(securityHop);

  // Hop 3: the threat model, linked from the policy.
  const modelHop: ChainHop = { step: 'model', ok: false, via: null, to: null, kind: null, note: null, problems: [] };
  let model: ChainNode | null = null;
  if (security) {
    const from = security;
    const candidates = extractLinks(from.content).filter((l) =>
      isModelLink(l, from.resolvedPath, options.parent, origin),
    );
    if (candidates.length === 0)
      modelHop.problems.push(problem('no-link', `${describe(from)} has no link to a threat model`));
    const similar = (r: string, at: string, path: string) => similarModels(forge, r, at, path);
    const tried: ChainProblem[] = [];
    for (const link of candidates) {
      const followed = await followLink(forge, link, securityRepo, from, securityRef, known, similar, 'a threat model');
      if (!('file' in followed)) {
        tried.push(followed.problem);
        continue;
      }
      const parsed = parseThreatModel(followed.file.content, { path: followed.file.resolvedPath });
      const at = { repo: securityRepo, path: from.path, line: link.line, column: link.column };
      if (parsed.kind !== 'rubric-model') {
        tried.push(
          problem(
            'not-a-model',
            `link ${link.url}: ${followed.file.resolvedPath} in ${followed.repo} at ${followed.ref} exists but is not a rubric threat model (it reads as ${parsed.kind})`,
            {
              at,
              link: link.url,
            },
          ),
        );
        continue;
      }
      model = node(followed.file, followed.repo, followed.ref);
      modelHop.to = model;
      modelHop.kind = parsed.kind;
      modelHop.via = { path: from.path, line: link.line, column: link.column, url: link.url };
      modelHop.ok = true;
      break;
    }
    if (!model) modelHop.problems.push(...tried);
  }
  hops.push(modelHop);

  const own = security && securityRepo === repo ? security : null;
  const addenda = await checkAddenda(forge, repo, ref, own, model, options.addendum);
  const problems = [
    ...hops.flatMap((h) => h.problems),
    ...addenda.flatMap((a) => a.problems.map((p) => problem('addendum', p.message, { severity: p.severity }))),
  ];
  const broken = problems.some((p) => p.severity === 'error') || !model;
  const status = broken && problems.some((p) => p.severity === 'error') ? 'broken' : broken ? 'unverified' : 'ok';
  return { repo, ref, status, hops, problems, model, addenda };
}

function describe(file: FileAtRef): string {
  return file.resolvedPath !== file.path ? `${file.path} (-> ${file.resolvedPath})` : file.path;
}
