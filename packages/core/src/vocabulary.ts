/**
 * The words threat models are written in, as data: provenance words, the
 * markers that give a question its state (which words, where in an entry they
 * count, the state each means), the disposition families (and which close a
 * report), and the numbers the questions section goes by. The parser builds
 * every regular expression it reads states, tags and dispositions with from
 * these tables, and every command reads a question's state from the parser's
 * result, so there is one vocabulary for all of them.
 */
import type { Provenance } from './ids.js';
import { PROVENANCES } from './ids.js';
import type { QuestionStatus } from './model.js';

/** Escapes a literal for use inside a regular expression. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The provenance words a tag begins with (`*(documented …)*`, `*(inferred — Q3)*`). */
export const PROVENANCE_WORDS: readonly Provenance[] = PROVENANCES;

/** Provenance words that record a guess awaiting an answer: the ones a question's answer promotes. */
export const UNRATIFIED_PROVENANCES: readonly Provenance[] = ['inferred', 'assumption'];

/** `documented|inferred|maintainer|assumption`, not followed by a hyphenated word (`maintainer-flagged` is not a tag). */
export function provenanceWordPattern(): string {
  return String.raw`(${PROVENANCE_WORDS.join('|')})\b(?!-\w)`;
}

/** The start of a provenance tag: `(` then the provenance word, allowing emphasis inside the parenthesis. */
export function tagStartRegExp(): RegExp {
  return new RegExp(String.raw`\(\s*[*_]{0,2}\s*${provenanceWordPattern()}`, 'gi');
}

/** The questions section's numbers in each generation (`§14`, `1.18`); a chapter prefix (`4.14`) is added per document. */
export const QUESTIONS_SECTION_NUMBERS: readonly string[] = ['14', '1.18'];

/** Where in a question's entry a state marker counts. */
export type MarkerPlace =
  /** Inside the entry's bold label (`**Q3 — Topic — CONFIRMED.**`, `**Q-dos — answered.**`). */
  | 'label'
  /** Right after the label, at the start of the entry's text (`**Topic:** *resolved* —`, `*(Answered — …)*`). */
  | 'head'
  /** Anywhere in the entry, written as an answer is written: bold, italic, after an arrow, or a check mark. */
  | 'anywhere'
  /** A heading or bold group line over several entries (`### Wave 2 — ANSWERED`). */
  | 'group'
  /** An intro paragraph declaring every entry below answered. */
  | 'intro';

/** One row of the state vocabulary: words that, written at `places`, give a question `state`. */
export interface StateMarker {
  /** What the marker is, for people (and tests). */
  name: string;
  state: QuestionStatus;
  places: readonly MarkerPlace[];
  /** Regular-expression source of the marker (matched case-insensitively unless `caseSensitive`). */
  pattern: string;
  caseSensitive?: boolean;
  /**
   * Counts only after the entry's last question mark (an answer written after the
   * question). The reader matches `pattern` on that tail alone: a look-behind to the
   * last `?` would cost a scan back per position, quadratic in the entry's length.
   */
  afterLastQuestion?: boolean;
}

const ANSWER_WORDS = String.raw`(?:confirmed|answered|resolved|agreed|ratified|accepted|correct|decided|adopted|settled)`;
/** At the head of an entry "correct" is an answer only as a verdict ("Correct.", "Correct —"), not "Correct handling of …?". */
const HEAD_ANSWER_WORDS = String.raw`(?:confirmed|answered|resolved|agreed|ratified|accepted|decided|adopted|settled|correct(?=\s*[.!:;,—–]))\b`;
const STRUCK_WORDS = String.raw`(?:struck|withdrawn|dropped|obsolete|rejected|n\/a|not applicable|superseded)`;
const OPEN_WORDS = String.raw`(?:still open|open|unanswered|not yet answered|pending|deferred|awaiting)`;
const PARTIAL_WORDS = String.raw`(?:partial(?:ly)?(?:\s+(?:answered|resolved|confirmed|open))?|partly\s+(?:answered|resolved|confirmed|open))`;
/** A separator that introduces a state inside a label: `—`, `–`, `:`, `(`, `,`, `;`, ` - `, or an arrow. */
const LABEL_LEAD = String.raw`(?:[—–:(,;→]|\s-\s|->)\s*`;

