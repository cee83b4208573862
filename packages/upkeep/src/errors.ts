/** What went wrong, as a code a caller maps to its own outcome (the CLI maps every one to exit 2). */
export type UpkeepErrorCode =
  /** The answers file does not parse as YAML (or JSON, for a `.json` file). */
  | 'answers-syntax'
  /** The answers file parses but does not validate (or is empty). */
  | 'answers-invalid'
  /** The document is over the input bounds (too large or nested too deep), so it was not parsed; the message is the bound's finding. */
  | 'document-over-limit'
  /** The document is not a rubric threat model, so there are no questions to answer. */
  | 'not-a-rubric-model'
  /** An answer cannot be applied: an unknown question, a claim locator matching none or several, a state conflict. */
  | 'answers-inapplicable'
  /** Two answers' edits overlap. */
  | 'edits-overlap';

/** An input this package cannot work with; `problems` are the lines of the message, each naming the file and where. Nothing was changed. */
export class UpkeepError extends Error {
  readonly code: UpkeepErrorCode;
  readonly problems: readonly string[];

  constructor(code: UpkeepErrorCode, problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'UpkeepError';
    this.code = code;
    this.problems = problems;
  }
}
