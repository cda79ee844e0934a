import {Args} from '@oclif/core';

import {BaseCommand} from '../base-command.js';
import {bridgeStdio} from '../mcp/bridge.js';
import {mcpTarget} from '../services/mcp.js';
import {serviceContext} from '../services/context.js';

export default class Mcp extends BaseCommand {
  static args = {id: Args.string({description: 'clone id', required: true})};
  static description = `Bridge a clone's MCP server (Streamable HTTP) to stdio, for MCP clients that launch a command.

The bridge authorises with the clone's minted token. With --json it prints the endpoint and the Authorization header to send, and exits (for clients that speak Streamable HTTP themselves).`;
  static examples = ['<%= config.bin %> mcp slack-a1b2', '{"mcpServers": {"slack": {"command": "asymmetric", "args": ["mcp", "slack-a1b2"]}}}', '<%= config.bin %> mcp slack-a1b2 --json'];

  async run(): Promise<{id: string; url: string; headers: Record<string, string>}> {
    const {args} = await this.parse(Mcp);
    const target = await mcpTarget(await serviceContext(this.config), args.id);
    if (!this.jsonEnabled()) await bridgeStdio(target);
    return {headers: target.token ? {authorization: `Bearer ${target.token}`} : {}, id: args.id, url: target.url};
  }
}
