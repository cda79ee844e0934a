import {fail} from '../errors.js';
import {loadConv, type ConvRow} from '../render.js';
import {scopeFamily} from '../scopes.js';
import type {Call} from '../types.js';

/** Opaque cursors shaped like Slack's: base64 of `<kind>:<value>`. */
export const slackCursor = (kind: string, value: string) => Buffer.from(`${kind}:${value}`).toString('base64');

export function readCursor(call: Call, kind: string): string | undefined {
  const raw = call.args.str('cursor');
  if (!raw) return undefined;
  const decoded = Buffer.from(raw, 'base64').toString('utf8');
  if (!decoded.startsWith(`${kind}:`)) return fail('invalid_cursor');
  return decoded.slice(kind.length + 1);
}

/** Clamp `limit` to [1, max]; 0 or missing gives the default. */
export function limitArg(call: Call, fallback: number, max: number): number {
  const n = call.args.int('limit', fallback);
  if (n <= 0) return fallback;
  return Math.min(n, max);
}

export interface ConvAccess {
  /** Scope suffix to check for this conversation's family: read, history, write … */
  scope?: 'read' | 'history' | 'write' | 'manage';
  /** The caller must be a member (else not_in_channel for public channels). */
  member?: boolean;
  /** Refuse archived conversations with is_archived. */
  notArchived?: boolean;
}

/**
 * Find a conversation the caller may see: public channels for everyone, private ones, IMs and MPIMs
 * for their members only (others get channel_not_found, as Slack answers).
 */
export async function getConv(call: Call, id: string | undefined, access: ConvAccess = {}): Promise<ConvRow> {
  if (!id) return fail('channel_not_found');
  const conv = await loadConv(call.ctx.db, id, call.caller.userId);
  if (!conv || conv.team_id !== call.caller.teamId) return fail('channel_not_found');
  if (conv.kind !== 'channel' && !conv.is_member) return fail('channel_not_found');
  if (access.scope) {
    const fam = scopeFamily(conv.kind);
    if (access.scope === 'manage') call.need(...(conv.kind === 'channel' ? (call.caller.kind === 'bot' ? ['channels:manage', 'channels:write'] : ['channels:write', 'channels:manage']) : [`${fam}:write`]));
    else call.need(`${fam}:${access.scope}`);
  }
  if (access.member && !conv.is_member) return fail('not_in_channel');
  if (access.notArchived && conv.is_archived) return fail('is_archived');
  return conv;
}

export const nowSec = () => Math.floor(Date.now() / 1000);
