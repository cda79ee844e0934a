import type {ProgressReporter} from '@asym/contract';
import {Listr} from 'listr2';

export interface ProgressTask<T> {
  title: string;
  run: (progress: ProgressReporter) => Promise<T>;
}

/** Whether to draw progress: a terminal on stderr, not CI, not --json. */
export function progressWanted(json: boolean): boolean {
  return !json && Boolean(process.stderr.isTTY) && !process.env.CI;
}

/**
 * Run tasks (in parallel when asked) with listr2 progress in a terminal and silence otherwise.
 * Every task runs to the end; the results come back settled, in order.
 */
export async function runTasks<T>(tasks: Array<ProgressTask<T>>, opts: {show: boolean; concurrent?: boolean}): Promise<Array<PromiseSettledResult<T>>> {
  const results: Array<PromiseSettledResult<T>> = tasks.map(() => ({reason: new Error('not run'), status: 'rejected'}));
  const list = new Listr(
    tasks.map((t, i) => ({
      task: async (_ctx: unknown, task: {output: string; title: string}) => {
        try {
          const value = await t.run({step: (s) => (task.output = s)});
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
      renderer: opts.show ? 'default' : 'silent',
      rendererOptions: {collapseErrors: true, outputBar: 1},
    } as never,
  );
  try {
    await list.run();
  } catch {
    // Failures are reported through `results`.
  }
  return results;
}
