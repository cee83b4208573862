export { applyAnswers, questionState } from './apply.js';
export type { AnswerOptions, AnswerOutcome, AnswerResult, QuestionState } from './apply.js';
export { parseAnswers, questionIdOf, isIsoDate, AnswersSchema, AnswerSchema } from './schema.js';
export type { Answer, Replacement } from './schema.js';
export { documentTagStyle, defaultTagStyle, resolutionStyle, fillTemplate, skeletonOf } from './style.js';
export type { ResolutionStyle, TagStyle } from './style.js';
export { writeFileAtomic } from './write.js';
export { today } from './today.js';
