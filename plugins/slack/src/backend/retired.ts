/**
 * Web API methods Slack has retired, and what it answers for them today: `method_deprecated` with
 * a message naming the replacement (the conversations API replaced channels/groups/im/mpim in 2021;
 * the external upload flow replaced files.upload).
 */
const CONVERSATIONS_CHANGELOG = 'https://api.slack.com/changelog/2020-01-deprecating-antecedents-to-the-conversations-api';
const UPLOAD_CHANGELOG = 'https://api.slack.com/changelog/2024-04-a-better-way-to-upload-files-is-here-to-stay';

const FAMILIES = ['channels', 'groups', 'im', 'mpim'] as const;
const ACTIONS = ['archive', 'close', 'create', 'history', 'info', 'invite', 'join', 'kick', 'leave', 'list', 'mark', 'open', 'rename', 'replies', 'setPurpose', 'setTopic', 'unarchive', 'createChild'];

/** The replacement of a retired method, or undefined when the method is not retired. */
export function retiredReplacement(method: string): {use: string; changelog: string} | undefined {
  if (method === 'files.upload') return {changelog: UPLOAD_CHANGELOG, use: 'files.getUploadURLExternal and files.completeUploadExternal'};
  const [family, action, extra] = method.split('.');
  if (extra !== undefined || !FAMILIES.includes(family as (typeof FAMILIES)[number]) || !ACTIONS.includes(action ?? '')) return undefined;
  if (action === 'list') return {changelog: CONVERSATIONS_CHANGELOG, use: 'conversations.list or users.conversations'};
  if (action === 'createChild') return {changelog: CONVERSATIONS_CHANGELOG, use: 'conversations.create'};
  return {changelog: CONVERSATIONS_CHANGELOG, use: `conversations.${action}`};
}

/** Slack's answer for a retired method (HTTP 200, like every Web API error). */
export function retiredAnswer(method: string): Record<string, unknown> | undefined {
  const r = retiredReplacement(method);
  if (!r) return undefined;
  return {
    ok: false,
    error: 'method_deprecated',
    response_metadata: {messages: [`[ERROR] This method is retired and can no longer be used. Please use ${r.use} instead. Learn more: ${r.changelog}.`]},
  };
}
