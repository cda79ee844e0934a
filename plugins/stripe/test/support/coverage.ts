/** Which request paths the clone serves, from its own route table (to tell covered chains from the rest). */
import {RESOURCES} from '../../src/backend/app.js';
import {Router} from '../../src/backend/router.js';

export function coveredRoutes(): Array<{method: string; re: RegExp}> {
  const r = new Router();
  for (const m of RESOURCES) m.register(r);
  return r.routes.map((x) => ({method: x.method, re: new RegExp(`^${x.path.replaceAll(/\{[^}]+\}/g, '[^/]+')}$`)}));
}

export function isCovered(routes: Array<{method: string; re: RegExp}>, method: string, path: string): boolean {
  const p = path.replaceAll(/\$\{[^}]+\}/g, 'x_ref');
  return routes.some((r) => r.method === method.toUpperCase() && r.re.test(p));
}
