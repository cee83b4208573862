/** The finding shape and the stable check ids the sidecar checks report under. */

/** One finding: which check, how bad, where in the sidecar (YAML path and line), and what to do. */
export interface SidecarFinding {
  check: SidecarCheckId;
  severity: 'error' | 'warning';
  message: string;
  /** The YAML path (`properties_claimed[2].tier`), '' for the whole file. */
  path: string;
  /** 1-based line in the sidecar, or null when the file does not parse. */
  line: number | null;
}

/** The checks, stable ids. */
export const SIDECAR_CHECKS = [
  'sidecar-yaml',
  'sidecar-schema',
  'sidecar-prose-version',
  'sidecar-confidence',
  'sidecar-status',
  'sidecar-triage-policy',
  'sidecar-generation',
  'sidecar-dispositions',
  'sidecar-coverage',
  'sidecar-provenance',
  'sidecar-references',
  'sidecar-matrix',
  'sidecar-closure-floor',
] as const;
export type SidecarCheckId = (typeof SIDECAR_CHECKS)[number];

/** A location in the sidecar: the YAML path of keys and sequence indices. */
export type Path = (string | number)[];

/** Records one finding at a YAML path; the composer in check.ts supplies it. */
export type Add = (check: SidecarCheckId, path: Path, message: string, severity?: 'error' | 'warning') => void;
