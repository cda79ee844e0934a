/** A Web API failure: answered as `{ok:false, error, ...extra}` at HTTP 200 (429 for rate limits). */
export class SlackError extends Error {
  constructor(
    readonly code: string,
    readonly extra: Record<string, unknown> = {},
    readonly status = 200,
  ) {
    super(code);
  }
}

export const fail = (code: string, extra?: Record<string, unknown>): never => {
  throw new SlackError(code, extra);
};

/** Slack's answer for a malformed or missing argument. */
export const invalidArguments = (message: string): never => {
  throw new SlackError('invalid_arguments', {response_metadata: {messages: [`[ERROR] ${message}`]}});
};
