export { checkSidecar, SIDECAR_CHECKS } from './check.js';
export type { SidecarCheckId, SidecarFinding, SidecarInput } from './check.js';
export { derivedFields, initSidecar, promoteAnswered, SidecarSyncError, syncSidecar } from './derive.js';
export type { AnsweredQuestion } from './derive.js';
export { normaliseStatus, proseVersionOf, readProse, sha256 } from './prose.js';
export type { ProseFacts } from './prose.js';
export {
  CONTROL_KINDS,
  DIMENSIONS,
  DISPOSITION_PRECEDENCE,
  DISPOSITIONS,
  PROPERTY_KINDS,
  ProvenanceSchema,
  REQUIRED_KEYS,
  SidecarSchema,
} from './schema.js';
export type { Sidecar, SidecarProvenance } from './schema.js';
