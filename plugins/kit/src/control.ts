/** The reserved prefix of the clone's own control plane; no real API serves paths under it. */
export const CONTROL_PREFIX = '/_asym';
/** Header carrying the secret the CLI gave the backend (env ASYM_CONTROL_TOKEN) for its control routes. */
export const CONTROL_TOKEN_HEADER = 'x-asym-control-token';
