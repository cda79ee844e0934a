// Ports for the owned servers: chosen by the OS, checked by binding, never fixed.
import {createServer} from 'node:net';

const HOST = '127.0.0.1';

/** True when `port` can be bound on 127.0.0.1 right now. */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen({exclusive: true, host: HOST, port}, () => srv.close(() => resolve(true)));
  });
}

/** A port the OS says is free on 127.0.0.1. Something may still take it before we use it: callers verify. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen({exclusive: true, host: HOST, port: 0}, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}

/** The recorded port when it is still free, else a new one. */
export async function reusePortOr(recorded: number | undefined): Promise<number> {
  if (recorded && (await portIsFree(recorded))) return recorded;
  return freePort();
}