/**
 * The state markers, strongest first within each place. Words that are *not*
 * answers ("Proposed:", "Proposed answer:", "Confirm?", `*(maintainer-flagged — name)*`,
 * "please confirm, correct or strike") are in {@link NOT_ANSWER_PATTERNS}.
 */
export const STATE_MARKERS: readonly StateMarker[] = [
  // Struck.
  { name: 'cross mark', state: 'struck', places: ['label', 'head', 'group'], pattern: '❌' },
  {
    name: 'struck word in the label',
    state: 'struck',
    places: ['label'],
    pattern: String.raw`(?:^|${LABEL_LEAD})${STRUCK_WORDS}\b`,
  },
  {
    name: 'struck word at the head',
    state: 'struck',
    places: ['head'],
    pattern: String.raw`^[\s:.—–-]*(?:\(\s*)?(?:${STRUCK_WORDS}|struck by)\b`,
  },
  {
    name: 'emphasised strike',
    state: 'struck',
    places: ['anywhere'],
    pattern: String.raw`(?:\*\*|\*|_)\s*\(?\s*(?:struck|withdrawn|N\/A|dropped|obsolete|superseded|not applicable|duplicate of)\b[^*_\n]{0,80}(?:\*\*|\*|_)|\bstruck by\b`,
  },
  {
    name: 'struck word after the question',
    state: 'struck',
    places: ['anywhere'],
    pattern: String.raw`(?:^|[.?!]\s+)(?:obsolete|withdrawn|dropped|superseded|not applicable|no longer (?:relevant|applicable))\b(?![^.?!\n]*\?)`,
  },
  {
    name: 'dash strike',
    state: 'struck',
    places: ['anywhere'],
    pattern: String.raw`[—–]\s*(?:struck|withdrawn)\b`,
  },
  { name: 'struck group', state: 'struck', places: ['group'], pattern: String.raw`\b(?:struck|withdrawn)\b` },
  // Partial.
  {
    name: 'partial in the label',
    state: 'partial',
    places: ['label', 'group'],
    pattern: String.raw`(?:^|${LABEL_LEAD})${PARTIAL_WORDS}\b`,
  },
  {
    name: 'partly answered',
    state: 'partial',
    places: ['head', 'anywhere'],
    pattern: String.raw`(?:\*\*|__|\*|(?<![A-Za-z0-9])_)\s*\(?\s*(?:partial(?:ly)?|partly|in part)\s*[:.]?\s*(?:\*\*|__|\*|_)|\b(?:partial(?:ly)?|partly)\s+(?:answered|resolved|confirmed|open)\b|\b(?:answered|resolved|confirmed)[*_\s]*\(\s*(?:partial(?:ly)?|partly|in part)\s*\)`,
  },
  // Open.
  { name: 'open box', state: 'open', places: ['label', 'head', 'group'], pattern: '⬜|☐' },
  {
    name: 'open word in the label',
    state: 'open',
    places: ['label'],
    pattern: String.raw`(?:^|${LABEL_LEAD})${OPEN_WORDS}\b`,
  },
  {
    name: 'open word at the head',
    state: 'open',
    places: ['head'],
    pattern: String.raw`^[\s:.—–-]*(?:\(\s*(?:still open|open|unanswered|not yet answered)\b|(?:still open|unanswered|not yet answered)\b|open\s*[.:;)—–])`,
  },
  {
    name: 'emphasised still open',
    state: 'open',
    places: ['anywhere'],
    pattern: String.raw`(?:\*|_)\s*\(?\s*(?:still open|not yet answered|unanswered|open)\b[^*_\n]{0,120}(?:\*|_)|(?:\(|\*)[^()\n*]{0,60}\b(?:still|kept|remains|stays)\s+open\b`,
  },
  {
    name: 'open group',
    state: 'open',
    places: ['group'],
    pattern: String.raw`\bstill open\b|\(open\b|\bopen\b\s*[;:)—–]|[—–]\s*open\b|\bunanswered\b|\bnot\s+(?:yet\s+)?(?:answered|resolved|confirmed|decided)\b|^\s*(?:still\s+)?open(?:\s+(?:questions|items))?\s*[.:]?\s*$`,
  },
  // Resolved.
  { name: 'check mark', state: 'resolved', places: ['label', 'head', 'anywhere', 'group'], pattern: '✅|✔|☑' },
  {
    name: 'answer word in the label',
    state: 'resolved',
    places: ['label'],
    pattern: String.raw`(?:^|${LABEL_LEAD})${ANSWER_WORDS}\b|\b(?:RESOLVED|CONFIRMED|ANSWERED|AGREED|RATIFIED)\b`,
  },
  {
    name: 'answer word at the head',
    state: 'resolved',
    places: ['head'],
    pattern: String.raw`^[\s:.—–→>-]*\(?\s*(?:${HEAD_ANSWER_WORDS}|resolution\s*:|decision\s*:|answer\s*:)`,
  },
  {
    name: 'maintainer tag at the head',
    state: 'resolved',
    places: ['head'],
    // Not a maintainer claim the question quotes before asking (`X holds *(maintainer — name)*; is Y?`).
    pattern: String.raw`^[^.?!\n]{0,80}?[:—–]?\s*\(\s*maintainer\b(?!-)[^)\n]{0,80}\)(?![^?\n]*\?)`,
  },
  {
    name: 'emphasised answer word',
    state: 'resolved',
    places: ['anywhere'],
    pattern: String.raw`(?:\*\*|__|\*|(?<!\w)_)\s*(?:→\s*)?\(?\s*(?:confirmed|answered|resolved|agreed|ratified|resolution\s*:|decision\s*:)(?![A-Za-z0-9-])`,
  },
  {
    name: 'answer word after the question',
    state: 'resolved',
    places: ['anywhere'],
    pattern: String.raw`(?:^|[.?!]\s+)(?:resolved|confirmed|answered|agreed|ratified)\b[\s*_]*(?:\(\s*(?:maintainer|PMC|committee)\b(?!-)|\([^()\n]{1,80}\)\s*(?:[.;:—–]|$)|[—–:])`,
  },
  {
    name: 'maintainer reply after the question',
    state: 'resolved',
    places: ['anywhere'],
    pattern: String.raw`\?\s*[*_]*\(\s*(?:maintainer|PMC|committee)\b(?!-)`,
  },
  {
    name: 'maintainer reply that does not settle it',
    state: 'partial',
    places: ['anywhere'],
    pattern: String.raw`\(\s*(?:maintainer|PMC)\b(?!-)[^)\n]{0,80}\)[*_\s]*:?\s*(?:partly|partially|in part|not (?:yet )?(?:settled|decided|certain))\b`,
  },
  {
    name: 'answer label',
    state: 'resolved',
    places: ['anywhere'],
    pattern: String.raw`(?:^|\n|[.?!)]\s+|[—–]\s*)[>\s]*(?:[-*+]\s+)?(?:(?:\*\*|__|\*|_)?\s*(?:maintainer(?:'s)?\s+(?:answer|response|reply)|maintainer|answer)(?:\s*\([^()\n]{0,60}\))?\s*(?:\*\*|__|\*|_)?\s*:|\*\*A:\*\*|\*\*A\*\*:)(?:\*\*|__|\*|_)?(?![\s*_(]*(?:pending|tbd|tba|open|unknown|not yet|none yet|awaiting|please|to be|\?|$))\s*\S`,
  },
  {
    name: 'answered by, in parentheses',
    state: 'resolved',
    places: ['anywhere'],
    // Case-sensitive, so that a name after "by" is one (`(resolved by Jane`, not `(resolved by the loader`).
    pattern: String.raw`\(\s*(?:[Cc]onfirmed|[Rr]esolved|[Aa]nswered|[Aa]greed|[Rr]atified|CONFIRMED|RESOLVED|ANSWERED)(?:\s+by\s+(?:\p{Lu}|@|the\s+(?:PMC|[Cc]ommittee|[Mm]aintainers?)\b)|\s+(?:in|on)\s+(?:v?\d|§|[Rr]elease|[Vv]ersion|PR\b|#)|\s*[:,—–])`,
    caseSensitive: true,
  },
  {
    name: 'answered in, after the question',
    state: 'resolved',
    places: ['anywhere'],
    pattern: String.raw`(?:^|[.?!]\s+)(?:answered|resolved|confirmed|ratified)\s+(?:by|in|at|on|via)\b`,
  },
  {
    name: 'bold closed or done',
    state: 'resolved',
    places: ['anywhere'],
    pattern: String.raw`(?:\*\*|__)\s*(?:closed|done)\s*[.:!]?\s*(?:\*\*|__)`,
  },
  {
    name: 'maintainer parenthesis after the last question',
    state: 'resolved',
    places: ['anywhere'],
    pattern: String.raw`(?:\(\s*(?:maintainer|PMC|committee)\b(?!-)|\([^()\n]{1,40},\s*(?:maintainer|PMC|committee)\s*\))(?![^)\n]*\b(?:needed|to decide|please|should|must|asked)\b)`,
    afterLastQuestion: true,
  },
  {
    name: 'answer word after the last question',
    state: 'resolved',
    places: ['anywhere'],
    pattern: String.raw`(?<!\b(?:not|yet|be|if|until|once|when|unless|whether|been)\s+)\b(?:confirmed|answered|resolved|agreed|ratified)\b`,
    afterLastQuestion: true,
  },
  {
    name: 'answer word in capitals',
    state: 'resolved',
    places: ['anywhere'],
    pattern: '(?<![A-Za-z0-9-])(?:RESOLVED|CONFIRMED|ANSWERED|RATIFIED)(?![A-Za-z0-9-])',
    caseSensitive: true,
  },
  {
    name: 'dash answer',
    state: 'resolved',
    places: ['anywhere'],
    pattern: String.raw`[—–]\s*(?:answered|resolved|confirmed|agreed|ratified)\b(?=\s*(?:[.;:,!)]|$|by\b|\(|—|–))`,
  },
  {
    name: 'arrow to a bold answer',
    state: 'resolved',
    places: ['anywhere'],
    pattern: String.raw`(?:→|->)\s*\*\*(?!\s*§)[^*\n]{1,40}`,
  },
  {
    name: 'arrow answer',
    state: 'resolved',
    places: ['anywhere'],
    pattern: String.raw`(?:→|->)\s*(?:\*\*|\*)?\s*(?:(?:PMC|maintainers?|committee)\s*:\s*)?${ANSWER_WORDS}\b`,
  },
  {
    name: 'maintainer reply',
    state: 'resolved',
    places: ['anywhere'],
    pattern: String.raw`(?:^|\n)[ \t]*(?:[-*+][ \t]+)?(?:\*\*|\*|_)?\(\s*(?:\*\*)?\s*(?:maintainer|PMC)\b(?!-)[^)\n]{0,80}\)(?:\*\*|\*|_)?\s*[:—–-]?\s*\S`,
  },
  {
    name: 'answered group',
    state: 'resolved',
    places: ['group'],
    pattern: String.raw`\b(?:answered|resolved|confirmed|ratified|decided|decisions|ratification)\b|\bclosed\b(?!-)|\b(?:maintainers?|maintainer's|PMC|committee)\s+(?:answers|responses|replies|rulings)\b|\b(?:answers|responses|replies)\s+(?:from|by)\b`,
  },
  {
    name: 'all items answered',
    state: 'resolved',
    places: ['intro'],
    pattern: String.raw`^[\s*_]*answered\s+by\b|\ball\s+(?:(?:of\s+)?(?:the\s+)?(?:\d+\s+)?(?:open\s+)?(?:items|questions|entries)(?:\s+below|\s+in this (?:section|wave|round|group))?\s+(?:have\s+(?:now\s+)?been|are(?:\s+now)?|were)\s+(?:now\s+)?${ANSWER_WORDS}|${ANSWER_WORDS}\s+all\b)|\banswered\s+all\s+(?:\d+\s+)?(?:open\s+)?questions\b`,
  },
];

