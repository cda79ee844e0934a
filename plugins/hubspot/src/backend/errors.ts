/**
 * HubSpot's error envelope: `{status: "error", message, correlationId, category, subCategory?,
 * errors?: [{message, code, context}], context?, links?}` with the HTTP status HubSpot uses.
 */
import {randomUUID} from 'node:crypto';

export interface ErrorDetail {
  message: string;
  code?: string;
  in?: string;
  context?: Record<string, string[]>;
  subCategory?: string;
}

export class HubSpotError extends Error {
  constructor(
    readonly status: number,
    readonly category: string,
    message: string,
    readonly extra: {subCategory?: string; errors?: ErrorDetail[]; context?: Record<string, string[]>; links?: Record<string, string>; [k: string]: unknown} = {},
  ) {
    super(message);
  }

  body(): Record<string, unknown> {
    return {status: 'error', message: this.message, correlationId: randomUUID(), category: this.category, ...this.extra};
  }
}

export const notFound = (message = 'resource not found', extra: HubSpotError['extra'] = {}) => new HubSpotError(404, 'OBJECT_NOT_FOUND', message, extra);
export const validation = (message: string, extra: HubSpotError['extra'] = {}) => new HubSpotError(400, 'VALIDATION_ERROR', message, extra);
export const conflict = (message: string, extra: HubSpotError['extra'] = {}) => new HubSpotError(409, 'CONFLICT', message, extra);

/** One invalid property value, as HubSpot lists them inside "Property values were not valid: […]". */
export interface PropertyProblem {
  name: string;
  error: string;
  message: string;
}

export function invalidProperties(problems: PropertyProblem[]): HubSpotError {
  const listed = problems.map((p) => ({isValid: false, message: p.message, error: p.error, name: p.name, localizedErrorMessage: p.message}));
  return validation(`Property values were not valid: ${JSON.stringify(listed)}`, {
    errors: problems.map((p) => ({message: p.message, code: p.error, context: {propertyName: [p.name]}})),
  });
}

/** A request body the API cannot read (not JSON, or the wrong shape). */
export const badBody = (detail: string) =>
  validation(`Invalid input JSON on line 1, column 1: ${detail}`, {errors: [{message: detail, code: 'INVALID_JSON'}]});
