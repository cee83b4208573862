import { z } from 'zod';
import { resolveSectionRef } from './sections.js';

/** `owner/name`, as GitHub writes repository names. */
export const RepoNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,99})\/[A-Za-z0-9._-]{1,100}$/, 'expected a repository as owner/name')
  .refine((s) => !s.split('/').some((p) => p === '.' || p === '..'), 'a repository name may not be . or ..');

/**
 * Why `p` is not a safe repository-relative path, or null when it is: it is
 * validated like a repository name, so nothing in a campaign file can reach
 * git or the file system as an option (`--output=x`), outside the repository
 * (`..`, `/etc/x`) or with a control character.
 */
export function repoPathProblem(p: string): string | null {
  if (p.length === 0) return 'expected a path inside the repository, got an empty string';
  if (p.length > 4096) return 'a path of at most 4096 characters';
  if (/[\x00-\x1f\x7f]/.test(p)) return 'a path may not contain a control character';
  if (p.includes('\\')) return 'a path may not contain a backslash (use /)';
  if (p.startsWith('/') || /^[A-Za-z]:/.test(p))
    return 'an absolute path is not allowed (paths are relative to the repository root)';
  for (const segment of p.split('/')) {
    if (segment === '') return 'a path may not have an empty segment (// or a trailing /)';
    if (segment === '.' || segment === '..') return `a path may not contain a "${segment}" segment`;
    if (segment.toLowerCase() === '.git') return 'a path may not reach into .git';
    if (segment.startsWith('-')) return `a path segment may not start with "-" (${JSON.stringify(segment)})`;
  }
  return null;
}

/** The same rules as {@link repoPathProblem}, as a JSON Schema pattern (for editors; zod checks with the messages above). */
export const REPO_PATH_PATTERN =
  /^(?![/])(?![A-Za-z]:)(?!.*(?:^|\/)(?:\.{1,2}|\.[Gg][Ii][Tt])(?:\/|$))(?!.*(?:^|\/)-)(?!.*\/\/)(?!.*\/$)[^\x00-\x1f\x7f\\]{1,4096}$/;

/** A repository-relative path: no leading `/`, no `.`, `..` or `.git` segment, no segment starting with `-`, no control character. */
export const RepoPathSchema = z
  .string()
  .superRefine((p, ctx) => {
    const problem = repoPathProblem(p);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .meta({ pattern: REPO_PATH_PATTERN.source, description: 'A path inside the repository' });

/**
 * Why `p` is not a usable local folder path (`local.root`, `state`), or null: it
 * may be absolute or climb with `..` (it names a folder on this machine), but
 * may not be empty, start with `-` or hold a control character.
 */
export function localPathProblem(p: string): string | null {
  if (p.length === 0) return 'expected a folder path, got an empty string';
  if (/[\x00-\x1f\x7f]/.test(p)) return 'a path may not contain a control character';
  if (p.startsWith('-')) return 'a path may not start with "-" (write ./-name for such a folder)';
  return null;
}

/** A folder on this machine, relative to the campaign file or absolute. */
export const LocalPathSchema = z
  .string()
  .superRefine((p, ctx) => {
    const problem = localPathProblem(p);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .meta({ pattern: '^(?!-)[^\\x00-\\x1f\\x7f]+$', description: 'A folder, relative to the campaign file or absolute' });

/** A git ref as a campaign names it (`parent.ref`, `pin`): no leading `-`, no space or control character. */
export const RefSchema = z
  .string()
  .min(1)
  .refine((r) => !r.startsWith('-') && !/[\x00-\x20\x7f]/.test(r), {
    message: 'expected a branch or tag name (no leading "-", no space or control character)',
  });

/** A section reference as a user writes it (`§3`, `1.3`, `out-of-scope`), validated against the rubric. */
export const SectionRefSchema = z.string().refine((s) => resolveSectionRef(s) !== null, {
  message: 'expected a rubric section (§3, 1.3 or a canonical id such as out-of-scope)',
});

/** A git branch name as a campaign names one (letters, digits, `. _ / -`; no `..`, no leading or trailing `/`). */
export const BranchNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9._/-]+$/, 'expected a branch name of letters, digits, . _ / -')
  .refine(
    (b) => !b.includes('..') && !b.startsWith('/') && !b.endsWith('/') && !b.endsWith('.lock') && !b.startsWith('-'),
    'not a valid git branch name',
  );

/**
 * The licence header of the Markdown files the tool creates: a known id (`asf`: the Apache Software
 * Foundation's header) or the header's own text (wrapped in an HTML comment unless it is one).
 */
export const LicenseHeaderSchema = z
  .string()
  .trim()
  .min(1, 'expected a known id (asf) or the header text')
  .refine(
    (t) => (t.startsWith('<!--') ? t.endsWith('-->') && t.indexOf('-->') === t.length - 3 : !t.includes('-->')),
    'the header must be one HTML comment (<!-- ... -->), or text without -->',
  );

/** The pull request a campaign's changes follow, `owner/name#N` (written as "Follows owner/name#N" in each change body). */
export const FollowsSchema = z
  .string()
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,99})\/[A-Za-z0-9._-]{1,100}#[1-9][0-9]*$/, 'expected owner/name#N');

