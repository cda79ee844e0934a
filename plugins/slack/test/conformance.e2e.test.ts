// The kit's conformance suite against real Slack clones spun by the asymmetric CLI of this
// repository (process provider, the local Postgres and Redis). Build first (CLI and template).
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

import {describeConformance} from '@asym/template-kit/conformance';
import {testPostgresUrl, testRedisUrl} from '@asym/template-kit/testing';

const root = fileURLToPath(new URL('..', import.meta.url));
const home = mkdtempSync(join(tmpdir(), 'asym-slack-conformance-'));
after(() => rmSync(home, {force: true, recursive: true}));

describeConformance(
  {
    root,
    cli: process.env.ASYM_CLI ?? fileURLToPath(new URL('../../../cli/bin/run.js', import.meta.url)),
    env: {ASYM_HOME: home, ASYM_POSTGRES_URL: testPostgresUrl(), ASYM_PROVIDER: 'process', ASYM_REDIS_URL: testRedisUrl()},
    fixture: 'acme-corp',
    authenticate: async (clone, token) => {
      const res = await fetch(`${clone.api}/auth.test`, {headers: token ? {authorization: `Bearer ${token}`} : {}, method: 'POST'});
      return ((await res.json()) as {ok: boolean}).ok === true;
    },
    write: async (clone) => {
      const res = await fetch(`${clone.api}/chat.postMessage`, {
        body: new URLSearchParams({channel: 'C0ACGENRL1', text: 'written by the conformance suite'}),
        headers: {authorization: `Bearer ${clone.token}`},
        method: 'POST',
      });
      const body = (await res.json()) as {ok: boolean; error?: string};
      if (!body.ok) throw new Error(`chat.postMessage answered ${body.error}`);
    },
  },
  'slack template: the kit conformance suite through the CLI',
);
