import {randomUUID} from 'node:crypto';

/** An error answered in Notion's envelope: {object: "error", status, code, message, request_id}. */
export class NotionError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly additional?: Record<string, unknown>,
  ) {
    super(message);
  }

  body(): Record<string, unknown> {
    return {object: 'error', status: this.status, code: this.code, message: this.message, ...(this.additional ? {additional_data: this.additional} : {}), request_id: randomUUID()};
  }
}

export const validation = (message: string) => new NotionError(400, 'validation_error', message);

/** `body.parent.page_id should be defined, instead was `undefined`.` — Notion's wording. */
export const shouldBe = (path: string, what: string, value: unknown) =>
  validation(`body failed validation: ${path} should be ${what}, instead was \`${show(value)}\`.`);

export function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  const s = JSON.stringify(value);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

export const notFound = (kind: string, id: string, integration?: {name: string; id: string}) =>
  new NotionError(
    404,
    'object_not_found',
    `Could not find ${kind} with ID: ${id}. Make sure the relevant pages and databases are shared with your integration${integration ? ` "${integration.name}"` : ''}.`,
    {},
    integration ? {integration_id: integration.id} : undefined,
  );

export const unauthorized = () => new NotionError(401, 'unauthorized', 'API token is invalid.');
export const invalidUrl = () => new NotionError(400, 'invalid_request_url', 'Invalid request URL.');
export const conflict = () => new NotionError(409, 'conflict_error', 'Conflict occurred while saving. Please try again.');
export const restricted = () => new NotionError(403, 'restricted_resource', 'Insufficient permissions for this endpoint.');
export const rateLimited = (retryAfterSeconds: number) =>
  new NotionError(429, 'rate_limited', 'You have been rate limited. Please try again in a few minutes.', {'retry-after': String(retryAfterSeconds)});
