// The one place infra/ runs subprocesses (execa). Infra commands never throw here: callers read `ok`
// and turn failures into named errors with the command's own words.

export interface RunResult {
  ok: boolean;
  stdout: string;
  stderr: string;
  exitCode?: number;
}

export interface RunOptions {
  /** Run through `runuser -u <user> --` (only as root: Postgres refuses to run as root). */
  asUser?: string;
  timeoutMs?: number;
  /** Written to the command's stdin (secrets go here, never in argv: other users can read argv). */
  input?: string;
}

export async function run(cmd: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  const [file, argv] = opts.asUser ? ['runuser', ['-u', opts.asUser, '--', cmd, ...args]] : [cmd, args];
  try {
    // Loaded on first use: importing execa costs a command more than a whole reset does.
    const {execa} = await import('execa');
    const r = await execa(file, argv, {
      // Not tied to the CLI: its own process group (a Ctrl-C on the CLI does not reach a server being
      // started), not killed when the CLI exits. The servers daemonize themselves (pg_ctl, --daemonize).
      cleanup: false,
      // A cwd every user can enter: initdb/pg_ctl run as `postgres` fail when they cannot stat their cwd.
      cwd: '/',
      detached: true,
      env: {LC_ALL: 'C'},
      reject: false,
      ...(opts.input === undefined ? {stdin: 'ignore' as const} : {input: opts.input}),
      timeout: opts.timeoutMs ?? 120_000,
    });
    return {exitCode: r.exitCode, ok: !r.failed && r.exitCode === 0, stderr: String(r.stderr ?? ''), stdout: String(r.stdout ?? '')};
  } catch (error) {
    return {ok: false, stderr: error instanceof Error ? error.message : String(error), stdout: ''};
  }
}

/** Last non-empty lines of a text, for error details. */
export function tail(text: string, lines = 3): string {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(-lines)
    .join(' | ');
}
