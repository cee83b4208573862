export * from './model.js';
export * from './sections.js';
export * from './counts.js';
export * from './fingerprint.js';
export * from './campaign.js';
export * from './vocabulary.js';
export * from './zod-error.js';
export * from './campaign-schema.js';
