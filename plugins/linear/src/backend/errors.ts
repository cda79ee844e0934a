/**
 * Linear's error shape: GraphQL errors whose `extensions` carry `type` (what @linear/sdk maps to its
 * error classes), `code`, `statusCode`, `userError` and `userPresentableMessage`.
 */
import {GraphQLError} from 'graphql';

export type LinearErrorKind = 'authentication error' | 'invalid input' | 'ratelimited' | 'graphql error' | 'feature not accessible' | 'forbidden' | 'internal error';

export interface LinearExtensions {
  type: LinearErrorKind;
  code: string;
  statusCode: number;
  userError: boolean;
  userPresentableMessage: string;
  [k: string]: unknown;
}

export class LinearApiError extends Error {
  constructor(
    message: string,
    readonly extensions: LinearExtensions,
  ) {
    super(message);
  }
}

export const authenticationError = (detail = 'Authentication required, not authenticated'): LinearApiError =>
  new LinearApiError(detail, {code: 'AUTHENTICATION_ERROR', statusCode: 401, type: 'authentication error', userError: true, userPresentableMessage: 'You need to authenticate to access this operation. Send a personal API key (lin_api_…) in the Authorization header.'});

export const notFound = (typeName: string): LinearApiError =>
  new LinearApiError(`Entity not found: ${typeName}`, {code: 'INPUT_ERROR', statusCode: 400, type: 'invalid input', userError: true, userPresentableMessage: `Could not find referenced ${typeName}.`});

export const invalidInput = (message: string, field?: string): LinearApiError =>
  new LinearApiError('Argument Validation Error', {code: 'INPUT_ERROR', field, statusCode: 400, type: 'invalid input', userError: true, userPresentableMessage: message});

export const notImplemented = (what: string): LinearApiError =>
  new LinearApiError(`${what} is not implemented by the asymmetric Linear clone`, {
    code: 'NOT_IMPLEMENTED',
    statusCode: 400,
    type: 'feature not accessible',
    userError: true,
    userPresentableMessage: `${what} is not implemented by this local Linear clone (asymmetric). The implemented operations are listed in the template's README.`,
  });

export const rateLimited = (): LinearApiError =>
  new LinearApiError('Rate limit exceeded', {code: 'RATELIMITED', statusCode: 429, type: 'ratelimited', userError: true, userPresentableMessage: 'Too many requests. Wait for the time given in X-RateLimit-Requests-Reset and try again.'});

/** A parse or validation error of the request document itself. */
export function graphqlError(error: GraphQLError, code: 'GRAPHQL_PARSE_FAILED' | 'GRAPHQL_VALIDATION_FAILED'): Record<string, unknown> {
  return {
    extensions: {code, statusCode: 400, type: 'graphql error', userError: true, userPresentableMessage: error.message},
    locations: error.locations,
    message: error.message,
  };
}

/** One execution error in Linear's shape. */
export function formatError(error: GraphQLError): Record<string, unknown> {
  const original = error.originalError;
  const extensions: Record<string, unknown> =
    original instanceof LinearApiError
      ? original.extensions
      : original
        ? {code: 'INTERNAL_SERVER_ERROR', statusCode: 500, type: 'internal error', userError: false, userPresentableMessage: 'An internal error occurred in the clone.'}
        : {code: 'GRAPHQL_VALIDATION_FAILED', statusCode: 400, type: 'graphql error', userError: true, userPresentableMessage: error.message};
  return {extensions, locations: error.locations, message: error.message, path: error.path};
}
