/** Repository webhooks: create (with a ping), list, get, update, delete, ping, test, deliveries and redelivery. */
import type {Hono} from '@asym/template-kit';

import {GhError, invalid, missing, notFound} from '../errors.js';
import type {Gh, RepoRow} from '../gh.js';
import {body, type Ctx, type GhEnv, origin, pageOf, paged} from '../http.js';
import {hook as presentHook, type Row, ts} from '../present.js';
import type {HookRow} from '../webhooks.js';

const EVENTS = ['*', 'push', 'issues', 'issue_comment', 'pull_request', 'pull_request_review', 'pull_request_review_comment', 'create', 'delete', 'label', 'milestone', 'repository', 'member', 'ping', 'release', 'status', 'check_run', 'check_suite', 'workflow_run', 'star', 'watch', 'fork'];

export function register(app: Hono<GhEnv>, gh: Gh): void {
  const repoOf = (c: Ctx) => gh.repo(c, c.req.param('owner')!, c.req.param('repo')!, 'admin');
  const full = (r: RepoRow) => `${r.owner_login}/${r.name}`;
  const hookOf = async (r: RepoRow, id: number) => {
    const row = (await gh.db.query('SELECT * FROM hooks WHERE repo_id = $1 AND id = $2', [r.id, id])).rows[0];
    if (!row) throw notFound();
    return row;
  };
  const withLast = async (h: Row) => {
    const d = (await gh.db.query('SELECT status_code, status FROM hook_deliveries WHERE hook_id = $1 ORDER BY id DESC LIMIT 1', [h.id])).rows[0];
    return {...h, last_response: d ? {code: d.status_code || null, message: d.status, status: d.status === 'OK' ? 'active' : d.status === 'pending' ? 'unused' : 'failed'} : undefined};
  };
  const ping = async (c: Ctx, r: RepoRow, h: Row) => {
    const payload = {hook: presentHook(origin(c), full(r), h), hook_id: Number(h.id), zen: 'Keep it logically awesome.', ...(await gh.hooks.envelope(origin(c), r.id, c.get('viewer')?.id))};
    await gh.hooks.deliver(h as HookRow, 'ping', payload);
  };
  const validate = (b: Row, current?: Row) => {
    const config = {...(current?.config ?? {}), ...(b.config ?? {})};
    if (!config.url) throw new GhError(422, 'Validation Failed', {errors: [{code: 'custom', message: 'Config must contain URL for webhooks', resource: 'Hook'}]});
    try {
      const u = new URL(String(config.url));
      if (!/^https?:$/.test(u.protocol)) throw new Error('scheme');
    } catch {
      throw invalid('Hook', 'url', 'custom', 'URL is not a valid URL');
    }
    if (config.content_type && !['json', 'form'].includes(config.content_type)) throw invalid('Hook', 'content_type');
    let events: string[] = current?.events ?? ['push'];
    if (b.events) events = b.events;
    if (b.add_events) events = [...new Set([...events, ...b.add_events])];
    if (b.remove_events) events = events.filter((e) => !b.remove_events.includes(e));
    const bad = events.find((e) => !EVENTS.includes(e));
    if (bad) throw invalid('Hook', 'events', 'custom', `${bad} is not a valid event name`);
    return {config, events};
  };

  app.get('/repos/:owner/:repo/hooks', async (c) => {
    const r = await repoOf(c);
    const p = pageOf(c);
    const rows = (await gh.db.query('SELECT *, count(*) OVER () AS total FROM hooks WHERE repo_id = $1 ORDER BY id LIMIT $2 OFFSET $3', [r.id, p.perPage, p.offset])).rows;
    const out = [];
    for (const h of rows) out.push(presentHook(origin(c), full(r), await withLast(h)));
    return paged(c, p, Number(rows[0]?.total ?? 0), out);
  });
  app.post('/repos/:owner/:repo/hooks', async (c) => {
    const r = await repoOf(c);
    const b = await body(c);
    if (b.name && b.name !== 'web') throw invalid('Hook', 'name');
    if (!b.config) throw missing('Hook', 'config');
    const {config, events} = validate(b);
    const dup = await gh.db.query("SELECT 1 FROM hooks WHERE repo_id = $1 AND config->>'url' = $2", [r.id, config.url]);
    if (dup.rowCount) throw new GhError(422, 'Validation Failed', {errors: [{code: 'custom', message: 'Hook already exists on this repository', resource: 'Hook'}]});
    const h = (await gh.db.query('INSERT INTO hooks (repo_id, active, events, config) VALUES ($1, $2, $3, $4) RETURNING *', [r.id, b.active ?? true, events, config])).rows[0];
    if (h.active) await ping(c, r, h);
    return c.json(presentHook(origin(c), full(r), h), 201);
  });
  app.get('/repos/:owner/:repo/hooks/:id{[0-9]+}', async (c) => {
    const r = await repoOf(c);
    return c.json(presentHook(origin(c), full(r), await withLast(await hookOf(r, Number(c.req.param('id'))))));
  });
  app.patch('/repos/:owner/:repo/hooks/:id{[0-9]+}', async (c) => {
    const r = await repoOf(c);
    const h = await hookOf(r, Number(c.req.param('id')));
    const b = await body(c);
    const {config, events} = validate(b, h);
    const row = (await gh.db.query('UPDATE hooks SET active = $2, events = $3, config = $4, updated_at = now() WHERE id = $1 RETURNING *', [h.id, b.active ?? h.active, events, config])).rows[0];
    return c.json(presentHook(origin(c), full(r), await withLast(row)));
  });
  app.get('/repos/:owner/:repo/hooks/:id{[0-9]+}/config', async (c) => {
    const r = await repoOf(c);
    return c.json(presentHook(origin(c), full(r), await hookOf(r, Number(c.req.param('id')))).config);
  });
  app.delete('/repos/:owner/:repo/hooks/:id{[0-9]+}', async (c) => {
    const r = await repoOf(c);
    const h = await hookOf(r, Number(c.req.param('id')));
    await gh.db.query('DELETE FROM hooks WHERE id = $1', [h.id]);
    return c.body(null, 204);
  });
  app.post('/repos/:owner/:repo/hooks/:id{[0-9]+}/pings', async (c) => {
    const r = await repoOf(c);
    await ping(c, r, await hookOf(r, Number(c.req.param('id'))));
    return c.body(null, 204);
  });
  app.post('/repos/:owner/:repo/hooks/:id{[0-9]+}/tests', async (c) => {
    const r = await repoOf(c);
    const h = await hookOf(r, Number(c.req.param('id')));
    const g = gh.git(r);
    const sha = await g.resolve(`refs/heads/${r.default_branch}`);
    if (sha && (h.events.includes('push') || h.events.includes('*'))) {
      const parent = (await g.commit(sha))?.parents[0] ?? '0000000000000000000000000000000000000000';
      await gh.hooks.emit(origin(c), r.id, 'push', {after: sha, before: parent, commits: [], created: false, deleted: false, forced: false, ref: `refs/heads/${r.default_branch}`}, c.get('viewer')?.id, Number(h.id));
    }
    return c.body(null, 204);
  });

  const deliveryJson = (d: Row, full_ = false) => ({
    action: d.action,
    delivered_at: ts(d.delivered_at),
    duration: Number(d.duration),
    event: d.event,
    guid: d.guid,
    id: Number(d.id),
    installation_id: null,
    redelivery: d.redelivery,
    repository_id: Number(d.repo_id),
    status: d.status,
    status_code: d.status_code,
    throttled_at: null,
    ...(full_ ? {request: d.request, response: d.response, url: d.url} : {}),
  });
  app.get('/repos/:owner/:repo/hooks/:id{[0-9]+}/deliveries', async (c) => {
    const r = await repoOf(c);
    const h = await hookOf(r, Number(c.req.param('id')));
    const p = pageOf(c);
    const rows = (await gh.db.query('SELECT d.*, $2::bigint AS repo_id, count(*) OVER () AS total FROM hook_deliveries d WHERE d.hook_id = $1 ORDER BY d.id DESC LIMIT $3 OFFSET $4', [h.id, r.id, p.perPage, p.offset])).rows;
    return paged(c, p, Number(rows[0]?.total ?? 0), rows.map((d) => deliveryJson(d)));
  });
  const deliveryOf = async (c: Ctx, r: RepoRow) => {
    const h = await hookOf(r, Number(c.req.param('id')));
    const d = (await gh.db.query('SELECT d.*, $3::bigint AS repo_id FROM hook_deliveries d WHERE d.hook_id = $1 AND d.id = $2', [h.id, Number(c.req.param('did')), r.id])).rows[0];
    if (!d) throw notFound();
    return {d, h};
  };
  app.get('/repos/:owner/:repo/hooks/:id{[0-9]+}/deliveries/:did{[0-9]+}', async (c) => {
    const r = await repoOf(c);
    const {d, h} = await deliveryOf(c, r);
    return c.json(deliveryJson({...d, url: h.config.url}, true));
  });
  app.post('/repos/:owner/:repo/hooks/:id{[0-9]+}/deliveries/:did{[0-9]+}/attempts', async (c) => {
    const r = await repoOf(c);
    const {d, h} = await deliveryOf(c, r);
    await gh.hooks.deliver(h as HookRow, d.event, d.request.payload, true);
    return c.json({}, 202);
  });
}