/** Phrases that look like answers but are not: a proposal, a request, or who raised the question. */
export const NOT_ANSWER_PATTERNS: readonly string[] = [
  String.raw`\b(?:answered|resolved|confirmed|agreed|ratified)\s*\(\s*proposed\b`,
  String.raw`(?<![A-Za-z])proposed(?:\s+answer)?[*_]*\s*:`,
  String.raw`\b(?:suggested|draft|expected|likely|tentative|provisional|working|candidate)\s+answer[*_]*\s*:[^.?!\n]*`,
  String.raw`\bconfirm\s*\?`,
  String.raw`\(\s*maintainer-flagged\b`,
  String.raw`\bplease\s+confirm\b`,
  String.raw`\bto\s+(?:be\s+)?confirm(?:ed)?\b`,
];

/** The markers that count at a place, in table order, compiled. */
export function markersAt(place: MarkerPlace): { marker: StateMarker; re: RegExp }[] {
  return STATE_MARKERS.filter((m) => m.places.includes(place)).map((marker) => ({
    marker,
    re: new RegExp(marker.pattern, marker.caseSensitive ? 'gu' : 'giu'),
  }));
}

/** One regular expression matching any phrase that is not an answer. */
export function notAnswerRegExp(): RegExp {
  return new RegExp(NOT_ANSWER_PATTERNS.join('|'), 'gi');
}

