// The kit's conformance suite against real HubSpot clones spun by the asymmetric CLI of this
// repository (process provider, the local Postgres and Redis). Build first (CLI and template).
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

import {describeConformance} from '@asym/template-kit/conformance';
import {testPostgresUrl, testRedisUrl} from '@asym/template-kit/testing';

const root = fileURLToPath(new URL('..', import.meta.url));
const home = mkdtempSync(join(tmpdir(), 'asym-hubspot-conformance-'));
after(() => rmSync(home, {force: true, recursive: true}));

describeConformance(
  {
    authenticate: async (clone, token) => (await fetch(`${clone.api}/crm/v3/objects/contacts?limit=1`, {headers: token ? {authorization: `Bearer ${token}`} : {}})).ok,
    cli: process.env.ASYM_CLI ?? fileURLToPath(new URL('../../../cli/bin/run.js', import.meta.url)),
    env: {ASYM_HOME: home, ASYM_POSTGRES_URL: testPostgresUrl(), ASYM_PROVIDER: 'process', ASYM_REDIS_URL: testRedisUrl()},
    fixture: 'acme',
    root,
    write: async (clone) => {
      const res = await fetch(`${clone.api}/crm/v3/objects/contacts`, {
        body: JSON.stringify({properties: {email: `conformance-${Date.now()}-${Math.random().toString(36).slice(2)}@example.test`}}),
        headers: {authorization: `Bearer ${clone.token}`, 'content-type': 'application/json'},
        method: 'POST',
      });
      if (!res.ok) throw new Error(`POST /crm/v3/objects/contacts answered HTTP ${res.status}`);
    },
  },
  'hubspot template: the kit conformance suite through the CLI',
);
