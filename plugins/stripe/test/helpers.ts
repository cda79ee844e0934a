import {fileURLToPath} from 'node:url';

import type {CloneTokens} from '@asym/contract';
import {startTestClone, type TestClone} from '@asym/template-kit/testing';
import Stripe from 'stripe';

import {apiOf, stripeBackend} from '../src/backend/app.js';

export const root = fileURLToPath(new URL('..', import.meta.url));

export interface StripeClone {
  clone: TestClone;
  tokens: CloneTokens;
  stripe: Stripe;
  /** The SDK pointed at the clone with another key. */
  sdk(key: string): Stripe;
  /** Wait until every queued webhook delivery finished (retries included). */
  webhooksIdle(): Promise<void>;
  /** Wait for work the clone does after answering (test clock advances, bank debits settling). */
  settled(): Promise<void>;
  dispose(): Promise<void>;
}

export async function provision(clone: TestClone, body: unknown): Promise<CloneTokens> {
  const res = await fetch(`${clone.url}/_asym/provision`, {body: JSON.stringify(body), headers: {'content-type': 'application/json'}, method: 'POST'});
  if (!res.ok) throw new Error(`provision answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as CloneTokens;
}

/** `fixture`: false for an empty database, a fixture name (default acct) otherwise. */
export async function startStripeClone(opts: {fixture?: boolean | string} = {}): Promise<StripeClone> {
  const clone = await startTestClone(stripeBackend, {
    fixture: opts.fixture === false ? undefined : `${root}seeds/${typeof opts.fixture === 'string' ? opts.fixture : 'acct'}.sql`,
    migrations: `${root}migrations`,
  });
  const tokens = await provision(clone, {kind: 'new'});
  const sdk = (key: string) => new Stripe(key, {host: '127.0.0.1', maxNetworkRetries: 0, port: clone.port, protocol: 'http'});
  return {
    clone,
    dispose: () => clone.dispose(),
    sdk,
    stripe: sdk(tokens.apiKey!),
    tokens,
    settled: () => apiOf(clone.ctx)!.settle(),
    webhooksIdle: () => apiOf(clone.ctx)!.events.queue.idle(),
  };
}

/** The SDK error a call that must fail throws (the test fails if the call succeeds). */
export async function failure(p: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await p;
  } catch (error) {
    return error as Stripe.errors.StripeError;
  }
  throw new Error('expected the call to fail');
}

/** In a describe block: one clone for its tests (started before them, disposed after), handed to `use`. */
export function withStripeClone(use: (clone: StripeClone) => void, opts: {fixture?: boolean | string} = {}): void {
  let clone: StripeClone | undefined;
  before(async () => {
    clone = await startStripeClone(opts);
    use(clone);
  });
  after(async () => clone?.dispose());
}
