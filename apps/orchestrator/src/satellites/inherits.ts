/**
 * The machine-readable record an addendum carries of what it inherits:
 *
 *     <!-- tmsync:inherits {"parent":"owner/repo","path":"THREAT_MODEL.md","ref":"v1.2","commit":"…","sections":{"out-of-scope":"sha256:…"}} -->
 *
 * `ref` is the tag when pinned, else the commit; `commit` is always the commit.
 */
import { formatZodError, SectionIdSchema } from '@tmsync/core';
import type { SectionId } from '@tmsync/core';
import { z } from 'zod';

/** The JSON of a `tmsync:inherits` comment. */
export const InheritsSchema = z.object({
  parent: z.string().min(1),
  path: z.string().min(1),
  ref: z.string().min(1),
  commit: z
    .string()
    .regex(/^[0-9a-f]{7,64}$/)
    .optional(),
  sections: z.record(z.string(), z.string().regex(/^sha256:[0-9a-f]+$/)),
});
/** What an addendum records of its parent. */
export type Inherits = z.infer<typeof InheritsSchema>;

/** An inherits comment found in a document. */
export interface FoundInherits {
  record: Inherits | null;
  /** Why the comment could not be read, when it could not. */
  error: string | null;
  start: number;
  end: number;
  line: number;
}

const COMMENT = /<!--\s*tmsync:inherits\s+([\s\S]*?)\s*-->/;

/** The inherits comment of a document, or null when there is none. */
export function findInherits(text: string): FoundInherits | null {
  const m = COMMENT.exec(text);
  if (!m) return null;
  const start = m.index;
  const end = start + m[0].length;
  const line = text.slice(0, start).split('\n').length;
  let json: unknown;
  try {
    json = JSON.parse(m[1] ?? '');
  } catch (error) {
    return {
      record: null,
      error: `the tmsync:inherits comment on line ${line} is not JSON (${(error as Error).message})`,
      start,
      end,
      line,
    };
  }
  const parsed = InheritsSchema.safeParse(json);
  if (!parsed.success) {
    const where = `the tmsync:inherits comment on line ${line}`;
    return {
      record: null,
      error: formatZodError(parsed.error, where)[0] ?? `${where} is invalid`,
      start,
      end,
      line,
    };
  }
  return { record: parsed.data, error: null, start, end, line };
}

/** The comment for a record, keys in a fixed order (so that equal records render equal). */
export function renderInherits(record: Inherits): string {
  const ordered: Record<string, unknown> = { parent: record.parent, path: record.path, ref: record.ref };
  if (record.commit && record.commit !== record.ref) ordered.commit = record.commit;
  ordered.sections = record.sections;
  return `<!-- tmsync:inherits ${JSON.stringify(ordered)} -->`;
}

/** Section ids of a record that are rubric ids (others are ignored). */
export function recordedIds(record: Inherits): SectionId[] {
  return Object.keys(record.sections).filter((k): k is SectionId => SectionIdSchema.safeParse(k).success);
}
