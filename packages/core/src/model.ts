import { z } from 'zod';
import { GENERATIONS, PROVENANCES, SECTION_IDS } from './ids.js';

/** A point in a source file: 1-based line and column, 0-based offset (UTF-16 code units, as JavaScript strings count). */
export const PointSchema = z.object({
  line: z.number().int().positive(),
  column: z.number().int().positive(),
  offset: z.number().int().nonnegative(),
});
export type Point = z.infer<typeof PointSchema>;

/** A source range, end exclusive. */
export const RangeSchema = z.object({ start: PointSchema, end: PointSchema });
export type Range = z.infer<typeof RangeSchema>;

export const ProvenanceSchema = z.enum(PROVENANCES);

export const SectionIdSchema = z.enum(SECTION_IDS);

export const GenerationSchema = z.enum(GENERATIONS);

/** A section of the document: a rubric section (id set) or one of the document's own (id null). */
export interface Section {
  /** Canonical id in the shared vocabulary, or null for a section of the document's own. */
  id: z.infer<typeof SectionIdSchema> | null;
  /** A stable key unique within the document (canonical id, else number, else slug of the title). */
  key: string;
  generation: z.infer<typeof GenerationSchema>;
  /** The number as written (`§5a`, `4.3`, `1.10`, `11a`), or null when the heading has only a title. */
  number: string | null;
  title: string;
  /** Heading depth (1–6); 0 for the implicit header block of a document without a header heading. */
  level: number;
  /** The heading's range. */
  heading: Range;
  /** The whole section: from its heading to the next heading of the same or a higher level. */
  range: Range;
  children: Section[];
}
export const SectionSchema: z.ZodType<Section> = z.lazy(() =>
  z.object({
    id: SectionIdSchema.nullable(),
    key: z.string(),
    generation: GenerationSchema,
    number: z.string().nullable(),
    title: z.string(),
    level: z.number().int().min(0).max(6),
    heading: RangeSchema,
    range: RangeSchema,
    children: z.array(SectionSchema),
  }),
);

/** A reference from a claim to a question, as written and as resolved. */
export const QuestionRefSchema = z.object({
  /** Text as written (`§14 Q12`, `Q4`, `§14.3`, `Q-secure`). */
  raw: z.string(),
  /** Normalised question id (`Q12`, `Q-secure`, `Q14.R1`). */
  id: z.string(),
  range: RangeSchema,
});
export type QuestionRef = z.infer<typeof QuestionRefSchema>;

export const ClaimSchema = z.object({
  provenance: ProvenanceSchema,
  /** Citation text after the provenance word and its separator (source, names, free text), or '' when bare. */
  citation: z.string(),
  questionRefs: z.array(QuestionRefSchema),
  /** Who the claim names (maintainer tags), when the tag names someone. */
  who: z.string().nullable(),
  /** A date in the tag (`2026-06-04`, `2026-05`), when present. */
  date: z.string().nullable(),
  /** Key of the innermost section the claim sits in, or null before the first section. */
  section: z.string().nullable(),
  /** Canonical id of the top-level rubric section it sits in, when any. */
  sectionId: SectionIdSchema.nullable(),
  /** Range of this claim's part of the tag (for a mixed tag, only its own part). */
  range: RangeSchema,
  /** Range of the whole parenthetical, `(` to `)` inclusive. */
  tagRange: RangeSchema,
  /** Separator written after the provenance word (`:`, `—`, `,`, `-`, or '' when bare). */
  separator: z.string(),
  /** The claim's text: the sentence or cell before the tag. */
  text: z.string(),
  /** Range of the claim's text. */
  textRange: RangeSchema,
});
export type Claim = z.infer<typeof ClaimSchema>;

export const QuestionStatusSchema = z.enum(['open', 'resolved', 'partial', 'struck']);
export type QuestionStatus = z.infer<typeof QuestionStatusSchema>;

export const QuestionSchema = z.object({
  /** `Q1`…, `Q14.1`, `Q14.R1`, `Q-secure`; plain numbered lists get `Q<n>` by position. */
  id: z.string(),
  /** The label as written (`**Q1.**`, `1.`, `### Q3`). */
  label: z.string(),
  /** The wave heading the question sits under, or null. */
  wave: z.string().nullable(),
  text: z.string(),
  /** Canonical ids or numbers of the sections it maps to (`maps to §2`, `→ §3/§9`). */
  mapsTo: z.array(z.string()),
  status: QuestionStatusSchema,
  /** What marked the status (`✅ Confirmed`, `RESOLVED wave`, `~~struck~~`), or null for open. */
  statusMarker: z.string().nullable(),
  range: RangeSchema,
  /** Range of the question's label, where a state marker is written after it. */
  labelRange: RangeSchema,
});
export type Question = z.infer<typeof QuestionSchema>;

