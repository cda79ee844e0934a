import {execFile, spawn} from 'node:child_process';
import {fileURLToPath} from 'node:url';

export const CLI = fileURLToPath(new URL('../../bin/run.js', import.meta.url));

export interface CliResult {
  code: number;
  /** The signal that ended the CLI, if one did (a test's injected SIGKILL). */
  signal?: string;
  stdout: string;
  stderr: string;
  json<T = unknown>(): T;
}

/** Run the built CLI as a subprocess, as a user would. */
export function runCli(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], {env: {...process.env, CI: 'true', ...env}, maxBuffer: 20 * 1024 * 1024, timeout: timeoutMs}, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({
        code,
        signal: (error as {signal?: string} | null)?.signal ?? undefined,
        json<T>() {
          try {
            return JSON.parse(stdout) as T;
          } catch {
            throw new Error(`stdout is not JSON (exit ${code}):\n${stdout}\nstderr:\n${stderr}`);
          }
        },
        stderr,
        stdout,
      });
    });
  });
}

export {spawn};
