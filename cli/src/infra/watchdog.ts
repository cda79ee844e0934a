// The owned servers' watchdog: a detached node process started beside an owned Postgres/Redis. When
// the ASYM_HOME that owns them disappears (a test's temp home, a CI workspace, a user cleaning up),
// it stops them (Postgres fast shutdown, then SIGKILL) and removes their data if it lived outside the
// home (as root the cluster may live in the server user's home). It exits when the servers are gone.
import {spawn} from 'node:child_process';
import {existsSync, rmSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

export interface WatchJob {
  home: string;
  servers: Array<{pid: number; signal: NodeJS.Signals}>;
  /** Data directories outside the home to delete once the servers stopped. */
  outside: string[];
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Start a watchdog for this home's owned servers (one per start of the servers; old ones exit with them). */
export function watchOwnedServers(job: WatchJob): void {
  if (process.env.ASYM_NO_WATCHDOG === '1' || job.servers.length === 0) return;
  // execArgv carries a loader when the CLI itself runs from source (tests).
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), JSON.stringify(job)], {detached: true, stdio: 'ignore'});
  child.on('error', () => {});
  child.unref();
}

async function watch(job: WatchJob, intervalMs = 1000): Promise<void> {
  for (;;) {
    if (!job.servers.some((s) => alive(s.pid))) return;
    if (!existsSync(job.home)) break;
    await sleep(intervalMs);
  }
  for (const s of job.servers) if (alive(s.pid)) process.kill(s.pid, s.signal);
  const until = Date.now() + 15_000;
  while (Date.now() < until && job.servers.some((s) => alive(s.pid))) await sleep(100);
  for (const s of job.servers) if (alive(s.pid)) process.kill(s.pid, 'SIGKILL');
  for (const dir of job.outside) rmSync(dir, {force: true, recursive: true});
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  watch(JSON.parse(process.argv[2] ?? '{}') as WatchJob).then(
    () => process.exit(0),
    () => process.exit(1),
  );
}