export const DispositionSchema = z.object({
  /** `VALID`, `OUT-OF-MODEL: trusted-input`, … */
  name: z.string(),
  meaning: z.string(),
  licensedBy: z.string(),
  range: RangeSchema,
});
export type Disposition = z.infer<typeof DispositionSchema>;

/** A disposition named in the body (§3, §11, §11a and their newer equivalents). */
export const DispositionUseSchema = z.object({
  name: z.string(),
  section: z.string().nullable(),
  sectionId: SectionIdSchema.nullable(),
  range: RangeSchema,
});
export type DispositionUse = z.infer<typeof DispositionUseSchema>;

export const HeaderFieldSchema = z.object({
  /** The field name as written (`Project`, `Draft confidence`). */
  name: z.string(),
  value: z.string(),
  range: RangeSchema,
  /** Range of the value alone. */
  valueRange: RangeSchema,
});
export type HeaderField = z.infer<typeof HeaderFieldSchema>;

export const DeclaredCountSchema = z.object({
  value: z.number().int().nonnegative(),
  approximate: z.boolean(),
  range: RangeSchema,
});
export type DeclaredCount = z.infer<typeof DeclaredCountSchema>;

/** The header's declared counts ("Draft confidence: 36 documented / 0 maintainer / 41 inferred"). */
export const DeclaredCountsSchema = z.object({
  documented: DeclaredCountSchema.nullable(),
  inferred: DeclaredCountSchema.nullable(),
  maintainer: DeclaredCountSchema.nullable(),
  assumption: DeclaredCountSchema.nullable(),
  /** Range of the whole statement (the line or paragraph holding the counts). */
  range: RangeSchema,
  /** Range covering just the counts, from the first number to the last word. */
  countsRange: RangeSchema,
});
export type DeclaredCounts = z.infer<typeof DeclaredCountsSchema>;

export const DiagnosticSchema = z.object({
  /** `parser:<id>` for the parser's own findings. */
  ruleId: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  message: z.string(),
  range: RangeSchema.nullable(),
});
export type Diagnostic = z.infer<typeof DiagnosticSchema>;

/** What kind of file the parser judged the input to be. */
/** `over-limit`: larger or more deeply nested than the input bounds allow, so not parsed. */
export const DocumentKindSchema = z.enum([
  'rubric-model',
  'other-outline',
  'security-policy',
  'not-markdown',
  'empty',
  'over-limit',
]);
export type DocumentKind = z.infer<typeof DocumentKindSchema>;

/** What a delta model (an addendum) inherits from the model it declares as its baseline. */
export const BaselineSchema = z.object({
  /** The baseline as the document names it (`the umbrella model`, `owner/repo THREAT_MODEL.md`, a URL), or null. */
  from: z.string().nullable(),
  /** Canonical ids of the sections inherited unchanged. */
  sections: z.array(SectionIdSchema),
  /** Where the declaration is written: the sentence, or the tmsync:inherits comment. */
  range: RangeSchema,
});
export type Baseline = z.infer<typeof BaselineSchema>;

/** A threat model as the parser reads it: the document's kind and generation, header, sections, claims, questions and dispositions, with positions. */
export interface ThreatModel {
  /** File path (for messages), or '' when parsed from a string. */
  path: string;
  kind: DocumentKind;
  generation: z.infer<typeof GenerationSchema>;
  title: string;
  header: HeaderField[];
  /** Triage policy from the header (newer generation), null when not declared. */
  triagePolicy: 'strict' | 'relaxed' | null;
  /** Status text from the header, or null. */
  status: string | null;
  declared: DeclaredCounts | null;
  /** The baseline a delta model declares (sections it inherits and from where), or null for a model of its own. */
  baseline: Baseline | null;
  /** Range of the provenance legend (not itself a claim), or null. */
  legend: Range | null;
  /** Top-level sections in document order (children nested). */
  sections: Section[];
  claims: Claim[];
  questions: Question[];
  dispositions: Disposition[];
  dispositionUses: DispositionUse[];
  diagnostics: Diagnostic[];
}
