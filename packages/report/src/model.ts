/**
 * The data a campaign report renders: plain JSON-able objects, gathered by the
 * tmsync command from the same functions `stats`, `lint`, `chain`, `drift`,
 * `history` and `campaign status` use. Nothing here computes a figure.
 */

/** A place in a file the report ships as a source page: the file's id and a 1-based line. */
export interface SourceLocation {
  source: string;
  line: number;
}

/** A file read for the report, shown as a page with numbered, anchored lines. */
export interface SourceFile {
  /** Lower-case letters, digits and dashes: the page is `sources/ID.html`. */
  id: string;
  repo: string;
  path: string;
  ref: string;
  commit: string;
  text: string;
  /** The file on the forge (a GitHub blob URL), when it has one. */
  externalUrl: string | null;
}

/** Provenance counts of a model's claims. */
export interface ProvenanceFigures {
  documented: number;
  inferred: number;
  maintainer: number;
  assumption: number;
}

/** Questions by state. */
export interface QuestionFigures {
  open: number;
  partial: number;
  resolved: number;
  struck: number;
}

/** A claim citing a question, and the section it sits in. */
export interface CitingClaim {
  line: number;
  section: string | null;
  text: string;
}

/** One question of a parent model as the report lists it. */
export interface QuestionItem {
  id: string;
  wave: string | null;
  state: string;
  text: string;
  line: number;
  /** The first commit of the model's history holding the question, or null when history is not available. */
  since: { sha: string; date: string; commits: number } | null;
  citedBy: CitingClaim[];
}

/** One lint message of the parent model. */
export interface LintMessage {
  ruleId: string;
  severity: 'error' | 'warning' | 'info';
  line: number;
  message: string;
}

/** One commit of the parent model's history. */
export interface HistoryPoint {
  sha: string;
  date: string;
  subject: string;
  tags: string[];
  provenance: ProvenanceFigures | null;
  questions: QuestionFigures | null;
}

/** One hop of a satellite's discoverability chain. */
export interface HopReport {
  step: 'agents' | 'security' | 'model';
  ok: boolean;
  repo: string | null;
  path: string | null;
  ref: string | null;
  kind: string | null;
  note: string | null;
  /** The file reached. */
  file: SourceLocation | null;
  /** Where the link followed is written. */
  via: SourceLocation | null;
  problems: { severity: string; message: string; at: SourceLocation | null }[];
}

/** An inherited section compared with the parent now. */
export interface DriftSection {
  label: string;
  title: string;
  state: string;
  diff: string | null;
}

/** A satellite: its chain, drift, change and human edits. */
export interface SatelliteReport {
  repo: string;
  chain: {
    status: 'ok' | 'broken' | 'unverified' | 'failed';
    ref: string | null;
    hops: HopReport[];
    error: string | null;
    /** The chain's status at the open change's branch, when broken at the default branch. */
    proposed: string | null;
  };
  drift: {
    status: string;
    addendum: string | null;
    recordedRef: string | null;
    nowRef: string;
    sections: DriftSection[];
    moved: { message: string; at: SourceLocation | null }[];
    problems: string[];
    /** Whether `drift` reports this as a finding (exit 1). */
    finding: boolean;
  } | null;
  driftError: string | null;
  change: {
    id: number;
    title: string;
    url: string;
    /** `open`, `merged` (by merge, squash or rebase) or `closed` (without merging). */
    state: string;
    /** How a merged change was recognised (`forge`, `ancestor`, `content`), else null. */
    mergedBy: string | null;
    /** Open, and its branch holds commits tmsync did not make. */
    humanEdited: boolean;
    /** Open, and the base changed files it touches since its branch left the base. */
    stale: boolean;
    /** The files the base changed under it (when stale). */
    staleFiles: string[];
    /** Open, and what the tool would propose now differs from it (the next apply updates it). */
    outdated: boolean;
  } | null;
  changeError: string | null;
  /** Managed sections a person edited (left alone by the tool). */
  humanEdits: { path: string; message: string }[];
  /** Other things the plan says need a person. */
  issues: { code: string; path: string; message: string }[];
}

/** A family: its parent model's state and every satellite. */
export interface FamilyReport {
  name: string;
  /** Lower-case letters, digits and dashes: the page is `families/SLUG.html`. */
  slug: string;
  parent: {
    repo: string;
    path: string;
    defaultBranch: string | null;
    commit: string | null;
    /** The ref the pointers link to (the pin, parent.ref or the default branch). */
    linkRef: string | null;
    pin: string | null;
    /** Tags of the parent sorting after the pin (version order). */
    newerTags: string[];
    /** The parent's model at its default branch. */
    source: string | null;
    error: string | null;
  };
  title: string | null;
  lint: { errors: number; warnings: number; messages: LintMessage[] } | null;
  provenance: ProvenanceFigures | null;
  questions: (QuestionFigures & { items: QuestionItem[] }) | null;
  history: HistoryPoint[] | null;
  historyError: string | null;
  satellites: SatelliteReport[];
}

/** A whole campaign's report. */
export interface CampaignReport {
  campaign: string;
  generatedAt: string;
  families: FamilyReport[];
  sources: SourceFile[];
}

/** What needs attention in a family, the overview's sort key (higher first). */
export function attentionScore(f: FamilyReport): number {
  let score = 0;
  if (f.parent.error) score += 1000;
  score += (f.lint?.errors ?? 0) * 100;
  for (const s of f.satellites) {
    if (s.chain.status === 'broken' || s.chain.status === 'failed') score += 50;
    if (s.drift?.finding || s.driftError) score += 40;
    score += s.humanEdits.length * 30;
    if (s.change?.humanEdited) score += 30;
    if (s.change?.stale) score += 20;
    if (s.change?.outdated) score += 10;
    if (s.changeError) score += 20;
  }
  score += f.parent.newerTags.length * 5;
  score += (f.questions?.open ?? 0) + (f.questions?.partial ?? 0);
  score += f.lint?.warnings ?? 0;
  return score;
}

/** Families sorted by what needs attention first, then by name. */
export function byAttention(families: readonly FamilyReport[]): FamilyReport[] {
  return [...families].sort((a, b) => attentionScore(b) - attentionScore(a) || a.name.localeCompare(b.name));
}

/** Overview figures of one family (the columns of the overview table and of the Markdown summary). */
export function overviewRow(f: FamilyReport) {
  const sats = f.satellites;
  return {
    family: f.name,
    lintErrors: f.lint?.errors ?? null,
    lintWarnings: f.lint?.warnings ?? null,
    provenance: f.provenance,
    questions: f.questions
      ? { open: f.questions.open, partial: f.questions.partial, resolved: f.questions.resolved }
      : null,
    satellites: sats.length,
    brokenChains: sats.filter((s) => s.chain.status === 'broken' || s.chain.status === 'failed').length,
    driftedAddenda: sats.filter((s) => s.drift?.status === 'drift').length,
    openChanges: sats.filter((s) => s.change?.state === 'open').length,
    mergedChanges: sats.filter((s) => s.change?.state === 'merged').length,
    humanEdited: sats.filter((s) => s.change?.humanEdited).length,
    staleChanges: sats.filter((s) => s.change?.stale).length,
    pin: f.parent.pin,
    newerTags: f.parent.newerTags,
  };
}
