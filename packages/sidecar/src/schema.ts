/**
 * The `threat-model.yaml` sidecar, schema v2, as zod (upstream
 * sidecar-schema.md). The shape is enforced here; relations between records
 * and with the prose are checked in check.ts.
 */
import { CONTRACT_DIMENSIONS, CONTROL_KINDS, PROPERTY_KINDS } from '@tmsync/core';
import { z } from 'zod';

/** `x-` extension values are allowed wherever the schema says "or an x- value". */
const xValue = z.string().regex(/^x-[a-z0-9][a-z0-9-]*$/, 'must be an x- value');
const enumOrX = <T extends readonly [string, ...string[]]>(values: T) => z.union([z.enum(values), xValue]);
const nonEmpty = z.string().trim().min(1, 'must not be empty');

/** A record's provenance: documented carries `source`, maintainer `date` (YYYY-MM), assumption and inferred `question_id`. */
export const ProvenanceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('documented'), source: nonEmpty }),
  z.strictObject({
    kind: z.literal('maintainer'),
    date: z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, 'must be YYYY-MM'),
  }),
  z.strictObject({
    kind: z.literal('assumption'),
    question_id: z.string().regex(/^Q[\w.-]+$/, 'must be a question id such as Q3'),
    rationale: z.string().optional(),
  }),
  z.strictObject({
    kind: z.literal('inferred'),
    question_id: z.string().regex(/^Q[\w.-]+$/, 'must be a question id such as Q3'),
  }),
]);
export type SidecarProvenance = z.infer<typeof ProvenanceSchema>;

/** The spec's closed vocabularies live in @tmsync/core, shared with the rubric that checks the prose. */
export {
  CONTRACT_DIMENSIONS as DIMENSIONS,
  CONTROL_KINDS,
  DISPOSITION_PRECEDENCE,
  NEWER_DISPOSITIONS as DISPOSITIONS,
  PROPERTY_KINDS,
} from '@tmsync/core';

const Tier = z.enum(['security-critical', 'correctness-only']);

/** A record: its known fields, plus project-specific keys under an `x-` prefix only ("extend with project-specific keys only under an x- prefix"). */
function record<S extends z.ZodRawShape>(shape: S) {
  return z
    .object(shape)
    .catchall(z.unknown())
    .superRefine((value, ctx) => {
      for (const key of Object.keys(value as object))
        if (!(key in shape) && !key.startsWith('x-'))
          ctx.addIssue({ code: 'custom', path: [key], message: 'unknown key; project-specific keys use an x- prefix' });
    });
}
const Id = nonEmpty;

export const ComponentSchema = record({
  name: Id,
  scope: z.enum(['in', 'out']),
  reachability_precondition: z.string().optional(),
  reason: z.string().optional(),
  provenance: ProvenanceSchema,
});

export const HostSideEffectSchema = record({
  effect: Id,
  stance: z.enum(['absent', 'present', 'conditional']),
  components: z.array(Id).min(1),
  conditions: z.string(),
  provenance: ProvenanceSchema,
});

export const ParameterSchema = record({
  name: Id,
  attacker_controllable: z.boolean(),
  control_kinds: z.array(enumOrX(CONTROL_KINDS)).min(1, 'every operand has one or more control_kinds'),
  obligation_id: z.string().optional(),
  caller_must_enforce: z.string(),
  provenance: ProvenanceSchema,
});

export const EntryPointSchema = record({
  id: Id,
  component: Id,
  parameters: z.array(ParameterSchema),
});

export const ContractDimensionSchema = record({
  component: Id,
  dimension: enumOrX(CONTRACT_DIMENSIONS),
  status: z.enum(['claimed', 'disclaimed', 'not-applicable', 'unresolved']),
  conditions: z.string().optional(),
  property_id: z.string().optional(),
  question_id: z.string().optional(),
  provenance: ProvenanceSchema,
});

const statement = { id: Id, statement: nonEmpty, property_id: z.string().optional(), provenance: ProvenanceSchema };
const StatementSchema = record(statement);
const InvariantSchema = record({ ...statement, property_id: Id });

export const OutputSchema = record({
  component: Id,
  channel: Id,
  taint: z.enum(['same-as-input', 'sanitized', 'constrained']),
  taint_provenance: ProvenanceSchema,
  invariants: z.array(InvariantSchema).default([]),
  downstream_must_not_assume: z.array(StatementSchema).default([]),
});

export const AdversarySchema = record({
  name: Id,
  scope: z.enum(['in', 'out']),
  capabilities: z.array(z.string()),
  excluded_capabilities: z.array(z.string()),
  goals: z.array(z.string()),
  provenance: ProvenanceSchema,
});