/** A disposition family: its name, whether it closes a report against its reporter, and whether it takes a `: reason`. */
export interface DispositionFamily {
  name: string;
  closes: boolean;
  takesReason: boolean;
}

/** The base disposition families (RUBRIC.md §13), the closing ones first. */
export const DISPOSITION_FAMILIES: readonly DispositionFamily[] = [
  { name: 'OUT-OF-MODEL', closes: true, takesReason: true },
  { name: 'BY-DESIGN', closes: true, takesReason: true },
  { name: 'KNOWN-NON-FINDING', closes: true, takesReason: false },
  { name: 'VALID-HARDENING', closes: false, takesReason: false },
  { name: 'VALID', closes: false, takesReason: false },
  { name: 'MODEL-GAP', closes: false, takesReason: false },
];

/** Whether a disposition (`OUT-OF-MODEL: trusted-input`, `KNOWN-NON-FINDING`) closes a report. */
export function dispositionCloses(name: string): boolean {
  const family = /^([A-Z][A-Z-]*[A-Z])/.exec(name.trim())?.[1];
  return DISPOSITION_FAMILIES.some((f) => f.name === family && f.closes);
}

/** Matches a disposition used in prose: a family name, and its `: reason` when it takes one. */
export function dispositionUseRegExp(): RegExp {
  const names = [...DISPOSITION_FAMILIES]
    .sort((a, b) => b.name.length - a.name.length)
    .map((f) => escapeRegExp(f.name))
    .join('|');
  return new RegExp(
    String.raw`(?<![A-Za-z0-9-])(${names})(?![A-Za-z-])(?:\s*:\s*\`?([a-z][a-z0-9]*(?:-[a-z0-9]+)*))?`,
    'g',
  );
}

