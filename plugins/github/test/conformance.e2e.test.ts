// The kit's conformance suite against real GitHub clones spun by the asymmetric CLI of this
// repository (process provider, the local Postgres and Redis). Build first (CLI and template).
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

import {describeConformance} from '@asym/template-kit/conformance';
import {testPostgresUrl, testRedisUrl} from '@asym/template-kit/testing';

const root = fileURLToPath(new URL('..', import.meta.url));
const home = mkdtempSync(join(tmpdir(), 'asym-github-conformance-'));
after(() => rmSync(home, {force: true, recursive: true}));

describeConformance(
  {
    authenticate: async (clone, token) => (await fetch(`${clone.api}/user`, {headers: token ? {authorization: `token ${token}`} : {}})).ok,
    cli: process.env.ASYM_CLI ?? fileURLToPath(new URL('../../../cli/bin/run.js', import.meta.url)),
    env: {ASYM_HOME: home, ASYM_POSTGRES_URL: testPostgresUrl(), ASYM_PROVIDER: 'process', ASYM_REDIS_URL: testRedisUrl()},
    fixture: 'acme',
    root,
    timeoutMs: 240_000,
    write: async (clone) => {
      const res = await fetch(`${clone.api}/repos/acme/hello-world/issues`, {
        body: JSON.stringify({title: `conformance ${Date.now()}`}),
        headers: {authorization: `token ${clone.token}`, 'content-type': 'application/json'},
        method: 'POST',
      });
      if (res.status !== 201) throw new Error(`POST /repos/acme/hello-world/issues answered HTTP ${res.status}`);
    },
  },
  'github template: the kit conformance suite through the CLI',
);
