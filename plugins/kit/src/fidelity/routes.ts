/** What a clone says it answers (`GET /_asym/operations` of the kit's control plane). */
export interface Answered {
  routes: Array<{method: string; path: string}>;
  operations: string[];
  /** false when the backend has no such route (not built on the kit): the scorer probes instead. */
  known: boolean;
}

const segments = (p: string) => p.split('/').filter((s) => s !== '');
const isParam = (s: string) => s.startsWith(':') || (s.startsWith('{') && s.endsWith('}'));

/** A router segment against a reference literal: `:id`, `:id{[0-9]+}`, `:repo.git`, `:name?`. */
function segmentServes(seg: string, literal: string): boolean {
  if (!seg.startsWith(':')) return seg === literal;
  const regex = /^:[^{]+\{(.+)\}\??$/.exec(seg);
  if (regex) return new RegExp(`^(?:${regex[1]})$`).test(literal);
  const suffix = /^:[A-Za-z0-9_]+(\..+?)\??$/.exec(seg);
  return suffix ? literal.endsWith(suffix[1]!) : true;
}

/** Does a router path (`/v1/customers/:id`, `/repos/:owner/:repo/*`) serve a reference path (`/v1/customers/{customer}`)? */
export function routeServes(route: string, path: string): boolean {
  const r = segments(route);
  const p = segments(path);
  for (let i = 0; i < r.length; i++) {
    const seg = r[i]!;
    if (seg === '*') return true;
    const optional = seg.startsWith(':') && seg.endsWith('?');
    if (i >= p.length) return optional && i === r.length - 1;
    // a reference parameter (an id) is served by a router parameter, patterned or not, but not by one with a literal suffix
    if (isParam(p[i]!) ? !/^:[A-Za-z0-9_]+(\{.+\})?\??$/.test(seg) : !segmentServes(seg, p[i]!)) return false;
  }
  return r.length === p.length;
}

/** Is `METHOD path` (under the API prefix) one of the clone's routes? */
export function answersRoute(answered: Answered, method: string, prefix: string, path: string): boolean {
  const m = method.toUpperCase();
  return answered.routes.some((r) => (r.method === m || r.method === 'ALL' || (m === 'HEAD' && r.method === 'GET')) && routeServes(r.path, prefix + path));
}
