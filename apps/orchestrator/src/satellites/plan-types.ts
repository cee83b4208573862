/** The plan of a satellite: what happens to each file, what needs a person, which inherited sections move. */
import type { ChangeRequest, FileChange } from '../forge/types.js';
import type { ChainResult } from './chain.js';
import type { RenderContext } from './render.js';

/** `pointers`: create what is missing, keep recorded inheritance; `refresh` (drift --fix) and `pin`: also re-record inherited sections at the parent's ref. */
export type PlanMode = 'pointers' | 'refresh' | 'pin';

/** What happens to one file. */
export interface FilePlan {
  role: 'agents' | 'security' | 'addendum' | 'replaced';
  /** The path the campaign names. */
  path: string;
  /** The path written (a symlink's in-repository target). */
  writePath: string;
  action: 'create' | 'update' | 'delete' | 'keep';
  before: string | null;
  after: string | null;
  /** What the tool does and why, one sentence each (for the change body). */
  reasons: string[];
}

/** Something that needs a person (the file concerned is left as it is). */
export interface SatelliteIssue {
  code:
    | 'human-edit'
    | 'symlink-escape'
    | 'symlink-loop'
    | 'dangling-symlink'
    | 'needs-human'
    | 'unreadable'
    | 'bad-record';
  path: string;
  message: string;
}

/** An inherited section whose recorded fingerprint changes in this plan. */
export interface SectionChange {
  id: string;
  label: string;
  title: string;
  from: string | null;
  to: string;
  fromRef: string | null;
  toRef: string;
  provenanceOnly: boolean;
  /** Word diff of the section between the two refs, or null when the old text could not be read. */
  diff: string | null;
}

/** The plan of one satellite. */
export interface SatellitePlan {
  family: string;
  repo: string;
  /** The branch the change targets: the satellite's `base:` (e.g. a release branch), else its default branch. */
  defaultBranch: string;
  /** The tool branch holding the change (one per base). */
  branch: string;
  /** Where the files were read: the tool branch when a change is open, else the default branch. */
  readRef: string;
  openChange: ChangeRequest | null;
  /**
   * No change is open and the tool's last change on the branch was closed without
   * merging while holding every file this plan writes: a person declined it, so it
   * is not proposed again (until what the campaign proposes differs).
   */
  declined: ChangeRequest | null;
  /** The chain as it stands at `readRef`. */
  chain: ChainResult;
  /** The chain, written by people, already reaches the parent's model: pointer files left alone. */
  alreadyPoints: boolean;
  files: FilePlan[];
  issues: SatelliteIssue[];
  sectionChanges: SectionChange[];
  context: RenderContext;
  /** Why the plan was made: its change's title follows (a refresh or a pin is titled as one). */
  mode: PlanMode;
  /** The parent's compare page between the recorded and the new ref, when inherited sections move. */
  compareUrl: string | null;
}

/** The file changes of a plan (created, updated and deleted files). */
export function planChanges(plan: SatellitePlan): FileChange[] {
  return plan.files
    .filter((f) => f.action !== 'keep')
    .map((f) => ({ path: f.writePath, content: f.action === 'delete' ? null : f.after }));
}
