import {Args, Flags} from '@oclif/core';

import {BaseCommand} from '../base-command.js';
import {bridgeStdio} from '../mcp/bridge.js';
import {listTools, type McpToolInfo} from '../mcp/list.js';
import {table} from '../output/format.js';
import {mcpTarget} from '../services/mcp.js';
import {serviceContext} from '../services/context.js';

export default class Mcp extends BaseCommand {
  static args = {id: Args.string({description: 'clone id', required: true})};
  static description = `Bridge a clone's MCP server (Streamable HTTP) to stdio, for MCP clients that launch a command, or list its tools (--list).

Every template that declares \`mcp\` in its manifest serves one (Slack: the reference Slack MCP tools; Stripe: the tools of Stripe's agent toolkit). The bridge authorises with the clone's minted token. With --json it prints the endpoint and the Authorization header to send, and exits (for clients that speak Streamable HTTP themselves).`;
  static flags = {list: Flags.boolean({description: 'list the tools (name, required arguments, description) and exit'})};
  static examples = ['<%= config.bin %> mcp slack-a1b2', '<%= config.bin %> mcp stripe-c3d4 --list', '{"mcpServers": {"slack": {"command": "asymmetric", "args": ["mcp", "slack-a1b2"]}}}', '<%= config.bin %> mcp slack-a1b2 --json'];

  async run(): Promise<{id: string; url: string; headers: Record<string, string>; tools?: McpToolInfo[]}> {
    const {args, flags} = await this.parse(Mcp);
    const target = await mcpTarget(await serviceContext(this.config), args.id);
    if (flags.list) {
      const {tools} = await listTools(target);
      this.out(table(tools.map((t) => [t.name, (t.inputSchema?.required ?? []).join(', ') || '-', (t.description ?? '').split('\n')[0]!.slice(0, 80)]), ['TOOL', 'REQUIRED', 'DESCRIPTION']));
      return {headers: target.token ? {authorization: `Bearer ${target.token}`} : {}, id: args.id, tools, url: target.url};
    }
    if (!this.jsonEnabled()) await bridgeStdio(target);
    return {headers: target.token ? {authorization: `Bearer ${target.token}`} : {}, id: args.id, url: target.url};
  }
}
