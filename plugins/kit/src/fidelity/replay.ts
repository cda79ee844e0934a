/**
 * Recorded real exchanges replayed against a clone, in order per cassette: the ids the recording
 * carried are replaced by the ones the clone handed out at the same places, and each answer agrees
 * when its status is the recorded one and every recorded key path is there with the same type.
 */
import {keyPaths, type ProbeResponse, type ProbeTarget, probe} from './probe.js';

export interface Interaction {
  method: string;
  host?: string;
  path: string;
  query?: string;
  body?: unknown;
  multipart?: unknown;
  status: number;
  response?: unknown;
}

export interface Cassette {
  cassette: string;
  interactions: Interaction[];
}

export interface ReplayOutcome {
  /** A recorded error (status 400 and above) counts for errors, the rest for behaviour. */
  part: 'behaviour' | 'errors';
  operation: string;
  ok: boolean;
  detail?: string;
}

const ID = /^(?:[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}|[a-z]{2,8}_[A-Za-z0-9]{8,})$/i;

/** Ids of the recording → ids of the clone, learnt from values at the same key path of the two answers. */
function learnIds(recorded: unknown, actual: unknown, ids: Map<string, string>): void {
  if (typeof recorded === 'string' && typeof actual === 'string') {
    if (ID.test(recorded) && recorded !== actual && !ids.has(recorded)) {
      ids.set(recorded, actual);
      if (recorded.includes('-')) ids.set(recorded.replaceAll('-', ''), actual);
    }
    return;
  }
  if (Array.isArray(recorded) && Array.isArray(actual)) {
    recorded.forEach((r, i) => learnIds(r, actual[i], ids));
    return;
  }
  if (recorded && actual && typeof recorded === 'object' && typeof actual === 'object') {
    for (const [k, v] of Object.entries(recorded)) learnIds(v, (actual as Record<string, unknown>)[k], ids);
  }
}

const substitute = (text: string, ids: Map<string, string>) => {
  let out = text;
  for (const [from, to] of ids) out = out.split(from).join(to);
  return out;
};

const ID_IN_PATH = /[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}|(?<=\/)[a-z]{2,8}_[A-Za-z0-9]{8,}/gi;
/** A recorded path with its ids as `{id}`: the operation it exercised. */
export const operationPath = (path: string) => path.replace(ID_IN_PATH, '{id}');

/** The distinct operations (`METHOD /path/{id}`) a recording exercises on the API's host. */
export function recordedOperations(cassettes: Cassette[]): Array<{method: string; path: string}> {
  const hosts = new Map<string, number>();
  for (const c of cassettes) for (const i of c.interactions) if (i.host) hosts.set(i.host, (hosts.get(i.host) ?? 0) + 1);
  const apiHost = [...hosts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const seen = new Map<string, {method: string; path: string}>();
  for (const c of cassettes) for (const i of c.interactions) if (!i.host || i.host === apiHost) seen.set(`${i.method} ${operationPath(i.path)}`, {method: i.method, path: operationPath(i.path)});
  return [...seen.values()].sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}

export function disagreements(recorded: Interaction, got: ProbeResponse): string[] {
  const problems: string[] = [];
  if (got.status !== recorded.status) problems.push(`status ${got.status}, recorded ${recorded.status}`);
  if (recorded.response === undefined) return problems;
  const want = keyPaths(recorded.response);
  const have = keyPaths(got.body);
  for (const [path, types] of want) {
    const seen = have.get(path);
    if (!seen) {
      // an array the clone answered empty has no element paths to compare
      const arrayParent = path.lastIndexOf('[]');
      if (arrayParent > 0 && have.has(path.slice(0, arrayParent))) continue;
      problems.push(`${path} missing`);
    } else if (![...types].some((t) => t === 'null' || seen.has(t) || seen.has('null'))) problems.push(`${path} is ${[...seen].join('|')}, recorded ${[...types].join('|')}`);
  }
  return problems;
}

/** Replay every cassette; interactions with another host than the API's, or multipart uploads, are left out. */
export async function replay(target: ProbeTarget, cassettes: Cassette[], apiPrefix: string, seedIds: Record<string, string> = {}): Promise<ReplayOutcome[]> {
  const hosts = new Map<string, number>();
  for (const c of cassettes) for (const i of c.interactions) if (i.host) hosts.set(i.host, (hosts.get(i.host) ?? 0) + 1);
  const apiHost = [...hosts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const out: ReplayOutcome[] = [];
  // one cassette after the other: a cassette's answers may depend on what another created, and the score must not
  for (const c of cassettes) {
    const ids = new Map<string, string>(Object.entries(seedIds).flatMap(([from, to]) => [[from, to], [from.replaceAll('-', ''), to]]));
    for (const [n, i] of c.interactions.entries()) {
      if ((i.host && i.host !== apiHost) || i.multipart) continue;
      const path = substitute(i.path.startsWith(apiPrefix) ? i.path.slice(apiPrefix.length) : i.path, ids) + (i.query ? `?${substitute(i.query, ids)}` : '');
      const body = i.body === null || i.body === undefined ? undefined : JSON.parse(substitute(JSON.stringify(i.body), ids));
      const operation = `${c.cassette}#${n} ${i.method} ${operationPath(i.path)}`;
      try {
        const got = await probe(target, {anonymous: i.status === 401, body, method: i.method, path});
        learnIds(i.response, got.body, ids);
        const problems = disagreements(i, got);
        out.push({detail: problems.slice(0, 3).join('; ') || undefined, ok: problems.length === 0, operation, part: i.status >= 400 ? 'errors' : 'behaviour'});
      } catch (error) {
        out.push({detail: (error as Error).message, ok: false, operation, part: i.status >= 400 ? 'errors' : 'behaviour'});
      }
    }
  }
  return out.sort((a, b) => a.operation.localeCompare(b.operation));
}
