/**
 * Every route of the official SDK's catalogue that no resource module serves gets the generic
 * stateful CRUD (engines/crud.ts): create → retrieve → update → list → delete, children under
 * their parent, actions, singletons. Registered last: a family with a lifecycle keeps its own routes.
 */
import {type CatalogueRoute, ROUTES, routeShape} from '../catalogue.js';
import {actOn, createObject, deleteObject, findAny, listObjects, parentOf, retrieveObject, singleton, updateObject} from '../engines/crud.js';
import type {Handler, Router} from '../router.js';

const isParam = (seg: string | undefined): boolean => seg?.startsWith('{') ?? false;
const nameOf = (seg: string): string => seg.slice(1, -1);

/** Objects only Stripe makes (no create route): reference data answered from their shape. */
const CREATABLE = new Set(ROUTES.filter((r) => r.m === 'POST' && !isParam(r.p.split('/').at(-1))).map((r) => r.o));

function handlerFor(route: CatalogueRoute, singletonPaths: Set<string>): Handler {
  const segs = route.p.split('/');
  const last = segs.at(-1)!;
  const before = segs.at(-2);
  const reference = !CREATABLE.has(route.o);
  if (isParam(last)) {
    const param = nameOf(last);
    if (route.m === 'GET') return async (req, api) => retrieveObject(api, req, route.o, req.path[param]!, param, reference);
    return async (req, api) => {
      const o = await retrieveObject(api, req, route.o, req.path[param]!, param, false);
      return route.m === 'DELETE' ? deleteObject(api, req, o) : updateObject(api, req, o);
    };
  }
  const parentParam = isParam(before) ? nameOf(before!) : undefined;
  if (route.l) {
    return async (req, api) => listObjects(api, req, route.o, parentParam ? await parentOf(api, req, req.path[parentParam]!, parentParam) : undefined);
  }
  if (parentParam) {
    if (route.m === 'DELETE') {
      // `DELETE …/{id}/thing`: the parent's own singleton child, stored apart.
      return async (req, api) => {
        const parent = await parentOf(api, req, req.path[parentParam]!, parentParam);
        return deleteObject(api, req, await singleton(api, req, route.o, parent.id, true));
      };
    }
    if (route.m === 'GET') {
      return async (req, api) => singleton(api, req, route.o, (await parentOf(api, req, req.path[parentParam]!, parentParam)).id, false);
    }
    // `POST …/{id}/verb`: an action on the object itself, or a child of another type created under it.
    return async (req, api) => {
      const parent = await parentOf(api, req, req.path[parentParam]!, parentParam);
      return parent.object === route.o ? actOn(api, req, parent, last) : createObject(api, req, route.o, parent);
    };
  }
  if (route.m === 'GET' || singletonPaths.has(route.p)) return async (req, api) => singleton(api, req, route.o, req.account, route.m === 'POST');
  return async (req, api) => {
    // `POST /v1/…/{id}/…/verb` on a collection-level verb with an object id in the body (`apps/secrets/delete`).
    const target = typeof req.params.id === 'string' ? await findAny(api, req, req.params.id) : undefined;
    return target ? actOn(api, req, target, last) : createObject(api, req, route.o);
  };
}

/** `/v2` lists page with `next_page_url` / `previous_page_url` instead of `has_more`. */
function v2(handler: Handler): Handler {
  return async (req, api) => {
    const out = (await handler(req, api)) as {object?: string; data?: Array<{id: string}>; has_more?: boolean};
    if (out?.object !== 'list') return out;
    const last = out.data?.at(-1)?.id;
    const limit = typeof req.params.limit === 'string' ? `&limit=${encodeURIComponent(req.params.limit)}` : '';
    return {data: out.data, next_page_url: out.has_more && last ? `${req.url}?starting_after=${last}${limit}` : null, previous_page_url: null};
  };
}

export function register(r: Router): void {
  const served = new Set(r.routes.map((x) => routeShape(x.method, x.path)));
  // A path answered by GET (not a list) and written by POST is a singleton (`/v1/tax/settings`).
  const singletonPaths = new Set(ROUTES.filter((x) => x.m === 'GET' && !x.l && !isParam(x.p.split('/').at(-1))).map((x) => x.p));
  for (const route of ROUTES) {
    if (served.has(routeShape(route.m, route.p)) || !/^\/v[12]\//.test(route.p)) continue;
    const handler = route.p.startsWith('/v2/') ? v2(handlerFor(route, singletonPaths)) : handlerFor(route, singletonPaths);
    if (route.m === 'GET') r.get(route.p, handler);
    else if (route.m === 'POST') r.post(route.p, handler);
    else r.del(route.p, handler);
  }
}
