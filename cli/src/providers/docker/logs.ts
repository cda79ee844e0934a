import type {LogLine, LogOptions} from '@asym/contract';

import {PROJECT_LABEL, SERVICE_LABEL} from './compose.js';
import type {DockerEngine} from './engine.js';

/** Interleave several async iterables in arrival order. */
export async function* mergeAsync<T>(sources: AsyncIterable<T>[]): AsyncGenerator<T> {
  const its = sources.map((s) => s[Symbol.asyncIterator]());
  const next = (i: number) => its[i]!.next().then((r) => ({i, r}));
  const pending = new Map(its.map((_, i) => [i, next(i)]));
  try {
    while (pending.size > 0) {
      const {i, r} = await Promise.race(pending.values());
      if (r.done) {
        pending.delete(i);
        continue;
      }
      pending.set(i, next(i));
      yield r.value;
    }
  } finally {
    await Promise.all(its.map((it) => it.return?.()));
  }
}

/** A compose project's container logs: per service in order, or (with `follow`) interleaved live. */
export async function* projectLogs(engine: DockerEngine, project: string, opts: LogOptions = {}): AsyncGenerator<LogLine> {
  const containers = (await engine.listContainers({[PROJECT_LABEL]: project}))
    .map((c) => ({id: c.id, service: c.labels[SERVICE_LABEL] ?? c.name}))
    .filter((c) => !opts.service || c.service === opts.service)
    .sort((a, b) => a.service.localeCompare(b.service));
  const streams = containers.map((c) => engine.logs(c.id, {follow: opts.follow, service: c.service, tail: opts.tail}));
  if (opts.follow) yield* mergeAsync(streams);
  else for (const s of streams) yield* s;
}
