/**
 * The `git` binary, run on the clone's bare repositories. Every call gets a clean environment (no
 * user or system config) so results are the same on every machine.
 */
import {spawn} from 'node:child_process';

export interface GitResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

export interface Identity {
  name: string;
  email: string;
  /** unix seconds */
  at: number;
}

export function gitEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    HOME: home,
    LANG: 'C',
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    XDG_CONFIG_HOME: home,
    ...extra,
  };
}

export function identityEnv(author: Identity, committer: Identity = author): Record<string, string> {
  return {
    GIT_AUTHOR_DATE: `${author.at} +0000`,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_AUTHOR_NAME: author.name,
    GIT_COMMITTER_DATE: `${committer.at} +0000`,
    GIT_COMMITTER_EMAIL: committer.email,
    GIT_COMMITTER_NAME: committer.name,
  };
}

/** Run git in `cwd` (a bare repository); resolves with its exit code, never rejects on a non-zero exit. */
export function runGit(cwd: string, args: string[], opts: {input?: string | Buffer; env?: Record<string, string>; home?: string} = {}): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {cwd, env: gitEnv(opts.home ?? cwd, opts.env), stdio: ['pipe', 'pipe', 'pipe']});
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.once('error', reject);
    child.once('close', (code) => resolve({code: code ?? 1, stderr: Buffer.concat(err).toString('utf8'), stdout: Buffer.concat(out)}));
    child.stdin.on('error', () => {});
    child.stdin.end(opts.input ?? '');
  });
}

/** Run git and return stdout as text; throws with stderr on a non-zero exit. */
export async function git(cwd: string, args: string[], opts: {input?: string | Buffer; env?: Record<string, string>} = {}): Promise<string> {
  const r = await runGit(cwd, args, opts);
  if (r.code !== 0) throw new Error(`git ${args[0]} failed (${r.code}): ${r.stderr.trim()}`);
  return r.stdout.toString('utf8');
}
