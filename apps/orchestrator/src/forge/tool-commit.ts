/**
 * What makes a commit the tool's, for both forges: the `Generated-by: tmsync`
 * trailer in its message's trailer block, and the identity it is made with
 * (the campaign's `commit` identity, else git's own configuration; the tool
 * never makes one up).
 */
import { TOOL_TRAILER } from './types.js';

const [TRAILER_KEY = 'Generated-by', TRAILER_VALUE = 'tmsync'] = TOOL_TRAILER.split(/:\s*/, 2);
export { TRAILER_KEY, TRAILER_VALUE };

/** Who a tool commit is authored and committed by. */
export interface CommitIdentity {
  name: string;
  email: string;
}

function isToolTrailer(line: string): boolean {
  const m = /^([A-Za-z0-9-]+)[ \t]*:[ \t]*(.*)$/.exec(line);
  return !!m && m[1]?.toLowerCase() === TRAILER_KEY.toLowerCase() && m[2]?.trim() === TRAILER_VALUE;
}

const trailerLike = (line: string): boolean => /^[A-Za-z0-9-]+[ \t]*:/.test(line) || /^[ \t]+\S/.test(line);

/** A message's last paragraph as lines, whether there is a paragraph before it, and whether every line is trailer-like. */
function lastParagraph(text: string): { lines: string[]; afterBody: boolean; isBlock: boolean } {
  const paragraphs = text.replace(/\s+$/, '').split(/\n[ \t]*\n/);
  const lines = (paragraphs.at(-1) ?? '').split('\n');
  const afterBody = paragraphs.length > 1;
  return { lines, afterBody, isBlock: afterBody && lines.every(trailerLike) };
}

/** Whether a commit message carries the tool trailer in its trailer block. */
export function hasToolTrailer(message: string): boolean {
  const { lines, afterBody } = lastParagraph(message);
  return afterBody && lines.some(isToolTrailer);
}

/**
 * Whether a commit message's trailer block carries the tool trailer as `git log`'s
 * `%(trailers)` reads it; null where git's reading could differ (the trailer, or its
 * key, in a last paragraph that is not all trailer lines).
 */
export function toolTrailerAsGitReads(message: string): boolean | null {
  const { lines, afterBody, isBlock } = lastParagraph(message);
  // A one-paragraph message is a subject only: git reads no trailer in it.
  if (!afterBody) return false;
  if (!lines.some(isToolTrailer))
    return lines.some((l) => l.toLowerCase().includes(TRAILER_KEY.toLowerCase())) ? null : false;
  return isBlock ? true : null;
}

/** `message` ending with the tool trailer, added as a trailer (own paragraph or joined to an existing trailer block). */
export function withTrailer(message: string): string {
  const text = message.replace(/\s+$/, '') || 'tmsync change';
  const { lines, isBlock } = lastParagraph(text);
  if (isBlock && lines.some(isToolTrailer)) return `${text}\n`;
  if (isBlock) return `${text}\n${TOOL_TRAILER}\n`;
  return `${text}\n\n${TOOL_TRAILER}\n`;
}

/**
 * The `author` and `committer` of a commit made through GitHub's Git Data API: the campaign's identity
 * when it sets one; none otherwise, so that GitHub records the token's own user (never a made-up address).
 */
export function apiCommitPeople(identity: CommitIdentity | undefined): {
  author?: CommitIdentity;
  committer?: CommitIdentity;
} {
  if (!identity) return {};
  const person = { name: identity.name, email: identity.email };
  return { author: person, committer: { ...person } };
}

/**
 * Whether a commit on a forge is the tool's: it carries the trailer, and it was made by the token's user
 * (`byTokenUser`) or, when the campaign sets an identity, authored as exactly that identity (GitHub links
 * such a commit to whichever account owns the address, or to none).
 */
export function isToolCommit(
  commit: { message: string; authorName?: string | undefined; authorEmail?: string | undefined; byTokenUser: boolean },
  identity: CommitIdentity | undefined,
): boolean {
  if (!hasToolTrailer(commit.message)) return false;
  if (commit.byTokenUser) return true;
  return (
    !!identity &&
    commit.authorName === identity.name &&
    commit.authorEmail?.toLowerCase() === identity.email.toLowerCase()
  );
}

/** The environment git needs to commit as `identity` (none: git's own configuration decides) at `date` (none: now). */
export function commitEnv(identity: CommitIdentity | undefined, date?: Date): Record<string, string> {
  const env: Record<string, string> = {};
  if (identity) {
    env.GIT_AUTHOR_NAME = identity.name;
    env.GIT_AUTHOR_EMAIL = identity.email;
    env.GIT_COMMITTER_NAME = identity.name;
    env.GIT_COMMITTER_EMAIL = identity.email;
  }
  if (date) {
    const stamp = `@${Math.floor(date.getTime() / 1000)} +0000`;
    env.GIT_AUTHOR_DATE = stamp;
    env.GIT_COMMITTER_DATE = stamp;
  }
  return env;
}