// The newer generation's (1.1–1.19) closed vocabularies, from upstream output-structure.md and
// sidecar-schema.md: the rubric checks the prose against them and the sidecar's schema is built from them.

/** The ten dispositions of 1.17, in the order output-structure.md's table lists them. */
export const NEWER_DISPOSITIONS = [
  'VALID',
  'VALID-HARDENING',
  'OUT-OF-MODEL: trusted-input',
  'OUT-OF-MODEL: adversary-not-in-scope',
  'OUT-OF-MODEL: unsupported-component',
  'OUT-OF-MODEL: non-default-build',
  'OUT-OF-MODEL: dependency-contract',
  'BY-DESIGN: property-disclaimed',
  'KNOWN-NON-FINDING',
  'MODEL-GAP',
] as const;

/** One of the ten 1.17 dispositions. */
export type NewerDisposition = (typeof NEWER_DISPOSITIONS)[number];

/** The fixed 1.17 first-match precedence order. */
export const DISPOSITION_PRECEDENCE: readonly NewerDisposition[] = [
  'KNOWN-NON-FINDING',
  'OUT-OF-MODEL: unsupported-component',
  'OUT-OF-MODEL: non-default-build',
  'OUT-OF-MODEL: dependency-contract',
  'OUT-OF-MODEL: trusted-input',
  'OUT-OF-MODEL: adversary-not-in-scope',
  'BY-DESIGN: property-disclaimed',
  'VALID',
  'VALID-HARDENING',
  'MODEL-GAP',
];

