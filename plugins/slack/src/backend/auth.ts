import {BoundedCache, credentialFromHeader, hashToken, onDatabaseSwapped} from '@asym/template-kit';
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

/**
 * token hash → caller, per clone database: checking the token was most of a cheap call's time.
 * Bounded; dropped at once when tokens change (provision, auth.revoke), when the database is swapped
 * under the pool (a reset) and on `/_asym/reset`; entries also expire, for rows edited by hand in SQL.
 */
const callers = new WeakMap<pg.Pool, BoundedCache<string, Caller | 'inactive'>>();
const CALLER_CACHE_MAX = 500;
const CALLER_TTL_MS = 30_000;

function callerCache(db: pg.Pool): BoundedCache<string, Caller | 'inactive'> {
  let cache = callers.get(db);
  if (!cache) {
    const made = new BoundedCache<string, Caller | 'inactive'>(CALLER_CACHE_MAX, CALLER_TTL_MS);
    onDatabaseSwapped(db, () => made.clear());
    callers.set(db, made);
    cache = made;
  }
  return cache;
}

/** Forget cached callers: all of them, or the one of a token hash (revoked). */
export function forgetCallers(db: pg.Pool, hash?: string): void {
  if (hash === undefined) callers.get(db)?.clear();
  else callers.get(db)?.delete(hash);
}

export async function resolveCaller(db: pg.Pool, token: string | undefined): Promise<Caller> {
  if (!token) throw new SlackError('not_authed');
  if (!/^xox[bpa]-|^xapp-/.test(token)) throw new SlackError('invalid_auth');
  const hash = hashToken(token);
  const cache = callerCache(db);
  const hit = cache.get(hash);
  if (hit === 'inactive') throw new SlackError('account_inactive');
  if (hit) return {...hit};
  const {rows} = await db.query(
    `SELECT t.kind, t.team_id, t.user_id, t.app_id, t.scopes, a.bot_id, a.bot_user_id, u.deleted
       FROM tokens t LEFT JOIN apps a ON a.id = t.app_id LEFT JOIN users u ON u.id = t.user_id
      WHERE t.hash = $1`,
    [hash],
  );
  const row = rows[0];
  if (!row) throw new SlackError('invalid_auth');
  if (row.deleted) {
    cache.set(hash, 'inactive');
    throw new SlackError('account_inactive');
  }
  const kind = row.kind as TokenKind;
  const caller: Caller = {
    appId: row.app_id ?? undefined,
    botId: kind === 'bot' ? (row.bot_id ?? undefined) : undefined,
    kind,
    scopes: row.scopes,
    teamId: row.team_id,
    tokenHash: hash,
    userId: kind === 'bot' ? (row.bot_user_id ?? row.user_id) : row.user_id,
  };
  cache.set(hash, caller);
  return {...caller};
}

export function missingScope(caller: Caller, needed: string): SlackError {
  return new SlackError('missing_scope', {needed, provided: caller.scopes.join(',')});
}
