/** The GitHub clone's backend: REST at the root, git over HTTP, webhooks, the /api control plane and MCP. */
import {type BackendDefinition, type Hono, mountMcp} from '@asym/template-kit';

import {Gh} from './gh.js';
import {type GhEnv, mountMiddleware, tokenFrom} from './http.js';
import {tools} from './mcp.js';
import {provision} from './provision.js';
import * as comments from './routes/comments.js';
import * as control from './routes/control.js';
import * as gitdata from './routes/gitdata.js';
import * as hooks from './routes/hooks.js';
import * as issues from './routes/issues.js';
import * as labels from './routes/labels.js';
import * as pulls from './routes/pulls.js';
import * as repos from './routes/repos.js';
import * as search from './routes/search.js';
import * as users from './routes/users.js';
import {mountSmartHttp} from './smarthttp.js';

const services = new WeakMap<object, Gh>();

export const githubBackend: BackendDefinition = {
  template: 'github',
  async routes(root, ctx) {
    const gh = new Gh(ctx);
    services.set(ctx, gh);
    await gh.store.open(ctx.db);
    const app = root as unknown as Hono<GhEnv>;
    mountSmartHttp(app, gh);
    mountMcp(root, '/mcp', {
      authenticate: async (authorization) => Boolean(await gh.viewerFor(tokenFrom(authorization))),
      name: 'asymmetric-github',
      tools,
      version: '0.1.0',
    });
    control.register(app, gh);
    mountMiddleware(app, gh);
    for (const r of [users, repos, gitdata, issues, comments, labels, pulls, search, hooks]) r.register(app, gh);
  },
  provision,
  async onReset(ctx) {
    const gh = services.get(ctx);
    if (!gh) return;
    gh.limits.clear();
    await gh.store.reset(ctx.db);
  },
  async onClose(ctx) {
    const gh = services.get(ctx);
    await gh?.hooks.queue.idle();
    gh?.hooks.queue.close();
    await gh?.store.idle();
  },
};

/** The services of a running backend (tests wait on its webhook queue). */
export const ghOf = (ctx: object): Gh | undefined => services.get(ctx);
