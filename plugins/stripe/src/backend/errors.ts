/** Stripe's error envelope: `{error: {type, code, decline_code?, message, param?, …}}` with its HTTP status. */
export type ErrorType = 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error';

export class StripeError extends Error {
  constructor(
    readonly status: number,
    readonly type: ErrorType,
    message: string,
    readonly extra: {code?: string; decline_code?: string; param?: string; [k: string]: unknown} = {},
  ) {
    super(message);
  }

  /** The same error with another `code`. */
  withCode(code: string): StripeError {
    return new StripeError(this.status, this.type, this.message, {...this.extra, code});
  }

  body(requestId: string): {error: Record<string, unknown>} {
    const {code} = this.extra;
    return {
      error: {
        ...(code ? {code, doc_url: `https://stripe.com/docs/error-codes/${code.replaceAll('_', '-')}`} : {}),
        ...this.extra,
        message: this.message,
        request_log_url: `https://dashboard.stripe.com/test/logs/${requestId}`,
        type: this.type,
      },
    };
  }
}

export const invalid = (message: string, param?: string, code?: string, status = 400): StripeError =>
  new StripeError(status, 'invalid_request_error', message, {...(code ? {code} : {}), ...(param ? {param} : {})});

export const missingParam = (param: string): StripeError => invalid(`Missing required param: ${param}.`, param, 'parameter_missing');

export const noSuch = (kind: string, id: string, param = 'id'): StripeError =>
  invalid(`No such ${kind}: '${id}'`, param, 'resource_missing', 404);

export const unexpectedState = (message: string, param?: string): StripeError => invalid(message, param, 'payment_intent_unexpected_state');
