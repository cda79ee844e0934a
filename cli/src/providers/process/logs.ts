import {closeSync, existsSync, openSync, readFileSync, readSync, statSync} from 'node:fs';
import {join} from 'node:path';

import {asymError, type LogLine, type LogOptions} from '@asym/contract';

export const logFile = (logsDir: string, id: string, service: string) => join(logsDir, id, `${service}.log`);

/** A service's log lines, the last `tail` of them, then (with `follow`) new ones as they are written. */
export async function* readLogs(logsDir: string, id: string, services: string[], opts: LogOptions = {}, signal?: AbortSignal): AsyncIterable<LogLine> {
  if (opts.service && !services.includes(opts.service)) throw asymError('INVALID_INPUT', {detail: `${id} has no service "${opts.service}". Services: ${services.join(', ')}`});
  const chosen = opts.service ? services.filter((s) => s === opts.service) : services;
  const offsets = new Map<string, number>();
  for (const service of chosen) {
    const file = logFile(logsDir, id, service);
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    offsets.set(service, Buffer.byteLength(text));
    let lines = text.split('\n').filter((l) => l.length > 0);
    if (opts.tail !== undefined) lines = opts.tail === 0 ? [] : lines.slice(-opts.tail);
    for (const line of lines) yield {line, service, stream: 'stdout'};
  }
  if (!opts.follow) return;
  const rest = new Map<string, string>();
  while (!signal?.aborted) {
    for (const service of chosen) {
      const file = logFile(logsDir, id, service);
      if (!existsSync(file)) continue;
      const size = statSync(file).size;
      const from = offsets.get(service) ?? 0;
      if (size <= from) continue;
      const fd = openSync(file, 'r');
      const buf = Buffer.alloc(size - from);
      readSync(fd, buf, 0, buf.length, from);
      closeSync(fd);
      offsets.set(service, size);
      const text = (rest.get(service) ?? '') + buf.toString('utf8');
      const parts = text.split('\n');
      rest.set(service, parts.pop() ?? '');
      for (const line of parts) if (line) yield {line, service, stream: 'stdout'};
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
