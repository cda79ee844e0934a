import type {ProgressReporter} from '@asym/contract';
import {Listr, ListrLogger, ListrLogLevels} from 'listr2';

export interface ProgressTask<T> {
  title: string;
  run: (progress: ProgressReporter) => Promise<T>;
}

/** How to show progress: drawn in a terminal; one plain line per step elsewhere (CI logs, agents); none with --json. */
export type ProgressMode = 'default' | 'simple' | false;
export function progressWanted(json: boolean): ProgressMode {
  if (json) return false;
  return process.stderr.isTTY && !process.env.CI ? 'default' : 'simple';
}

/**
 * Run tasks (in parallel when asked) with listr2 progress: drawn in a terminal, plain lines on stderr
 * elsewhere, silent with --json.
 * Every task runs to the end; the results come back settled, in order.
 */
export async function runTasks<T>(tasks: Array<ProgressTask<T>>, opts: {show: ProgressMode | boolean; concurrent?: boolean}): Promise<Array<PromiseSettledResult<T>>> {
  const results: Array<PromiseSettledResult<T>> = tasks.map(() => ({reason: new Error('not run'), status: 'rejected'}));
  const list = new Listr(
    tasks.map((t, i) => ({
      task: async (_ctx: unknown, task: {output: string; title: string}) => {
        try {
          // Plain lines of parallel tasks interleave: each names its task.
          const value = await t.run({step: (s) => (task.output = opts.show === 'simple' ? `${t.title}: ${s}` : s)});
          results[i] = {status: 'fulfilled', value};
        } catch (error) {
          results[i] = {reason: error, status: 'rejected'};
          throw error;
        }
      },
      title: t.title,
    })),
    {
      concurrent: opts.concurrent ?? false,
      exitOnError: false,
      // Our own SIGINT handler rolls back a half-made clone; listr2's would exit first.
      registerSignalListeners: false,
      renderer: opts.show === 'simple' ? 'simple' : opts.show ? 'default' : 'silent',
      // The plain renderer writes every line to stderr: stdout stays the command's result.
      rendererOptions:
        opts.show === 'simple'
          ? {logger: new ListrLogger({toStderr: Object.values(ListrLogLevels), useIcons: false})}
          : {collapseErrors: true, outputBar: 1},
    } as never,
  );
  try {
    await list.run();
  } catch {
    // Failures are reported through `results`.
  }
  return results;
}
