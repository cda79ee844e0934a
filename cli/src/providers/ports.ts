import {createServer} from 'node:net';

import {asymError, type PortRange} from '@asym/contract';

/** True when nothing listens on the port: we can bind it ourselves. */
export function portFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.unref();
    s.once('error', () => resolve(false));
    s.listen({exclusive: true, host, port}, () => s.close(() => resolve(true)));
  });
}

/**
 * Pick `count` ports from the range that no clone holds and that bind right now. Call it under the
 * registry lock and record the ports before releasing it, so concurrent spins never share a port.
 */
export async function allocatePorts(range: PortRange, taken: Set<number>, count: number, expose = false): Promise<number[]> {
  const size = range.to - range.from + 1;
  const start = Math.floor(Math.random() * size);
  const out: number[] = [];
  for (let i = 0; i < size && out.length < count; i++) {
    const port = range.from + ((start + i) % size);
    if (taken.has(port)) continue;
    if (!(await portFree(port, '127.0.0.1'))) continue;
    if (expose && !(await portFree(port, '0.0.0.0'))) continue;
    out.push(port);
  }
  if (out.length < count) throw asymError('NO_FREE_PORTS', {from: range.from, to: range.to});
  return out;
}
