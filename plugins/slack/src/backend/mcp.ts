import {randomUUID} from 'node:crypto';

import {type BackendContext, credentialFromHeader, type Hono} from '@asym/template-kit';

import {invokeMethod} from './api.js';
import {resolveCaller} from './auth.js';
import {SlackError} from './errors.js';
import type {Events} from './events.js';
import type {Caller, MethodDef} from './types.js';

const PROTOCOLS = ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05'];

interface Tool {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
  run(args: Record<string, any>): [method: string, args: Record<string, unknown>];
}

const str = (description: string) => ({type: 'string', description});
const num = (description: string) => ({type: 'number', description});

/** The eight tools of the reference Slack MCP server, each backed by the Web API method it wraps. */
export const TOOLS: Tool[] = [
  {
    name: 'slack_list_channels',
    description: 'List public channels in the workspace with pagination',
    inputSchema: {type: 'object', properties: {limit: {...num('Maximum number of channels to return (default 100, max 200)'), default: 100}, cursor: str('Pagination cursor for next page of results')}},
    run: (a) => ['conversations.list', {types: 'public_channel', exclude_archived: true, limit: Math.min(Number(a.limit ?? 100), 200), ...(a.cursor ? {cursor: a.cursor} : {})}],
  },
  {
    name: 'slack_post_message',
    description: 'Post a new message to a Slack channel',
    inputSchema: {type: 'object', properties: {channel_id: str('The ID of the channel to post to'), text: str('The message text to post')}, required: ['channel_id', 'text']},
    run: (a) => ['chat.postMessage', {channel: a.channel_id, text: a.text}],
  },
  {
    name: 'slack_reply_to_thread',
    description: 'Reply to a specific message thread in Slack',
    inputSchema: {
      type: 'object',
      properties: {channel_id: str('The ID of the channel containing the thread'), thread_ts: str("The timestamp of the parent message in the format '1234567890.123456'"), text: str('The reply text')},
      required: ['channel_id', 'thread_ts', 'text'],
    },
    run: (a) => ['chat.postMessage', {channel: a.channel_id, thread_ts: a.thread_ts, text: a.text}],
  },
  {
    name: 'slack_add_reaction',
    description: 'Add a reaction emoji to a message',
    inputSchema: {
      type: 'object',
      properties: {channel_id: str('The ID of the channel containing the message'), timestamp: str('The timestamp of the message to react to'), reaction: str('The name of the emoji reaction (without ::)')},
      required: ['channel_id', 'timestamp', 'reaction'],
    },
    run: (a) => ['reactions.add', {channel: a.channel_id, timestamp: a.timestamp, name: a.reaction}],
  },
  {
    name: 'slack_get_channel_history',
    description: 'Get recent messages from a channel',
    inputSchema: {type: 'object', properties: {channel_id: str('The ID of the channel'), limit: {...num('Number of messages to retrieve (default 10)'), default: 10}}, required: ['channel_id']},
    run: (a) => ['conversations.history', {channel: a.channel_id, limit: Number(a.limit ?? 10)}],
  },
  {
    name: 'slack_get_thread_replies',
    description: 'Get all replies in a message thread',
    inputSchema: {
      type: 'object',
      properties: {channel_id: str('The ID of the channel containing the thread'), thread_ts: str("The timestamp of the parent message in the format '1234567890.123456'")},
      required: ['channel_id', 'thread_ts'],
    },
    run: (a) => ['conversations.replies', {channel: a.channel_id, ts: a.thread_ts}],
  },
  {
    name: 'slack_get_users',
    description: 'Get a list of all users in the workspace with their basic profile information',
    inputSchema: {type: 'object', properties: {cursor: str('Pagination cursor for next page of results'), limit: {...num('Maximum number of users to return (default 100, max 200)'), default: 100}}},
    run: (a) => ['users.list', {limit: Math.min(Number(a.limit ?? 100), 200), ...(a.cursor ? {cursor: a.cursor} : {})}],
  },
  {
    name: 'slack_get_user_profile',
    description: 'Get detailed profile information for a specific user',
    inputSchema: {type: 'object', properties: {user_id: str('The ID of the user')}, required: ['user_id']},
    run: (a) => ['users.profile.get', {user: a.user_id, include_labels: true}],
  },
];

