/** /v1/users: the bot itself (`me`), everyone in the workspace, one user. */
import type {Hono} from '@asym/template-kit';

import {list, type NotionState, pageSizeOf, paginate, route} from '../context.js';
import {notFound} from '../errors.js';
import {normalizeId} from '../ids.js';

export function mountUsers(v1: Hono, state: NotionState): void {
  v1.get('/users/me', route(state, async (call) => call.r.user(call.bot)));
  v1.get(
    '/users',
    route(state, async (call) => {
      const users = await call.store.users();
      const size = pageSizeOf(call.query.get('page_size') ?? undefined, 'query.page_size');
      const {page, next} = paginate(users, (u) => u.id, call.query.get('start_cursor') ?? undefined, size, 'start_cursor');
      return list('user', page.map((u) => call.r.user(u)), next);
    }),
  );
  v1.get(
    '/users/:id',
    route(state, async (call) => {
      const id = normalizeId(call.params.id);
      const u = id ? await call.store.user(id) : undefined;
      if (!u) throw notFound('user', call.params.id ?? '');
      return call.r.user(u);
    }),
  );
}