/** Where the addendum goes when a satellite replaces a draft and names no addendum: the draft's own sections move there. */
export const DEFAULT_ADDENDUM = 'THREAT_MODEL_ADDENDUM.md';

export const SatelliteSchema = z
  .strictObject({
    repo: RepoNameSchema,
    /** Path of the satellite's addendum; `THREAT_MODEL_ADDENDUM.md` when it `replaces` a draft and names none. */
    addendum: RepoPathSchema.optional(),
    agents: RepoPathSchema.default('AGENTS.md'),
    security: RepoPathSchema.default('SECURITY.md'),
    /** Standalone drafts this pointer supersedes (deleted by the pointer change). */
    replaces: z.array(RepoPathSchema).default([]),
    /** A one-line description of what the satellite is, used in the pointer text. */
    description: z.string().optional(),
    /** The branch the tool's changes for this satellite target and read (e.g. its release branch); its default branch when absent. */
    base: BranchNameSchema.optional(),
  })
  .transform((s) => (s.addendum === undefined && s.replaces.length > 0 ? { ...s, addendum: DEFAULT_ADDENDUM } : s));
export type Satellite = z.infer<typeof SatelliteSchema>;

export const FamilySchema = z
  .strictObject({
    name: z.string().min(1),
    parent: z.strictObject({
      repo: RepoNameSchema,
      path: RepoPathSchema.default('THREAT_MODEL.md'),
      /** Branch or tag the pointers link to; the parent's default branch when absent. */
      ref: RefSchema.optional(),
      /** Propose the parent's own AGENTS.md and SECURITY.md threat-model sections too (linking its model), so a scanner starting at the parent finds it. */
      pointers: z.boolean().default(false),
      /** The parent's agent guide, when `pointers` is on. */
      agents: RepoPathSchema.default('AGENTS.md'),
      /** The parent's security policy, when `pointers` is on. */
      security: RepoPathSchema.default('SECURITY.md'),
    }),
    inherit: z.array(SectionRefSchema).default([]),
    /** Release tag of the parent the pointers and addenda are bound to (written by `tmsync pin`); overrides `parent.ref`. */
    pin: RefSchema.optional(),
    /** Absolute https link to the project's security process, used in the reporting section of a created SECURITY.md. */
    policyUrl: z
      .string()
      .regex(/^https:\/\/\S+$/, 'expected an absolute https:// link')
      .optional(),
    /** Licence header of the Markdown files created for this family (overrides the campaign's `licenseHeader`). */
    licenseHeader: LicenseHeaderSchema.optional(),
    /** The pull request this family's changes follow (overrides the campaign's `follows`). */
    follows: FollowsSchema.optional(),
    satellites: z.array(SatelliteSchema).min(1),
  })
  .superRefine((f, ctx) => {
    f.satellites.forEach((s, i) => {
      if (s.repo.toLowerCase() === f.parent.repo.toLowerCase())
        ctx.addIssue({
          code: 'custom',
          path: ['satellites', i, 'repo'],
          message: `${s.repo} is the family's parent and cannot be its own satellite; remove it from satellites: the parent's own AGENTS.md and SECURITY.md pointers come from parent.pointers: true`,
        });
    });
  });
export type Family = z.infer<typeof FamilySchema>;

/** A regular expression as a string, checked to compile. */
const RegexSchema = z
  .string()
  .min(1)
  .refine((s) => {
    try {
      new RegExp(s);
      return true;
    } catch {
      return false;
    }
  }, 'expected a valid regular expression');

/** GitHub login or organisation name. */
const LoginSchema = z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, 'expected a GitHub login');

