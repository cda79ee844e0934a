import {execFile} from 'node:child_process';

/**
 * Who listens on a local TCP port, as "<command> (pid <n>)", from lsof; undefined when unknown (no
 * lsof, or another user's process). Only called on a failure path: it spawns a process.
 */
export function portHolder(port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('lsof', ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN', '-Fpc'], {timeout: 3000}, (error, stdout) => {
      const pid = /^p(\d+)$/m.exec(stdout ?? '')?.[1];
      const command = /^c(.+)$/m.exec(stdout ?? '')?.[1];
      resolve(pid ? `${command ?? 'process'} (pid ${pid})` : undefined);
    });
  });
}
