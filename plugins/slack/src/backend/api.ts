import {randomBytes} from 'node:crypto';

import {type BackendContext, type Hono, readParams} from '@asym/template-kit';

import {Args} from './args.js';
import {missingScope, resolveCaller, tokenOf} from './auth.js';
import {SlackError} from './errors.js';
import type {Events} from './events.js';
import {retiredAnswer} from './retired.js';
import type {Call, Caller, MethodDef} from './types.js';

export interface ApiHooks {
  /** Called once the caller is known; throws SlackError('ratelimited') to refuse the call. */
  beforeCall?(method: string, def: MethodDef, caller: Caller | undefined, args: Args): Promise<void>;
}

/** Mounts `/api/<method>`: Slack's RPC surface with its envelope (`ok`, errors at HTTP 200). */
export function mountApi(app: Hono, ctx: BackendContext, methods: Record<string, MethodDef>, events: Events, hooks: ApiHooks = {}): void {
  app.all('/api/:method', async (c) => {
    const method = c.req.param('method');
    let caller: Caller | undefined;
    try {
      const raw = await readParams(c);
      if (raw.__invalidJson) throw new SlackError('invalid_json');
      const def = methods[method];
      // Slack answers both at HTTP 200 (the SDKs retry any other status for a long time).
      if (!def) return c.json(withCharsetWarning(retiredAnswer(method) ?? {ok: false, error: 'unknown_method', req_method: method}, c.req.header('content-type'), c.req.method));
      const args = new Args(raw);
      if (!def.noAuth) {
        caller = await resolveCaller(ctx.db, tokenOf(c.req.header('authorization'), raw));
        c.header('x-oauth-scopes', caller.scopes.join(','));
        if (def.scopes) c.header('x-accepted-oauth-scopes', def.scopes.join(','));
        const allowed = def.tokens ?? ['bot', 'user'];
        if (!allowed.includes(caller.kind)) throw new SlackError('not_allowed_token_type');
        if (def.scopes && !def.scopes.some((s) => caller!.scopes.includes(s))) throw missingScope(caller, def.scopes[0]!);
      }
      await hooks.beforeCall?.(method, def, caller, args);
      const who = caller;
      const call: Call = {
        args,
        caller: who!,
        ctx,
        events,
        method,
        need(...scopes) {
          if (!who) return;
          if (!scopes.some((s) => who.scopes.includes(s))) throw missingScope(who, scopes[0]!);
        },
        origin: new URL(c.req.url).origin,
      };
      const result = await def.handler(call);
      c.header('x-slack-req-id', randomBytes(16).toString('hex'));
      return c.json(withCharsetWarning({ok: true, ...result}, c.req.header('content-type'), c.req.method));
    } catch (error) {
      if (error instanceof SlackError) {
        if (error.status === 429) c.header('retry-after', String(error.extra.retryAfter ?? 1));
        const {retryAfter: _r, ...extra} = error.extra;
        return c.json(withCharsetWarning({ok: false, error: error.code, ...extra}, c.req.header('content-type'), c.req.method), error.status as 200);
      }
      ctx.log('error', 'method failed', {error: (error as Error).message, method, stack: (error as Error).stack});
      return c.json({ok: false, error: 'internal_error'}, 200);
    }
  });
}

/**
 * Slack's charset warnings: a JSON body should say `charset=utf-8` (else `missing_charset`), a
 * form body should not (else `superfluous_charset`). They go in `warning` and
 * `response_metadata.warnings`, next to any warning the method itself gave.
 */
export function withCharsetWarning(body: Record<string, unknown>, contentType: string | undefined, method: string): Record<string, unknown> {
  if (method === 'GET' || !contentType) return body;
  const type = contentType.toLowerCase();
  const hasCharset = /charset=/.test(type);
  let warning: string | undefined;
  if (type.includes('application/json') && !hasCharset) warning = 'missing_charset';
  if (type.includes('application/x-www-form-urlencoded') && hasCharset) warning = 'superfluous_charset';
  if (!warning) return body;
  const meta = (body.response_metadata ?? {}) as {warnings?: string[]};
  const warnings = [...(meta.warnings ?? []), warning];
  return {...body, warning: warnings.join(','), response_metadata: {...meta, warnings}};
}
