/**
 * Who is calling: a private app token (`pat-na1-…`) or an OAuth access token, looked up by its
 * sha256, with the scopes it was granted. A call needs one of the scopes its route names, else
 * HubSpot's 403 MISSING_SCOPES listing them.
 */
import {type BackendContext, credentialFromHeader, hashToken} from '@asym/template-kit';

import {HubSpotError} from './errors.js';

export interface Caller {
  appId: string;
  portalId: string;
  scopes: Set<string>;
  kind: string;
}

/** Every scope a private app minted at spin is granted. */
export const ALL_SCOPES = [
  ...['contacts', 'companies', 'deals', 'line_items', 'products', 'quotes', 'custom'].flatMap((o) => [`crm.objects.${o}.read`, `crm.objects.${o}.write`]),
  ...['contacts', 'companies', 'deals', 'custom', 'tickets', 'line_items', 'products'].flatMap((o) => [`crm.schemas.${o}.read`, `crm.schemas.${o}.write`]),
  'crm.objects.owners.read',
  'tickets',
  'oauth',
  'automation',
  'sales-email-read',
];

export class Auth {
  private readonly cache = new Map<string, Caller & {expires?: number}>();
  constructor(private readonly db: BackendContext['db']) {}

  clear(): void {
    this.cache.clear();
  }

  forget(hash: string): void {
    this.cache.delete(hash);
  }

  async caller(authorization: string | undefined): Promise<Caller> {
    const token = credentialFromHeader(authorization);
    if (!token) throw unauthenticated();
    const hash = hashToken(token);
    let c = this.cache.get(hash);
    if (!c) {
      const r = await this.db.query(
        `SELECT app_id, portal_id, scopes, kind, expires_at FROM tokens WHERE hash = $1 AND kind IN ('private_app', 'oauth_access')`,
        [hash],
      );
      const row = r.rows[0];
      if (!row) throw unauthenticated();
      c = {appId: String(row.app_id), portalId: String(row.portal_id), scopes: new Set(row.scopes as string[]), kind: row.kind, expires: row.expires_at ? new Date(row.expires_at).getTime() : undefined};
      this.cache.set(hash, c);
    }
    if (c.expires !== undefined && c.expires < Date.now()) {
      throw new HubSpotError(401, 'EXPIRED_AUTHENTICATION', 'The OAuth token used to make this call expired 0 second(s) ago.', {});
    }
    return c;
  }
}

export function unauthenticated(): HubSpotError {
  return new HubSpotError(
    401,
    'INVALID_AUTHENTICATION',
    'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
  );
}

/** Refuse the call unless the caller holds one of `scopes`. */
export function requireScope(caller: Caller, ...scopes: string[]): void {
  if (scopes.some((s) => caller.scopes.has(s))) return;
  throw new HubSpotError(403, 'MISSING_SCOPES', "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.", {
    errors: [{message: 'One or more of the following scopes are required.', context: {requiredGranularScopes: scopes}}],
    links: {scopes: 'https://developers.hubspot.com/scopes'},
  });
}

/** The scope guarding reads or writes of an object type's records. */
export function objectScope(scope: string, write: boolean): string[] {
  if (scope === 'tickets') return ['tickets'];
  return [`crm.objects.${scope}.${write ? 'write' : 'read'}`];
}

/** The scope guarding an object type's property and schema metadata. */
export function schemaScope(scope: string, write: boolean): string[] {
  const family = ['contacts', 'companies', 'deals', 'tickets', 'line_items', 'products', 'custom'].includes(scope) ? scope : 'contacts';
  return [`crm.schemas.${family}.${write ? 'write' : 'read'}`];
}
