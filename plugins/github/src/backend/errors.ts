/** GitHub's error envelope: `{message, documentation_url, status}`, with `errors[]` on 422 "Validation Failed". */
export const DOCS = 'https://docs.github.com/rest';

export interface FieldError {
  resource: string;
  field?: string;
  code: 'missing' | 'missing_field' | 'invalid' | 'already_exists' | 'unprocessable' | 'custom';
  message?: string;
}

export class GhError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: {errors?: FieldError[]; documentation_url?: string; headers?: Record<string, string>} = {},
  ) {
    super(message);
  }

  body(): Record<string, unknown> {
    return {
      message: this.message,
      ...(this.extra.errors ? {errors: this.extra.errors} : {}),
      documentation_url: this.extra.documentation_url ?? DOCS,
      status: String(this.status),
    };
  }
}

export const notFound = () => new GhError(404, 'Not Found');
export const badCredentials = () => new GhError(401, 'Bad credentials');
export const requiresAuth = () => new GhError(401, 'Requires authentication');
export const forbidden = (message = 'Must have admin rights to Repository.') => new GhError(403, message);
export const invalid = (resource: string, field: string, code: FieldError['code'] = 'invalid', message?: string) =>
  new GhError(422, 'Validation Failed', {errors: [{code, field, resource, ...(message ? {message} : {})}]});
export const missing = (resource: string, field: string) => invalid(resource, field, 'missing_field');
export const unprocessable = (message: string) => new GhError(422, message);
