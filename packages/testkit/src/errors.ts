export const DOCS = 'https://docs.github.com/rest';

export interface ValidationErrorItem {
  resource?: string;
  field?: string;
  code: string;
  message?: string;
  value?: unknown;
}

/** An error answered the way GitHub answers it: `{ message, documentation_url, status }`. */
export class ApiError extends Error {
  readonly headers: Record<string, string>;
  constructor(
    readonly status: number,
    message: string,
    readonly extra: {
      documentation_url?: string;
      errors?: ValidationErrorItem[];
      headers?: Record<string, string>;
    } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.headers = extra.headers ?? {};
  }

  body(defaultDocs: string): Record<string, unknown> {
    const b: Record<string, unknown> = { message: this.message };
    if (this.extra.errors) b.errors = this.extra.errors;
    b.documentation_url = this.extra.documentation_url ?? defaultDocs;
    b.status = String(this.status);
    return b;
  }
}

export const notFound = (): ApiError => new ApiError(404, 'Not Found');

/** 422 "Validation Failed" with an `errors` array. */
export const validationFailed = (errors: ValidationErrorItem[]): ApiError =>
  new ApiError(422, 'Validation Failed', { errors });

/** 422 for a malformed request body, in GitHub's words. */
export const invalidRequest = (detail: string): ApiError => new ApiError(422, `Invalid request.\n\n${detail}`);

export const unprocessable = (message: string): ApiError => new ApiError(422, message);

export const conflict = (message: string): ApiError => new ApiError(409, message);
