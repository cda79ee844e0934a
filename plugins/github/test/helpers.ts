import {fileURLToPath} from 'node:url';

import type {CloneTokens} from '@asym/contract';
import {startTestClone, type TestClone} from '@asym/template-kit/testing';
import {Octokit} from '@octokit/rest';

import {ghOf, githubBackend} from '../src/backend/app.js';

export const root = fileURLToPath(new URL('..', import.meta.url));

export interface GithubClone {
  clone: TestClone;
  tokens: CloneTokens;
  /** Octokit as the fixture's main user (dana, admin of acme). */
  octokit: Octokit;
  /** Octokit with another token (or as another seeded user by login). */
  as(tokenOrLogin: string): Octokit;
  token(login: string): string;
  webhooksIdle(): Promise<void>;
  dispose(): Promise<void>;
}

export async function provision(clone: TestClone, body: unknown): Promise<CloneTokens> {
  const res = await fetch(`${clone.url}/_asym/provision`, {body: JSON.stringify(body), headers: {'content-type': 'application/json'}, method: 'POST'});
  if (!res.ok) throw new Error(`provision answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as CloneTokens;
}

export async function startGithubClone(fixture = 'acme'): Promise<GithubClone> {
  const clone = await startTestClone(githubBackend, {fixture: `${root}seeds/${fixture}.sql`, migrations: `${root}migrations`});
  const tokens = await provision(clone, {kind: 'new'});
  const sdk = (auth: string) => new Octokit({auth, baseUrl: clone.url, request: {retries: 0}});
  const token = (login: string) => tokens.extra?.[`token:${login}`] ?? login;
  return {
    as: (t) => sdk(token(t)),
    clone,
    dispose: () => clone.dispose(),
    octokit: sdk(tokens.apiKey!),
    token,
    tokens,
    webhooksIdle: () => ghOf(clone.ctx)!.hooks.queue.idle(),
  };
}
