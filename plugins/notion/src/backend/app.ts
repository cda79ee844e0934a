import {type BackendContext, type BackendDefinition, Hono, RateLimiter} from '@asym/template-kit';

import {DEFAULT_SETTINGS, fail, type NotionState, route} from './context.js';
import {mountControl} from './control.js';
import {invalidUrl} from './errors.js';
import {Events} from './events.js';
import {mountNotionMcp} from './mcp.js';
import {provision} from './provision.js';
import {mountBlocks} from './routes/blocks.js';
import {mountComments} from './routes/comments.js';
import {mountDatabases} from './routes/databases.js';
import {mountFiles} from './routes/files.js';
import {mountMarkdown} from './routes/markdown.js';
import {mountPages} from './routes/pages.js';
import {mountSearch} from './routes/search.js';
import {mountUsers} from './routes/users.js';
import {mountViews} from './routes/views.js';

const states = new WeakMap<BackendContext, NotionState>();

export const stateOf = (ctx: BackendContext): NotionState | undefined => states.get(ctx);

export const notionBackend: BackendDefinition = {
  template: 'notion',
  routes(app, ctx) {
    const state: NotionState = {ctx, events: new Events(ctx), limiter: new RateLimiter(ctx.redis), settings: {...DEFAULT_SETTINGS}};
    states.set(ctx, state);
    mountControl(app, state);
    const v1 = new Hono();
    mountUsers(v1, state);
    mountMarkdown(v1, state);
    mountPages(v1, state);
    mountBlocks(v1, state);
    mountDatabases(v1, state);
    mountComments(v1, state);
    mountSearch(v1, state);
    mountFiles(app, v1, state);
    mountViews(v1, state);
    v1.get('/custom_emojis', route(state, async () => ({object: 'list', results: [], next_cursor: null, has_more: false, type: 'custom_emoji', custom_emoji: {}})));
    // Anything else under /v1 is a URL Notion does not serve.
    v1.all('*', (c) => fail(c, invalidUrl()));
    // Real Notion's paths, and the same under /api/v1 for users of the original product.
    app.route('/v1', v1);
    app.route('/api/v1', v1);
    mountNotionMcp(app, state);
  },
  provision(ctx, request) {
    return provision(ctx, states.get(ctx)!.events, request);
  },
  onReset(ctx) {
    const s = states.get(ctx);
    if (!s) return;
    s.limiter.clear();
    s.events.forget();
    s.workspace = undefined;
  },
  onClose(ctx) {
    states.get(ctx)?.events.close();
  },
};
