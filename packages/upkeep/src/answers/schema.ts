/**
 * The answers file of `tmsync answer`: a YAML or JSON list of maintainers'
 * answers to §14 questions, validated by zod. Every error names the file, the
 * entry's index and the key (`answers.yaml: [2].action: expected confirm | correct | strike`).
 */
import { formatZodError } from '@tmsync/core';
import { normaliseQuestionId } from '@tmsync/parser';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { UpkeepError } from '../errors.js';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `s` is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** A question id as a user writes it (`Q12`, `q12`, `12`, `§14 Q12`, `Q14.3`, `Q-secure`), normalised; null when it is not one. */
function questionIdOf(raw: string | number): string | null {
  const s = String(raw)
    .trim()
    .replace(/^§\s*\d{1,2}(?:\.\d{1,2})?\s+/, '');
  if (/^\d+(?:\.\d+)*$/.test(s)) return `Q${s}`;
  if (/^Q(?:\d+[a-z]?(?:\.R?\d+)*|-[A-Za-z][\w-]*)$/i.test(s)) return normaliseQuestionId(s);
  return null;
}

/** A control character (other than the white space a one-line field folds into spaces): never written into a model. */
const CONTROL = /[\x00-\x08\x0e-\x1f\x7f]/;
const noControl = { message: 'may not contain a control character (such as an escape)' };

const oneLine = (what: string) =>
  z
    .string({ error: `expected ${what} as a string` })
    .refine((s) => !CONTROL.test(s), noControl)
    .transform((s) => s.replace(/\s+/g, ' ').trim())
    .refine((s) => s.length > 0, { message: `expected ${what}, got an empty string` });

/** A claim locator: a line number (`41`, `"line 41"`, `"L41"`) or a piece of the claim's text. */
const LocatorSchema = z.union(
  [
    z.number().int().positive(),
    z
      .string()
      .min(1)
      .refine((s) => !CONTROL.test(s), noControl),
  ],
  {
    error: "expected a line number or a piece of the claim's text",
  },
);

const ReplacementSchema = z.strictObject({
  claim: LocatorSchema,
  text: oneLine('the replacement text'),
});

const AnswerSchema = z
  .strictObject({
    question: z
      .union([z.string(), z.number()], { error: 'expected a question id such as Q12' })
      .refine((q) => questionIdOf(q) !== null, { message: 'expected a question id such as Q12' })
      .transform((q) => questionIdOf(q) as string),
    action: z.enum(['confirm', 'correct', 'strike'], { error: 'expected confirm | correct | strike' }),
    by: oneLine('who answered (by)')
      .refine((s) => s.length <= 80, { message: 'expected a name of at most 80 characters' })
      .refine((s) => !/[()*_`[\]|]/.test(s), { message: 'a name may not contain ( ) * _ ` [ ] or |' }),
    date: z
      .string({ error: 'expected a date as YYYY-MM-DD' })
      .refine(isIsoDate, { message: 'expected a date as YYYY-MM-DD' })
      .optional(),
    note: z
      .string({ error: 'expected the note as a string' })
      .refine((s) => !CONTROL.test(s), noControl)
      .transform((s) => s.replace(/\s+/g, ' ').trim())
      .optional(),
    replacements: z.array(ReplacementSchema, { error: 'expected a list of { claim, text }' }).optional(),
  })
  .superRefine((a, ctx) => {
    if (a.action === 'correct' && (!a.replacements || a.replacements.length === 0))
      ctx.addIssue({
        code: 'custom',
        path: ['replacements'],
        message: 'a correct answer needs at least one replacement { claim, text }',
      });
    if (a.action !== 'correct' && a.replacements !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['replacements'],
        message: `only a correct answer takes replacements (this one is ${a.action})`,
      });
  });

const AnswersSchema = z
  .array(AnswerSchema, { error: 'expected a list of answers ({ question, action, by, … })' })
  .superRefine((list, ctx) => {
    const seen = new Map<string, number>();
    list.forEach((a, i) => {
      const first = seen.get(a.question);
      if (first !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: [i, 'question'],
          message: `${a.question} is answered twice (also [${first}])`,
        });
      else seen.set(a.question, i);
    });
  });

/** One validated answer. */
export type Answer = z.infer<typeof AnswerSchema>;
/** One validated replacement of a claim's text. */
export type Replacement = z.infer<typeof ReplacementSchema>;

/** Parses and validates an answers file's text (YAML, or JSON for `.json` files); throws an UpkeepError (`answers-syntax`, `answers-invalid`) naming the file, entry and key. */
export function parseAnswers(text: string, file: string): Answer[] {
  let data: unknown;
  if (/\.json$/i.test(file)) {
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new UpkeepError('answers-syntax', [
        `${file}: does not parse as JSON: ${error instanceof Error ? error.message : String(error)}`,
      ]);
    }
  } else {
    try {
      // logLevel error: a YAML warning would otherwise go to the process's stderr, a second line.
      data = parseYaml(text, { prettyErrors: false, uniqueKeys: true, logLevel: 'error' });
    } catch (error) {
      const message =
        error instanceof YAMLParseError
          ? `${error.message.split('\n')[0]}`
          : error instanceof Error
            ? error.message
            : String(error);
      throw new UpkeepError('answers-syntax', [`${file}: does not parse as YAML: ${message}`]);
    }
  }
  if (data === null || data === undefined)
    throw new UpkeepError('answers-invalid', [`${file}: (top level): expected a list of answers, the file is empty`]);
  const result = AnswersSchema.safeParse(data);
  if (!result.success) throw new UpkeepError('answers-invalid', formatZodError(result.error, file));
  return result.data;
}
