import {credentialFromHeader, hashToken} from '@asym/template-kit';
import type pg from 'pg';

import {SlackError} from './errors.js';
import type {Caller, TokenKind} from './types.js';

/** The token of a request: `Authorization: Bearer xox…` wins, else the `token` argument. */
export function tokenOf(header: string | undefined, args: Record<string, unknown>): string | undefined {
  const fromHeader = credentialFromHeader(header);
  if (fromHeader) return fromHeader;
  const t = args.token;
  return typeof t === 'string' && t ? t : undefined;
}

export async function resolveCaller(db: pg.Pool, token: string | undefined): Promise<Caller> {
  if (!token) throw new SlackError('not_authed');
  if (!/^xox[bpa]-|^xapp-/.test(token)) throw new SlackError('invalid_auth');
  const hash = hashToken(token);
  const {rows} = await db.query(
    `SELECT t.kind, t.team_id, t.user_id, t.app_id, t.scopes, a.bot_id, a.bot_user_id, u.deleted
       FROM tokens t LEFT JOIN apps a ON a.id = t.app_id LEFT JOIN users u ON u.id = t.user_id
      WHERE t.hash = $1`,
    [hash],
  );
  const row = rows[0];
  if (!row) throw new SlackError('invalid_auth');
  if (row.deleted) throw new SlackError('account_inactive');
  const kind = row.kind as TokenKind;
  return {
    appId: row.app_id ?? undefined,
    botId: kind === 'bot' ? (row.bot_id ?? undefined) : undefined,
    kind,
    scopes: row.scopes,
    teamId: row.team_id,
    tokenHash: hash,
    userId: kind === 'bot' ? (row.bot_user_id ?? row.user_id) : row.user_id,
  };
}

export function missingScope(caller: Caller, needed: string): SlackError {
  return new SlackError('missing_scope', {needed, provided: caller.scopes.join(',')});
}