type RpcMessage = {jsonrpc: '2.0'; id?: string | number | null; method?: string; params?: any};

const rpcError = (id: RpcMessage['id'], code: number, message: string) => ({jsonrpc: '2.0', id: id ?? null, error: {code, message}});

/**
 * MCP over Streamable HTTP at `/mcp`: JSON-RPC requests answered with JSON, authorised by a Slack
 * token (`Authorization: Bearer xoxb-…`) whose scopes the wrapped Web API methods enforce.
 */
export function mountMcp(app: Hono, ctx: BackendContext, methods: Record<string, MethodDef>, events: Events): void {
  const sessions = new Set<string>();

  const handle = async (msg: RpcMessage, caller: Caller, origin: string, session: {id?: string}) => {
    switch (msg.method) {
      case 'initialize': {
        const asked = String(msg.params?.protocolVersion ?? '');
        session.id = randomUUID();
        sessions.add(session.id);
        return {
          jsonrpc: '2.0', id: msg.id,
          result: {
            protocolVersion: PROTOCOLS.includes(asked) ? asked : PROTOCOLS[0],
            capabilities: {tools: {listChanged: false}},
            serverInfo: {name: 'asymmetric-slack', version: '0.1.0'},
            instructions: 'Slack workspace tools backed by the asymmetric Slack clone. Channel ids look like C…, user ids like U…, message timestamps like 1700000000.000100.',
          },
        };
      }
      case 'ping':
        return {jsonrpc: '2.0', id: msg.id, result: {}};
      case 'tools/list':
        return {jsonrpc: '2.0', id: msg.id, result: {tools: TOOLS.map(({run: _r, ...t}) => t)}};
      case 'tools/call': {
        const tool = TOOLS.find((t) => t.name === msg.params?.name);
        if (!tool) return rpcError(msg.id, -32602, `Unknown tool: ${msg.params?.name}`);
        const args = (msg.params?.arguments ?? {}) as Record<string, unknown>;
        const missing = ((tool.inputSchema.required as string[] | undefined) ?? []).filter((k) => args[k] === undefined || args[k] === '');
        if (missing.length) return {jsonrpc: '2.0', id: msg.id, result: {content: [{type: 'text', text: `Missing required arguments: ${missing.join(', ')}`}], isError: true}};
        const [method, methodArgs] = tool.run(args);
        const res = await invokeMethod(ctx, methods, events, caller, method, methodArgs, origin);
        return {jsonrpc: '2.0', id: msg.id, result: {content: [{type: 'text', text: JSON.stringify(res)}], isError: res.ok !== true}};
      }
      default:
        return rpcError(msg.id, -32601, `Method not found: ${msg.method}`);
    }
  };

  app.post('/mcp', async (c) => {
    let caller: Caller;
    try {
      caller = await resolveCaller(ctx.db, credentialFromHeader(c.req.header('authorization')));
    } catch (error) {
      const code = error instanceof SlackError ? error.code : 'invalid_auth';
      c.header('www-authenticate', `Bearer error="invalid_token", error_description="${code}"`);
      return c.json(rpcError(null, -32001, `Unauthorized: ${code}`), 401);
    }
    const sid = c.req.header('mcp-session-id');
    if (sid && !sessions.has(sid)) return c.json(rpcError(null, -32001, 'Session not found'), 404);
    let body: RpcMessage | RpcMessage[];
    try {
      body = await c.req.json();
    } catch {
      return c.json(rpcError(null, -32700, 'Parse error'), 400);
    }
    const batch = Array.isArray(body) ? body : [body];
    const origin = new URL(c.req.url).origin;
    const session: {id?: string} = {};
    const out = [];
    for (const msg of batch) {
      if (msg.id === undefined || msg.id === null) continue; // notifications (initialized, cancelled …)
      out.push(await handle(msg, caller, origin, session));
    }
    if (session.id) c.header('mcp-session-id', session.id);
    if (!out.length) return c.body(null, 202);
    return c.json(Array.isArray(body) ? out : out[0]);
  });

  app.get('/mcp', (c) => c.body(null, 405, {allow: 'POST, DELETE'}));
  app.delete('/mcp', (c) => {
    const sid = c.req.header('mcp-session-id');
    if (sid) sessions.delete(sid);
    return c.body(null, 200);
  });
}
