import {fail, invalidArguments} from '../errors.js';
import {nextTs} from '../ids.js';
import {loadMessage, renderMessages} from '../messages.js';
import {assertCanPost, channelType, insertMessage, resolveThread} from '../post.js';
import type {Call, MethodDef} from '../types.js';
import {getConv} from './common.js';

/** Upsert one field of an assistant thread's state. */
async function setThread(call: Call, field: 'status' | 'title' | 'suggested_prompts', value: unknown) {
  const conv = await getConv(call, call.args.str('channel_id'));
  const threadTs = call.args.need('thread_ts', 'invalid_thread_ts');
  await call.ctx.db.query(
    `INSERT INTO assistant_threads (channel_id, thread_ts, app_id, ${field}) VALUES ($1, $2, $3, $4)
     ON CONFLICT (channel_id, thread_ts, app_id) DO UPDATE SET ${field} = excluded.${field}`,
    [conv.id, threadTs, call.caller.appId ?? '', value],
  );
  return {};
}

async function streamingMessage(call: Call) {
  const conv = await getConv(call, call.args.str('channel'));
  const ts = call.args.need('ts', 'message_not_found');
  const msg = await loadMessage(call.ctx.db, conv.id, ts);
  if (!msg) return fail('message_not_found');
  if (msg.bot_id !== call.caller.botId || !call.caller.botId) return fail('cant_update_message');
  if (!msg.streaming) return fail('message_not_in_streaming_state');
  return {conv, msg};
}

/** The text a streaming call adds: `markdown_text`, or the markdown_text chunks of `chunks`. */
function streamText(call: Call): string {
  const chunks = call.args.json('chunks');
  const fromChunks = Array.isArray(chunks)
    ? (chunks as Array<{type?: string; text?: string}>).filter((c) => c?.type === 'markdown_text').map((c) => String(c.text ?? '')).join('')
    : '';
  return (call.args.str('markdown_text') ?? '') + fromChunks;
}

/** AI assistant surfaces: thread status, title and suggested prompts, and streamed replies. */
export const assistantMethods: Record<string, MethodDef> = {
  'assistant.threads.setStatus': {
    scopes: ['assistant:write', 'chat:write'],
    tier: 'special',
    handler: (call) => setThread(call, 'status', call.args.str('status') ?? ''),
  },
  'assistant.threads.setTitle': {
    scopes: ['assistant:write'],
    tier: 2,
    handler: (call) => setThread(call, 'title', call.args.need('title', 'invalid_arguments')),
  },
  'assistant.threads.setSuggestedPrompts': {
    scopes: ['assistant:write'],
    tier: 2,
    async handler(call) {
      const prompts = call.args.json('prompts');
      if (!Array.isArray(prompts) || prompts.length === 0) return invalidArguments('missing required field: prompts');
      if (prompts.length > 4) return invalidArguments('no more than 4 items allowed [json-pointer:/prompts]');
      return setThread(call, 'suggested_prompts', JSON.stringify({prompts, title: call.args.str('title') ?? null}));
    },
  },

  'chat.startStream': {
    scopes: ['chat:write'],
    tier: 2,
    tokens: ['bot'],
    async handler(call) {
      const conv = await getConv(call, call.args.str('channel'));
      assertCanPost(call, conv);
      const threadTs = await resolveThread(call.ctx.db, conv.id, call.args.need('thread_ts', 'invalid_thread_ts'));
      const {row} = await insertMessage(call.ctx.db, call.events, call.caller, conv, {text: streamText(call), threadTs}, call.origin);
      await call.ctx.db.query('UPDATE messages SET streaming = true WHERE channel_id = $1 AND ts = $2', [conv.id, row.ts]);
      return {channel: conv.id, ts: row.ts};
    },
  },

  'chat.appendStream': {
    scopes: ['chat:write'],
    tier: 4,
    tokens: ['bot'],
    async handler(call) {
      const {conv, msg} = await streamingMessage(call);
      const text = streamText(call);
      if (!text) return invalidArguments('missing required field: markdown_text');
      await call.ctx.db.query('UPDATE messages SET text = text || $3 WHERE channel_id = $1 AND ts = $2', [conv.id, msg.ts, text]);
      return {channel: conv.id, ts: msg.ts};
    },
  },

  'chat.stopStream': {
    scopes: ['chat:write'],
    tier: 2,
    tokens: ['bot'],
    async handler(call) {
      const {conv, msg} = await streamingMessage(call);
      const [before] = await renderMessages(call.ctx.db, [msg]);
      const blocks = call.args.json('blocks');
      const {rows} = await call.ctx.db.query(
        `UPDATE messages SET text = text || $3, streaming = false, blocks = coalesce($4, blocks), metadata = coalesce($5, metadata)
          WHERE channel_id = $1 AND ts = $2 RETURNING *`,
        [conv.id, msg.ts, streamText(call), Array.isArray(blocks) ? JSON.stringify(blocks) : null, call.args.has('metadata') ? JSON.stringify(call.args.json('metadata')) : null],
      );
      const [message] = await renderMessages(call.ctx.db, rows, {origin: call.origin});
      const evTs = nextTs();
      call.events.emit(call.caller.teamId, conv.id, {
        type: 'message', subtype: 'message_changed', hidden: true, channel: conv.id, message, previous_message: before, ts: evTs, event_ts: evTs, channel_type: channelType(conv.kind),
      });
      return {channel: conv.id, ts: msg.ts, message};
    },
  },
};