export const RepurposeSchema = z
  .strictObject({
    /** Head branches of earlier per-repository drafts (a regular expression). */
    branchPattern: RegexSchema.optional(),
    /** Titles of earlier per-repository drafts (a regular expression). */
    titlePattern: RegexSchema.optional(),
    /**
     * `update`: the draft PR becomes the pointer PR (retitled, and a commit on its own branch
     * makes its net change the pointer change); `close`: the pointer PR is opened and the draft
     * is closed with a comment linking it.
     */
    action: z.enum(['update', 'close']).default('close'),
    /** Whose drafts may be repurposed (logins); the token's own user when absent. */
    authors: z.array(LoginSchema).optional(),
  })
  .refine(
    (r) => r.branchPattern !== undefined || r.titlePattern !== undefined,
    'repurpose needs branchPattern or titlePattern',
  );

export const GitHubSettingsSchema = z.strictObject({
  /** REST API base URL for GitHub Enterprise Server (e.g. https://ghe.example.com/api/v3). */
  apiUrl: z.string().url().optional(),
  /** Requests in flight at once (reads; writes are always one at a time). */
  concurrency: z.number().int().min(1).max(32).default(4),
  /** Milliseconds between mutating requests (GitHub asks for at least one second). */
  writeSpacingMs: z.number().int().min(0).default(1000),
  /** Milliseconds between requests that notify people (pull requests, comments, review requests). */
  createSpacingMs: z.number().int().min(0).default(3000),
  /** Content-creating requests allowed per rolling hour, across runs (GitHub's secondary limit is 500). */
  hourlyBudget: z.number().int().min(1).default(400),
  /** When the hourly budget is spent: `defer` the remaining satellites (exit non-zero) or `wait` for it. */
  onBudgetExhausted: z.enum(['defer', 'wait']).default('defer'),
  /** Retries of one request after a server error, a lost connection or a rate limit. */
  maxRetries: z.number().int().min(0).max(20).default(5),
  /** Longest wait a rate limit may impose before the request fails (milliseconds). */
  maxRateLimitWaitMs: z
    .number()
    .int()
    .min(0)
    .default(15 * 60 * 1000),
  labels: z.array(z.string().min(1)).default([]),
  /** Reviewers to request: logins, or `org/team-slug` for a team. */
  reviewers: z
    .array(
      z
        .string()
        .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\/[A-Za-z0-9_.-]+)?$/, 'expected a login or org/team-slug'),
    )
    .default([]),
  draft: z.boolean().default(false),
  /** Label a maintainer sets to hand an edited pull request back to the tool. */
  handBackLabel: z.string().min(1).default('tmsync:resume'),
  /** Label the tool sets on a pull request whose branch holds someone else's commits. */
  editedLabel: z.string().min(1).default('tmsync:edited'),
  /** Organisation to fork into when the token cannot push to a satellite (the token's user when absent). */
  forkOrganization: LoginSchema.optional(),
  repurpose: RepurposeSchema.optional(),
});
export type GitHubSettings = z.infer<typeof GitHubSettingsSchema>;
export type GitHubSettingsInput = z.input<typeof GitHubSettingsSchema>;

export const CampaignSchema = z.strictObject({
  forge: z.enum(['local', 'github']).default('local'),
  local: z.strictObject({ root: LocalPathSchema }).optional(),
  github: GitHubSettingsSchema.optional(),
  /** Author and committer of the tool's commits: on disk (else git's own user.name/user.email) and on GitHub (else the token's user). */
  commit: z
    .strictObject({
      name: z.string().min(1),
      email: z.string().regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'expected an e-mail address'),
    })
    .optional(),
  /** Licence header of the Markdown files the tool creates (AGENTS.md, SECURITY.md, addenda): `asf`, or the header's text. Never added to an existing file. */
  licenseHeader: LicenseHeaderSchema.optional(),
  /** The pull request every change of the campaign follows, `owner/name#N` ("Follows owner/name#N" in each body). */
  follows: FollowsSchema.optional(),
  /** Folder for change requests, patches, caches and the journal (relative to the campaign file). */
  state: LocalPathSchema.default('.tmsync'),
  branch: BranchNameSchema.default('tmsync/threat-model-pointer'),
  templates: z
    .strictObject({
      title: z.string().default('Point to the {family} threat model in {parent}'),
      body: z
        .string()
        .default(
          'This change makes the {family} threat model discoverable from {repo}: AGENTS.md links SECURITY.md, which links the canonical model at {modelUrl}.\n\nGenerated by tmsync; edits inside the managed sections are detected and never overwritten.',
        ),
    })
    .default({
      title: 'Point to the {family} threat model in {parent}',
      body: 'This change makes the {family} threat model discoverable from {repo}: AGENTS.md links SECURITY.md, which links the canonical model at {modelUrl}.\n\nGenerated by tmsync; edits inside the managed sections are detected and never overwritten.',
    }),
  families: z.array(FamilySchema).min(1),
});
export type Campaign = z.infer<typeof CampaignSchema>;
