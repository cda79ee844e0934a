/** What every resolver of one GraphQL request gets. */
import type {BackendContext} from '@asym/template-kit';

import type {Row, Store} from './store.js';
import type {WebhookEvents} from './webhooks.js';

export interface Context {
  backend: BackendContext;
  store: Store;
  /** The user the credential belongs to. */
  viewer: Row;
  org: Row;
  /** Base of the product URLs the clone hands out (`url` fields). */
  appUrl: string;
  webhooks: WebhookEvents;
  /** The credential's budgets after this request was charged (for `rateLimitStatus`). */
  rate: {kind: string; requests: Budget; complexity: Budget & {cost: number}};
}

export interface Budget {
  limit: number;
  remaining: number;
  reset: number;
}
