// The schemas of the rules' options, by rule id. Only the config loader
// (config.ts) reads them, so a lint run with no config file loads no zod.
import { z } from 'zod';
import { HEADER_FIELD_KEYS } from './rules/header-field-missing.js';

/** `confidence-mismatch` options: the tolerance for approximate counts. */
export const confidenceOptions = z.strictObject({
  tolerance: z
    .strictObject({
      absolute: z.number().int().nonnegative().optional(),
      relative: z.number().min(0).max(1).optional(),
    })
    .optional(),
});

/** `header-field-missing` options: which header fields to require. */
export const headerFieldOptions = z.strictObject({ required: z.array(z.enum(HEADER_FIELD_KEYS)).optional() });

/** The options schema of each rule that takes options. */
export const RULE_OPTIONS: Readonly<Record<string, z.ZodType>> = {
  'confidence-mismatch': confidenceOptions,
  'header-field-missing': headerFieldOptions,
};
