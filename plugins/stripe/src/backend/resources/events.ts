/** Events: retrieve and list (filter by `type`, `types[]`, `created`). */
import {list, str} from '../forms.js';
import {listOf} from '../lists.js';
import type {Router} from '../router.js';

export function register(r: Router): void {
  r.get('/v1/events/{id}', async (req, api) => api.store.must(req.account, 'event', req.path.id));
  r.get('/v1/events', async (req, api) => {
    const type = str(req.params.type);
    const types = list(req.params.types).map(String);
    const like = type?.includes('*') ? type.replaceAll('*', '%') : undefined;
    return listOf(api, req, 'event', {
      eq: {type: like ? undefined : type},
      ...(like ? {where: {args: [like], sql: "data->>'type' LIKE $1"}} : types.length ? {where: {args: [types], sql: "data->>'type' = ANY($1)"}} : {}),
    });
  });
}
