import {fileURLToPath} from 'node:url';

import type {CloneTokens} from '@asym/contract';
import {startTestClone, type TestClone} from '@asym/template-kit/testing';
import {LinearClient} from '@linear/sdk';

import {linearBackend, webhooksOf} from '../src/backend/app.js';

export const root = fileURLToPath(new URL('..', import.meta.url));

export interface LinearClone {
  clone: TestClone;
  tokens: CloneTokens;
  linear: LinearClient;
  /** The SDK pointed at the clone with another key. */
  sdk(apiKey: string): LinearClient;
  /** POST a raw GraphQL request with the clone's key (or `authorization`). */
  gql(query: string, variables?: Record<string, unknown>, authorization?: string): Promise<{status: number; headers: Headers; body: any}>;
  webhooksIdle(): Promise<void>;
  dispose(): Promise<void>;
}

export async function provision(clone: TestClone, body: unknown): Promise<CloneTokens> {
  const res = await fetch(`${clone.url}/_asym/provision`, {body: JSON.stringify(body), headers: {'content-type': 'application/json'}, method: 'POST'});
  if (!res.ok) throw new Error(`provision answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as CloneTokens;
}

export async function startLinearClone(): Promise<LinearClone> {
  const clone = await startTestClone(linearBackend, {fixture: `${root}seeds/acme.sql`, migrations: `${root}migrations`});
  const tokens = await provision(clone, {kind: 'new'});
  const apiUrl = `${clone.url}/graphql`;
  const sdk = (apiKey: string) => new LinearClient({apiKey, apiUrl});
  return {
    clone,
    dispose: () => clone.dispose(),
    async gql(query, variables, authorization = tokens.apiKey!) {
      const res = await fetch(apiUrl, {body: JSON.stringify({query, variables}), headers: {authorization, 'content-type': 'application/json'}, method: 'POST'});
      return {body: await res.json(), headers: res.headers, status: res.status};
    },
    linear: sdk(tokens.apiKey!),
    sdk,
    tokens,
    webhooksIdle: () => webhooksOf(clone.ctx)!.queue.idle(),
  };
}