export const DependencySchema = record({
  name: Id,
  relied_on_for: z.string(),
  relied_on_properties: z.array(z.string()),
  caller_obligations_acknowledged: z.array(z.string()),
  adversary_capabilities_forwarded: z.array(z.string()),
  outputs_consumed: z.array(
    record({
      channel: z.string(),
      taint_handling: z.enum(['passthrough', 'sanitized', 'constrained']),
      supports_property_id: Id,
    }),
  ),
  covered_here: z.boolean(),
  violation_disposition: z.literal('OUT-OF-MODEL: dependency-contract'),
  provenance: ProvenanceSchema,
});

export const BuildFlagSchema = record({
  name: Id,
  default: z.string(),
  security_relevant: z.boolean(),
  maintainer_stance: z.enum(['supported', 'dev-only', 'discouraged', 'unsupported']),
  affects_properties: z
    .array(record({ property_id: Id, effect: z.enum(['preserves', 'narrows', 'voids']) }))
    .default([]),
  provenance: ProvenanceSchema,
});

export const ClaimedPropertySchema = record({
  id: Id,
  kind: enumOrX(PROPERTY_KINDS),
  components: z.array(Id).min(1),
  tier: Tier,
  conditions: nonEmpty,
  violation_symptoms: z.array(z.string()).min(1),
  provenance: ProvenanceSchema,
});

export const DisclaimedPropertySchema = record({
  id: Id,
  components: z.array(Id).min(1),
  conditions: nonEmpty,
  tier: Tier,
  false_friend: z.boolean(),
  provenance: ProvenanceSchema,
});

export const ResponsibilitySchema = record({
  id: Id,
  component: z.string().optional(),
  statement: nonEmpty,
  enforces: z.array(z.string()).default([]),
  provenance: ProvenanceSchema,
});

/** `components: [..]` (or the older singular `component:`), non-empty. */
const componentsField = {
  components: z.array(Id).min(1).optional(),
  component: Id.optional(),
};

export const MisuseSchema = record({
  id: Id,
  ...componentsField,
  pattern: nonEmpty,
  safer_alternative: z.string().optional(),
  provenance: ProvenanceSchema,
});

export const NonFindingSchema = record({
  id: Id,
  ...componentsField,
  symptom: nonEmpty,
  sink: z.string().optional(),
  tool_pattern: z.string().optional(),
  conditions: z.string(),
  discharged_by: z.array(Id).min(1),
  provenance: ProvenanceSchema,
});

const policy = (flag: string) => record({ [flag]: z.boolean(), provenance: ProvenanceSchema });

const KNOWN_KEYS = {
  schema: z.literal('threat-model-sidecar/v2'),
  project: nonEmpty,
  prose_version: z
    .string()
    .regex(/^[^@\s]+@sha256:[0-9a-f]{64}$/, 'must be <prose path>@sha256:<64 lowercase hex> of the exact prose bytes'),
  model_status: z.enum(['draft', 'unratified-draft', 'under-review', 'accepted']),
  triage_policy: z.enum(['strict', 'relaxed']).optional(),
  confidence: z.strictObject({
    documented: z.number().int().nonnegative(),
    maintainer: z.number().int().nonnegative(),
    inferred: z.number().int().nonnegative(),
    assumption: z.number().int().nonnegative().default(0),
  }),
  generation: record({ model: nonEmpty, effort: nonEmpty, plugins: z.array(z.string()) }).optional(),
  components: z.array(ComponentSchema),
  host_side_effects: z.array(HostSideEffectSchema),
  entry_points: z.array(EntryPointSchema),
  contract_dimensions: z.array(ContractDimensionSchema),
  outputs: z.array(OutputSchema),
  adversaries: z.array(AdversarySchema),
  dependency_policy: policy('zero_runtime_dependencies'),
  dependencies: z.array(DependencySchema),
  build_policy: policy('security_relevant_flags_present'),
  build_flags: z.array(BuildFlagSchema),
  properties_claimed: z.array(ClaimedPropertySchema),
  properties_disclaimed: z.array(DisclaimedPropertySchema),
  downstream_responsibilities: z.array(ResponsibilitySchema),
  known_misuses: z.array(MisuseSchema),
  known_non_findings: z.array(NonFindingSchema),
  dispositions: z.array(z.string()),
  disposition_precedence: z.array(z.string()),
  disposition_statuses: z.array(z.enum(['closed', 'provisional', 'escalated'])).optional(),
};

/** The whole sidecar: the known keys (required ones as sidecar-schema.md lists them) plus any `x-` key. */
export const SidecarSchema = z
  .object(KNOWN_KEYS)
  .catchall(z.unknown())
  .superRefine((value, ctx) => {
    for (const key of Object.keys(value))
      if (!(key in KNOWN_KEYS) && !key.startsWith('x-'))
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `unknown top-level key; project-specific keys use an x- prefix`,
        });
  });
export type Sidecar = z.infer<typeof SidecarSchema>;

/** The top-level keys sidecar-schema.md requires. */
export const REQUIRED_KEYS = Object.keys(KNOWN_KEYS).filter(
  (k) => !['triage_policy', 'generation', 'disposition_statuses'].includes(k),
);
