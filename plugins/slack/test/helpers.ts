import {fileURLToPath} from 'node:url';

import type {CloneTokens} from '@asym/contract';
import {startTestClone, type TestClone} from '@asym/template-kit/testing';
import {WebClient} from '@slack/web-api';

import {slackBackend} from '../src/backend/app.js';

const root = fileURLToPath(new URL('..', import.meta.url));
export const MIGRATIONS = `${root}migrations`;
export const ACME = `${root}seeds/acme-corp.sql`;

/** The ids a provision put in `extra.state` (bot user, bot, admin user …). */
export function stateOf(tokens: CloneTokens): {botUserId: string; botId: string; adminUserId: string; teamName: string; teamDomain: string; requestUrl?: string} {
  return JSON.parse(Buffer.from(tokens.extra!.state!, 'base64url').toString('utf8'));
}

export interface SlackClone {
  clone: TestClone;
  ids: ReturnType<typeof stateOf>;
  url: string;
  tokens: CloneTokens;
  bot: WebClient;
  user: WebClient;
  client(token: string, opts?: ConstructorParameters<typeof WebClient>[1]): WebClient;
  control(path: string, body?: unknown): Promise<Response>;
  provision(body: unknown): Promise<CloneTokens>;
  dispose(): Promise<void>;
}

/** A throw-away Slack clone (own database, free port) with the default app provisioned. */
export async function startSlack(opts: {fixture?: boolean; rateLimits?: boolean} = {}): Promise<SlackClone> {
  const clone = await startTestClone(slackBackend, {fixture: opts.fixture === false ? undefined : ACME, migrations: MIGRATIONS});
  const control = (path: string, body?: unknown) =>
    fetch(`${clone.url}/_asym${path}`, body === undefined ? {} : {body: JSON.stringify(body), headers: {'content-type': 'application/json'}, method: 'POST'});
  const provision = async (body: unknown) => {
    const res = await control('/provision', body);
    if (!res.ok) throw new Error(`provision: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as CloneTokens;
  };
  const tokens = await provision({kind: 'new'});
  if (opts.rateLimits === false) await control('/slack/settings', {rateLimits: false});
  const client = (token: string, o: ConstructorParameters<typeof WebClient>[1] = {}) =>
    new WebClient(token, {retryConfig: {retries: 0}, ...o, slackApiUrl: `${clone.url}/api/`});
  return {
    bot: client(tokens.botToken!),
    client,
    clone,
    control,
    dispose: () => clone.dispose(),
    ids: stateOf(tokens),
    provision,
    tokens,
    url: clone.url,
    user: client(tokens.userToken!),
  };
}

/** Raw call to a method, as curl would make it (form body unless json is set). */
export async function rawCall(url: string, method: string, args: Record<string, string>, opts: {token?: string; json?: boolean} = {}): Promise<{status: number; headers: Headers; body: any}> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  headers['content-type'] = opts.json ? 'application/json; charset=utf-8' : 'application/x-www-form-urlencoded';
  const res = await fetch(`${url}/api/${method}`, {body: opts.json ? JSON.stringify(args) : new URLSearchParams(args).toString(), headers, method: 'POST'});
  return {body: await res.json(), headers: res.headers, status: res.status};
}

/** The `error` code of a rejected WebClient call. */
export async function slackError(p: Promise<unknown>): Promise<{error: string; data: any}> {
  try {
    await p;
  } catch (e) {
    const data = (e as {data?: any}).data;
    if (data?.error) return {data, error: data.error};
    throw e;
  }
  throw new Error('expected the call to fail');
}
