import {fileURLToPath} from 'node:url';

import type {CloneTokens} from '@asym/contract';
import {startTestClone, type TestClone} from '@asym/template-kit/testing';
import {Client} from '@hubspot/api-client';

import {apiOf, hubspotBackend} from '../src/backend/app.js';
import type {HubSpotApi} from '../src/backend/api.js';

export const root = fileURLToPath(new URL('..', import.meta.url));
/** The token the `acme` fixture documents. */
export const ACME_TOKEN = 'pat-na1-00000000-0000-4000-8000-000000000001';

export interface HubSpotClone {
  clone: TestClone;
  tokens: CloneTokens;
  hubspot: Client;
  api: HubSpotApi;
  /** The SDK pointed at the clone with another token (only basePath changed). */
  sdk(token: string): Client;
  /** A raw call with the minted token. */
  call(method: string, path: string, json?: unknown, token?: string): Promise<{status: number; body: any; headers: Headers}>;
  dispose(): Promise<void>;
}

export async function provision(clone: TestClone, body: unknown): Promise<CloneTokens> {
  const res = await fetch(`${clone.url}/_asym/provision`, {body: JSON.stringify(body), headers: {'content-type': 'application/json'}, method: 'POST'});
  if (!res.ok) throw new Error(`provision answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as CloneTokens;
}

/**
 * A clone in-process on a throw-away database, provisioned. HubSpot's search limit (5 per second)
 * would throttle test journeys, so it is raised unless `limits` say otherwise.
 */
export async function startHubSpotClone(opts: {fixture?: boolean; limits?: {burst?: number; daily?: number; searchPerSecond?: number}} = {}): Promise<HubSpotClone> {
  const clone = await startTestClone(hubspotBackend, {fixture: opts.fixture === false ? undefined : `${root}seeds/acme.sql`, migrations: `${root}migrations`});
  const tokens = await provision(clone, {kind: 'new'});
  const limits = await fetch(`${clone.url}/_asym/hubspot/rate-limits`, {body: JSON.stringify(opts.limits ?? {searchPerSecond: 1000}), headers: {'content-type': 'application/json'}, method: 'POST'});
  if (!limits.ok) throw new Error(`setting the rate limits answered ${limits.status}`);
  const sdk = (token: string) => new Client({accessToken: token, basePath: clone.url});
  return {
    api: apiOf(clone.ctx)!,
    async call(method, path, json, token = tokens.apiKey!) {
      const res = await fetch(`${clone.url}${path}`, {
        body: json === undefined ? undefined : JSON.stringify(json),
        headers: {authorization: `Bearer ${token}`, ...(json === undefined ? {} : {'content-type': 'application/json'})},
        method,
      });
      const text = await res.text();
      let parsed: unknown = text || undefined;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: keep the text
      }
      return {body: parsed, headers: res.headers, status: res.status};
    },
    clone,
    dispose: () => clone.dispose(),
    hubspot: sdk(tokens.apiKey!),
    sdk,
    tokens,
  };
}
