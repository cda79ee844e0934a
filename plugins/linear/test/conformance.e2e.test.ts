// The kit's conformance suite against real Linear clones spun by the asymmetric CLI of this
// repository (process provider, the local Postgres and Redis). Build first (CLI and template).
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

import {describeConformance} from '@asym/template-kit/conformance';
import {testPostgresUrl, testRedisUrl} from '@asym/template-kit/testing';

const root = fileURLToPath(new URL('..', import.meta.url));
const home = mkdtempSync(join(tmpdir(), 'asym-linear-conformance-'));
after(() => rmSync(home, {force: true, recursive: true}));

const graphql = async (api: string, token: string | undefined, query: string, variables: Record<string, unknown> = {}) => {
  const res = await fetch(`${api}/graphql`, {body: JSON.stringify({query, variables}), headers: {'content-type': 'application/json', ...(token ? {authorization: token} : {})}, method: 'POST'});
  return {body: (await res.json()) as {data?: any; errors?: unknown[]}, ok: res.ok};
};

describeConformance(
  {
    authenticate: async (clone, token) => {
      const r = await graphql(clone.api, token, 'query { viewer { id } }');
      return r.ok && Boolean(r.body.data?.viewer?.id);
    },
    cli: process.env.ASYM_CLI ?? fileURLToPath(new URL('../../../cli/bin/run.js', import.meta.url)),
    env: {ASYM_HOME: home, ASYM_POSTGRES_URL: testPostgresUrl(), ASYM_PROVIDER: 'process', ASYM_REDIS_URL: testRedisUrl()},
    fixture: 'acme',
    root,
    write: async (clone) => {
      const teams = await graphql(clone.api, clone.token, 'query { teams { nodes { id } } }');
      const teamId = teams.body.data?.teams?.nodes?.[0]?.id as string;
      const r = await graphql(clone.api, clone.token, 'mutation($input: IssueCreateInput!) { issueCreate(input: $input) { success } }', {input: {teamId, title: `conformance ${Date.now()}`}});
      if (!r.body.data?.issueCreate?.success) throw new Error(`issueCreate failed: ${JSON.stringify(r.body.errors)}`);
    },
  },
  'linear template: the kit conformance suite through the CLI',
);
