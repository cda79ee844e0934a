import type {BackendContext} from '@asym/template-kit';

import type {Args} from './args.js';
import type {Events} from './events.js';

export type TokenKind = 'bot' | 'user' | 'app';

/** Who is calling: resolved from the token. */
export interface Caller {
  kind: TokenKind;
  teamId: string;
  /** The acting user: the bot user for bot tokens, the installing user for user tokens. */
  userId: string;
  appId?: string;
  botId?: string;
  scopes: string[];
  tokenHash: string;
}

export interface Call {
  method: string;
  args: Args;
  caller: Caller;
  ctx: BackendContext;
  events: Events;
  /** Base URL the client reached the clone at (for upload URLs, permalinks served by the clone). */
  origin: string;
  /** Throw missing_scope unless the token has one of these scopes. */
  need(...scopes: string[]): void;
}

export type Handler = (call: Call) => Promise<Record<string, unknown>>;

export interface MethodDef {
  handler: Handler;
  /** Any one of these scopes suffices (checked before the handler runs). */
  scopes?: string[];
  /** Slack's rate-limit tier for the method. */
  tier: 1 | 2 | 3 | 4 | 'special' | 'none';
  /** Token types accepted; others get not_allowed_token_type. Default bot + user. */
  tokens?: TokenKind[];
  /** Methods callable without a token (api.test). */
  noAuth?: boolean;
}
