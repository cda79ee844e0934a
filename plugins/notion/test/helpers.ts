import {fileURLToPath} from 'node:url';

import type {CloneTokens} from '@asym/contract';
import {startTestClone, type TestClone} from '@asym/template-kit/testing';
import {Client, LogLevel} from '@notionhq/client';

import {notionBackend, stateOf} from '../src/backend/app.js';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const FIXTURE = `${root}seeds/acme-wiki.sql`;
export const WELL_KNOWN_TOKEN = 'ntn_0123456789abcdef0123456789abcdef0123456789abcdef';

/** Ids the acme-wiki fixture gives its objects (see scripts/gen-fixture.ts). */
export const ACME = {
  bot: 'b0000000-0000-4000-8000-000000000001',
  handbook: 'd0000000-0000-4000-8000-000000000002',
  onboarding: 'd0000000-0000-4000-8000-000000000003',
  people: [1, 2, 3, 4, 5, 6].map((n) => `c0000000-0000-4000-8000-${String(n).padStart(12, '0')}`),
  private: 'd0000000-0000-4000-8000-000000000009',
  projects: 'f0000000-0000-4000-8000-000000000002',
  projectsDb: 'f0000000-0000-4000-8000-000000000001',
  root: 'd0000000-0000-4000-8000-000000000001',
  tasks: 'f0000000-0000-4000-8000-000000000004',
  tasksDb: 'f0000000-0000-4000-8000-000000000003',
  task: (n: number) => `80000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
};

export interface NotionClone {
  clone: TestClone;
  tokens: CloneTokens;
  url: string;
  notion: Client;
  /** The SDK pointed at the clone with another token or API version (no retries unless asked). */
  sdk(opts?: {auth?: string; notionVersion?: string; retry?: boolean}): Client;
  control(path: string, body?: unknown): Promise<Response>;
  /** A raw call to the API (curl-like). */
  raw(method: string, path: string, opts?: {body?: unknown; token?: string | null; version?: string | null}): Promise<{status: number; headers: Headers; body: any}>;
  webhooksIdle(): Promise<void>;
  dispose(): Promise<void>;
}

/** A throw-away Notion clone (own database, free port), token provisioned, rate limits off unless asked. */
export async function startNotion(opts: {fixture?: boolean; rateLimits?: boolean} = {}): Promise<NotionClone> {
  const clone = await startTestClone(notionBackend, {fixture: opts.fixture === false ? undefined : FIXTURE, migrations: `${root}migrations`});
  const control = (path: string, body?: unknown) =>
    fetch(`${clone.url}/_asym${path}`, body === undefined ? {} : {body: JSON.stringify(body), headers: {'content-type': 'application/json'}, method: 'POST'});
  const res = await control('/provision', {kind: 'new'});
  if (!res.ok) throw new Error(`provision answered ${res.status}: ${await res.text()}`);
  const tokens = (await res.json()) as CloneTokens;
  if (opts.rateLimits !== true) await control('/notion/settings', {rateLimits: false});
  const sdk = (o: {auth?: string; notionVersion?: string; retry?: boolean} = {}) =>
    new Client({auth: o.auth ?? tokens.apiKey, baseUrl: clone.url, logLevel: LogLevel.ERROR, ...(o.notionVersion ? {notionVersion: o.notionVersion} : {}), ...(o.retry ? {} : {retry: false})});
  const raw = async (method: string, path: string, o: {body?: unknown; token?: string | null; version?: string | null} = {}) => {
    const headers: Record<string, string> = {};
    if (o.token !== null) headers.authorization = `Bearer ${o.token ?? tokens.apiKey}`;
    if (o.version !== null) headers['notion-version'] = o.version ?? '2025-09-03';
    if (o.body !== undefined) headers['content-type'] = 'application/json';
    const r = await fetch(`${clone.url}${path}`, {body: o.body === undefined ? undefined : JSON.stringify(o.body), headers, method});
    const text = await r.text();
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    return {body, headers: r.headers, status: r.status};
  };
  return {
    clone,
    control,
    dispose: () => clone.dispose(),
    notion: sdk(),
    raw,
    sdk,
    tokens,
    url: clone.url,
    webhooksIdle: () => stateOf(clone.ctx)!.events.queue.idle(),
  };
}

/** The code and message of a rejected SDK call. */
export async function notionError(p: Promise<unknown>): Promise<{code: string; status: number; message: string; headers?: unknown}> {
  try {
    await p;
  } catch (e) {
    const err = e as {code?: string; status?: number; message: string; headers?: unknown};
    if (err.code) return {code: err.code, headers: err.headers, message: err.message, status: err.status ?? 0};
    throw e;
  }
  throw new Error('expected the call to fail');
}
