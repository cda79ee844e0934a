import {Client} from '@modelcontextprotocol/sdk/client/index.js';
import {StreamableHTTPClientTransport} from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {expect} from 'chai';

import {startSlack, type SlackClone} from './helpers.js';

const TOOLS = [
  'slack_add_reaction', 'slack_get_channel_history', 'slack_get_thread_replies', 'slack_get_user_profile',
  'slack_get_users', 'slack_list_channels', 'slack_post_message', 'slack_reply_to_thread',
];

async function connect(url: string, token: string): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {requestInit: {headers: {Authorization: `Bearer ${token}`}}});
  const client = new Client({name: 'asym-test', version: '1.0.0'});
  await client.connect(transport);
  return client;
}

const payload = (res: any) => JSON.parse(res.content[0].text);

describe('slack clone: MCP over Streamable HTTP', function () {
  this.timeout(30_000);
  let s: SlackClone;
  before(async () => {
    s = await startSlack({rateLimits: false});
  });
  after(async () => s?.dispose());

  it('lists the eight reference Slack tools and posts, replies, reacts and reads through them', async () => {
    const client = await connect(s.url, s.tokens.botToken!);
    try {
      const {tools} = await client.listTools();
      expect(tools.map((t) => t.name)).to.include.members(TOOLS);
      const extensions = tools.filter((t) => !TOOLS.includes(t.name));
      expect(extensions.length).to.be.greaterThan(0);
      expect(extensions.every((t) => t.description!.includes('asymmetric extension'))).to.equal(true);
      expect(TOOLS.every((name) => !tools.find((t) => t.name === name)!.description!.includes('extension'))).to.equal(true);
      expect(tools.find((t) => t.name === 'slack_post_message')!.inputSchema.required).to.deep.equal(['channel_id', 'text']);

      const channels = payload(await client.callTool({name: 'slack_list_channels', arguments: {limit: 50}}));
      expect(channels.channels.map((c: {name: string}) => c.name)).to.include('general').and.not.include('project-falcon');
      const posted = payload(await client.callTool({name: 'slack_post_message', arguments: {channel_id: 'C0ACGENRL1', text: 'Hello from MCP'}}));
      expect(posted).to.include({ok: true, channel: 'C0ACGENRL1'});
      const reply = payload(await client.callTool({name: 'slack_reply_to_thread', arguments: {channel_id: 'C0ACGENRL1', thread_ts: posted.ts, text: 'threaded'}}));
      expect(reply.message.thread_ts).to.equal(posted.ts);
      await client.callTool({name: 'slack_add_reaction', arguments: {channel_id: 'C0ACGENRL1', timestamp: posted.ts, reaction: 'rocket'}});

      const seen = await s.user.conversations.history({channel: 'C0ACGENRL1', limit: 1});
      expect(seen.messages![0]).to.include({text: 'Hello from MCP', reply_count: 1});
      expect(seen.messages![0]!.reactions![0]).to.include({name: 'rocket'});
      const notIn = payload(await client.callTool({name: 'slack_get_thread_replies', arguments: {channel_id: 'C0ACGENRL1', thread_ts: posted.ts}}));
      expect(notIn).to.deep.equal({ok: false, error: 'not_in_channel'});
      await s.bot.conversations.join({channel: 'C0ACGENRL1'});
      const history = payload(await client.callTool({name: 'slack_get_channel_history', arguments: {channel_id: 'C0ACGENRL1', limit: 3}}));
      expect(history.messages[0].text).to.contain('has joined the channel');
      const thread = payload(await client.callTool({name: 'slack_get_thread_replies', arguments: {channel_id: 'C0ACGENRL1', thread_ts: posted.ts}}));
      expect(thread.messages.map((m: {text: string}) => m.text)).to.deep.equal(['Hello from MCP', 'threaded']);
      const users = payload(await client.callTool({name: 'slack_get_users', arguments: {}}));
      expect(users.members.map((u: {name: string}) => u.name)).to.include('dana');
      const profile = payload(await client.callTool({name: 'slack_get_user_profile', arguments: {user_id: 'U0ACDANA01'}}));
      expect(profile.profile).to.include({real_name: 'Dana Whitfield'});
      const dm = payload(await client.callTool({name: 'slack_open_dm', arguments: {user_id: 'U0ACKENJ06'}}));
      expect(dm.channel.id).to.match(/^D/);
      const edited = payload(await client.callTool({name: 'slack_update_message', arguments: {channel_id: 'C0ACGENRL1', ts: posted.ts, text: 'Hello again'}}));
      expect(edited).to.include({ok: true, text: 'Hello again'});
      const denied = await client.callTool({name: 'slack_get_channel_history', arguments: {channel_id: 'C0ACLEADR7'}});
      expect(denied.isError).to.equal(true);
      expect(payload(denied)).to.deep.equal({ok: false, error: 'channel_not_found'});
    } finally {
      await client.close();
    }
  });

  it('enforces the token and its scopes', async () => {
    const bad = await fetch(`${s.url}/mcp`, {body: JSON.stringify({jsonrpc: '2.0', id: 1, method: 'tools/list'}), headers: {'content-type': 'application/json', accept: 'application/json, text/event-stream'}, method: 'POST'});
    expect(bad.status).to.equal(401);
    const res = await s.control('/slack/tokens', {kind: 'bot', scopes: ['channels:read']});
    const {token} = (await res.json()) as {token: string};
    const client = await connect(s.url, token);
    try {
      const denied = await client.callTool({name: 'slack_post_message', arguments: {channel_id: 'C0ACGENRL1', text: 'no scope'}});
      expect(denied.isError).to.equal(true);
      expect(payload(denied)).to.include({error: 'missing_scope', needed: 'chat:write'});
    } finally {
      await client.close();
    }
  });
});