/** The routes an assumption may close under `Triage policy: relaxed` (1.17's low-blast-radius closes). */
export const LOW_BLAST_ROUTES: readonly NewerDisposition[] = [
  'OUT-OF-MODEL: trusted-input',
  'OUT-OF-MODEL: adversary-not-in-scope',
  'OUT-OF-MODEL: unsupported-component',
  'OUT-OF-MODEL: non-default-build',
  'BY-DESIGN: property-disclaimed',
];

/** The eight required 1.7 contract dimensions, by their sidecar names, in the spec's order (`x-` ones are extra). */
export const CONTRACT_DIMENSIONS = [
  'numeric-domain',
  'failure-atomicity',
  'recursive-cyclic-topology',
  'callback-execution',
  'serialization-reconstruction',
  'reference-lifecycle',
  'concurrency-reentrancy',
  'resource-complexity',
] as const;

/** One of the eight required contract dimensions. */
export type ContractDimension = (typeof CONTRACT_DIMENSIONS)[number];

/**
 * The words a matrix row names each required dimension by in prose (regular-expression source, matched
 * lower-cased), tried in this order: a row about reference cycles is the lifecycle dimension, not topology.
 */
export const CONTRACT_DIMENSION_WORDS: readonly (readonly [ContractDimension, string])[] = [
  ['numeric-domain', 'numeric|representational'],
  ['failure-atomicity', 'atomic'],
  ['callback-execution', 'callback|collaborator'],
  ['serialization-reconstruction', 'seriali[sz]|reconstruct'],
  ['reference-lifecycle', 'lifecycle|lifetime|reference'],
  ['recursive-cyclic-topology', String.raw`recurs|\bcycl|topolog`],
  ['concurrency-reentrancy', 'concurren|reentran|thread'],
  ['resource-complexity', 'resource|complexity'],
];

/** The 1.7 control kinds, by their sidecar names (`x-` ones are project-specific). */
export const CONTROL_KINDS = [
  'data',
  'size',
  'rate',
  'type-class',
  'callback-code',
  'object-topology',
  'collaborator-implementation',
  'resource-name',
  'serialized-state',
] as const;

/** Other ways prose writes a control kind, dashed (`size/rate` is `size-rate`, `object-graph topology` is `object-graph-topology`). */
export const CONTROL_KIND_ALIASES: readonly string[] = [
  'size-rate',
  'type',
  'class',
  'callback',
  'code',
  'object-graph-topology',
  'topology',
  'collaborator',
  'serialised-state',
];

/** The kinds of a claimed 1.11 property, by their sidecar names (`x-` ones are project-specific). */
export const PROPERTY_KINDS = [
  'memory-safety',
  'output-sanitization',
  'resource-bound',
  'availability',
  'confidentiality',
  'integrity',
  'authentication',
  'correctness',
] as const;
