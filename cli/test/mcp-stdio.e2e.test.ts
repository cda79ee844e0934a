import {Client} from '@modelcontextprotocol/sdk/client/index.js';
import {StdioClientTransport} from '@modelcontextprotocol/sdk/client/stdio.js';
import {WebClient} from '@slack/web-api';
import {expect} from 'chai';

import type {CloneInstance} from '@asym/contract';

import {CLI} from './helpers/cli.js';
import {cliWorld} from './helpers/world.js';

describe('asymmetric mcp <id>: an MCP client that launches a command', function () {
  this.timeout(120_000);
  let world: Awaited<ReturnType<typeof cliWorld>>;
  let client: Client | undefined;
  after(async () => {
    await client?.close();
    await world?.cleanup();
  });

  it('lists the reference Slack tools and posts a message through the stdio bridge', async () => {
    world = await cliWorld();
    const clone = (await world.run(['spin', 'slack', '--seed', 'acme-corp', '--json'])).json<CloneInstance[]>()[0]!;
    const transport = new StdioClientTransport({args: [CLI, 'mcp', clone.id], command: process.execPath, env: {...process.env, ...world.env} as Record<string, string>, stderr: 'pipe'});
    client = new Client({name: 'asym-e2e', version: '1.0.0'});
    await client.connect(transport);

    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).to.include.members(['slack_list_channels', 'slack_post_message', 'slack_reply_to_thread', 'slack_add_reaction', 'slack_get_channel_history', 'slack_get_thread_replies', 'slack_get_users', 'slack_get_user_profile']);

    const user = new WebClient(clone.tokens!.userToken!, {slackApiUrl: clone.endpoints.api + '/'});
    const general = ((await user.conversations.list({types: 'public_channel'})).channels ?? []).find((c) => c.name === 'general')!;
    const res = (await client.callTool({arguments: {channel_id: general.id, text: 'posted through asymmetric mcp'}, name: 'slack_post_message'})) as {content: Array<{text: string}>};
    expect(JSON.parse(res.content[0]!.text)).to.include({ok: true});
    const history = await user.conversations.history({channel: general.id!, limit: 1});
    expect(history.messages![0]!.text).to.equal('posted through asymmetric mcp');
  });
});
