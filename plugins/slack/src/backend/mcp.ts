import {type BackendContext, credentialFromHeader, type Hono, type McpTool, mountMcp} from '@asym/template-kit';

import {resolveCaller} from './auth.js';
import {SlackError} from './errors.js';

interface Tool extends Omit<McpTool, 'route' | 'run'> {
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

const EXT = ' (asymmetric extension, not one of the eight reference tools)';

/** Labeled extensions beyond the reference server: what agents commonly need next. */
export const EXTENSION_TOOLS: Tool[] = [
  {
    name: 'slack_join_channel',
    description: `Join a public channel so the bot can read its history${EXT}`,
    inputSchema: {type: 'object', properties: {channel_id: str('The ID of the channel to join')}, required: ['channel_id']},
    annotations: {idempotentHint: true, title: 'Join channel'},
    run: (a) => ['conversations.join', {channel: a.channel_id}],
  },
  {
    name: 'slack_create_channel',
    description: `Create a channel${EXT}`,
    inputSchema: {type: 'object', properties: {name: str('Channel name: lowercase letters, digits, hyphens, underscores'), is_private: {type: 'boolean', description: 'Create a private channel'}}, required: ['name']},
    annotations: {title: 'Create channel'},
    run: (a) => ['conversations.create', {name: a.name, is_private: Boolean(a.is_private)}],
  },
  {
    name: 'slack_invite_to_channel',
    description: `Invite users to a channel${EXT}`,
    inputSchema: {type: 'object', properties: {channel_id: str('The ID of the channel'), user_ids: str('Comma-separated user IDs')}, required: ['channel_id', 'user_ids']},
    annotations: {title: 'Invite to channel'},
    run: (a) => ['conversations.invite', {channel: a.channel_id, users: a.user_ids}],
  },
  {
    name: 'slack_open_dm',
    description: `Open (or find) a direct message with a user; returns the DM channel ID to post to${EXT}`,
    inputSchema: {type: 'object', properties: {user_id: str('The ID of the user')}, required: ['user_id']},
    annotations: {idempotentHint: true, title: 'Open DM'},
    run: (a) => ['conversations.open', {users: a.user_id}],
  },
  {
    name: 'slack_update_message',
    description: `Edit a message the bot posted${EXT}`,
    inputSchema: {type: 'object', properties: {channel_id: str('The ID of the channel'), ts: str('The timestamp of the message'), text: str('The new text')}, required: ['channel_id', 'ts', 'text']},
    annotations: {title: 'Update message'},
    run: (a) => ['chat.update', {channel: a.channel_id, ts: a.ts, text: a.text}],
  },
  {
    name: 'slack_delete_message',
    description: `Delete a message the bot posted${EXT}`,
    inputSchema: {type: 'object', properties: {channel_id: str('The ID of the channel'), ts: str('The timestamp of the message')}, required: ['channel_id', 'ts']},
    annotations: {destructiveHint: true, title: 'Delete message'},
    run: (a) => ['chat.delete', {channel: a.channel_id, ts: a.ts}],
  },
  {
    name: 'slack_find_user_by_email',
    description: `Find a user by email address${EXT}`,
    inputSchema: {type: 'object', properties: {email: str('The email address')}, required: ['email']},
    annotations: {readOnlyHint: true, title: 'Find user by email'},
    run: (a) => ['users.lookupByEmail', {email: a.email}],
  },
  {
    name: 'slack_get_permalink',
    description: `Get a link to a message${EXT}`,
    inputSchema: {type: 'object', properties: {channel_id: str('The ID of the channel'), ts: str('The timestamp of the message')}, required: ['channel_id', 'ts']},
    annotations: {readOnlyHint: true, title: 'Get permalink'},
    run: (a) => ['chat.getPermalink', {channel: a.channel_id, message_ts: a.ts}],
  },
];

const ALL_TOOLS = [...TOOLS, ...EXTENSION_TOOLS];

/** Each tool runs its Web API method through the clone's own `/api/<method>` route (scopes, rate limits, events). */
export const MCP_TOOLS: McpTool[] = ALL_TOOLS.map(({run, ...t}) => ({
  ...t,
  route(a) {
    const [method, args] = run(a);
    return {json: args, method: 'POST', path: `/api/${method}`};
  },
}));

/**
 * MCP over Streamable HTTP at `/mcp`, authorised by a Slack token (`Authorization: Bearer xoxb-…`)
 * whose scopes the wrapped Web API methods enforce.
 */
export function mountSlackMcp(app: Hono, ctx: BackendContext): void {
  mountMcp(app, '/mcp', {
    async authenticate(authorization) {
      try {
        await resolveCaller(ctx.db, credentialFromHeader(authorization));
        return true;
      } catch (error) {
        if (error instanceof SlackError) return false;
        throw error;
      }
    },
    instructions: 'Slack workspace tools backed by the asymmetric Slack clone. Channel ids look like C…, user ids like U…, message timestamps like 1700000000.000100.',
    isError: (res) => (res.body as {ok?: boolean} | null)?.ok !== true,
    name: 'asymmetric-slack',
    tools: MCP_TOOLS,
    version: '0.1.0',
  });
}
