/**
 * Which routes of the official SDK's catalogue the clone answers: each is called with placeholder
 * ids, and a route answers unless the clone says "Unrecognized request URL".
 */
// @ts-expect-error: a plain ES module of the template's scripts (no typings).
import {sdkApiVersion, sdkRoutes, sdkVersion} from '../../scripts/sdk-routes.mjs';

export interface SdkRoute {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
}

export interface RouteCoverage {
  sdk: string;
  apiVersion: string;
  total: number;
  answering: number;
  unrecognized: string[];
  /** Routes that answered a 5xx: a clone fault, not an answer. */
  failing: string[];
}

export async function routeCoverage(url: string, apiKey: string, prefix = ''): Promise<RouteCoverage> {
  const routes = (sdkRoutes() as SdkRoute[]).filter((r) => r.path.startsWith(prefix));
  const unrecognized: string[] = [];
  const failing: string[] = [];
  for (const r of routes) {
    const path = r.path.replaceAll(/\{[^}]+\}/g, 'x_placeholder');
    const res = await fetch(`${url}${path}`, {headers: {authorization: `Bearer ${apiKey}`, 'content-type': 'application/x-www-form-urlencoded'}, method: r.method});
    const text = await res.text();
    if (res.status === 404 && !text.includes('resource_missing')) unrecognized.push(`${r.method} ${r.path}`);
    else if (res.status >= 500) failing.push(`${r.method} ${r.path}: ${res.status} ${text.slice(0, 120)}`);
  }
  return {answering: routes.length - unrecognized.length - failing.length, failing, apiVersion: sdkApiVersion() as string, sdk: sdkVersion() as string, total: routes.length, unrecognized};
}
