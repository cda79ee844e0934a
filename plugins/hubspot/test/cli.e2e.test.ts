// The template as a user meets it from a checkout: `asym spin hubspot` (no install step), the SDK
// against the endpoint it prints (under /api too), and `asym mcp <id>` bridging the MCP tools over stdio.
import {execFile} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';

import type {CloneInstance} from '@asym/contract';
import {testPostgresUrl, testRedisUrl} from '@asym/template-kit/testing';
import {Client as HubSpot} from '@hubspot/api-client';
import {Client} from '@modelcontextprotocol/sdk/client/index.js';
import {StdioClientTransport} from '@modelcontextprotocol/sdk/client/stdio.js';
import {expect} from 'chai';

const run = promisify(execFile);
const CLI = process.env.ASYM_CLI ?? fileURLToPath(new URL('../../../cli/bin/run.js', import.meta.url));

describe('hubspot template through the CLI: spin from a checkout, SDK, asym mcp', function () {
  this.timeout(120_000);
  const home = mkdtempSync(join(tmpdir(), 'asym-hubspot-cli-'));
  const env = {...process.env, ASYM_HOME: home, ASYM_POSTGRES_URL: testPostgresUrl(), ASYM_PROVIDER: 'process', ASYM_REDIS_URL: testRedisUrl() ?? ''} as Record<string, string>;
  const asym = async (...args: string[]) => (await run(process.execPath, [CLI, ...args], {env})).stdout;
  let id: string | undefined;
  let mcp: Client | undefined;
  after(async () => {
    await mcp?.close();
    if (id) await asym('destroy', id, '--force').catch(() => undefined);
    rmSync(home, {force: true, recursive: true});
  });

  it('spins the acme fixture, serves the SDK at the printed endpoint, and bridges MCP over stdio', async () => {
    const clone = (JSON.parse(await asym('spin', 'hubspot', '--json')) as CloneInstance[])[0]!;
    id = clone.id;
    expect(clone.tokens!.apiKey).to.match(/^pat-na1-/);
    const hubspot = new HubSpot({accessToken: clone.tokens!.apiKey!, basePath: clone.endpoints.api});
    const deals = await hubspot.crm.deals.basicApi.getPage(100);
    expect(deals.results).to.have.length(15);
    const viaApi = new HubSpot({accessToken: 'pat-na1-00000000-0000-4000-8000-000000000001', basePath: `${clone.endpoints.api}/api`});
    expect((await viaApi.crm.owners.ownersApi.getPage()).results.length).to.be.at.least(3);

    mcp = new Client({name: 'asym-hubspot-e2e', version: '1.0.0'});
    await mcp.connect(new StdioClientTransport({args: [CLI, 'mcp', clone.id], command: process.execPath, env, stderr: 'pipe'}));
    expect((await mcp.listTools()).tools.map((t) => t.name)).to.include.members(['hubspot-list-objects', 'hubspot-search-objects', 'hubspot-batch-create-objects']);
    const res = (await mcp.callTool({arguments: {objectType: 'contacts', inputs: [{properties: {email: 'mcp@example.test'}}]}, name: 'hubspot-batch-create-objects'})) as {content: Array<{text: string}>; isError: boolean};
    expect(res.isError).to.equal(false);
    const created = JSON.parse(res.content[0]!.text).results[0].id;
    expect((await hubspot.crm.contacts.basicApi.getById(created, ['email'])).properties.email).to.equal('mcp@example.test');
  });
});
