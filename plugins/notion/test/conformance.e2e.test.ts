// The kit's conformance suite against real Notion clones spun by the asymmetric CLI of this
// repository, which finds the template in the checkout (process provider, the local Postgres and
// Redis). Build first (CLI and template).
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

import {describeConformance} from '@asym/template-kit/conformance';
import {testPostgresUrl, testRedisUrl} from '@asym/template-kit/testing';

const root = fileURLToPath(new URL('..', import.meta.url));
const home = mkdtempSync(join(tmpdir(), 'asym-notion-conformance-'));
after(() => rmSync(home, {force: true, recursive: true}));

const headers = (token: string) => ({...(token ? {authorization: `Bearer ${token}`} : {}), 'content-type': 'application/json', 'notion-version': '2025-09-03'});

describeConformance(
  {
    authenticate: async (clone, token) => (await fetch(`${clone.api}/v1/users/me`, {headers: headers(token)})).ok,
    cli: process.env.ASYM_CLI ?? fileURLToPath(new URL('../../../cli/bin/run.js', import.meta.url)),
    env: {ASYM_HOME: home, ASYM_POSTGRES_URL: testPostgresUrl(), ASYM_PROVIDER: 'process', ASYM_REDIS_URL: testRedisUrl()},
    fixture: 'acme-wiki',
    root,
    write: async (clone) => {
      const res = await fetch(`${clone.api}/v1/pages`, {
        body: JSON.stringify({parent: {page_id: 'd0000000-0000-4000-8000-000000000001'}, properties: {title: {title: [{text: {content: `conformance ${Date.now()}`}}]}}}),
        headers: headers(clone.token),
        method: 'POST',
      });
      if (!res.ok) throw new Error(`POST /v1/pages answered HTTP ${res.status}: ${await res.text()}`);
    },
  },
  'notion template: the kit conformance suite through the CLI',
);
