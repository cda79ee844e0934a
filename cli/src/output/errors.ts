import {isAsymmetricError} from '@asym/contract';

import {didYouMean} from '../env-spec/did-you-mean.js';

export interface RenderedError {
  exitCode: number;
  json: {error: {code: string; message: string; actor: string; exitCode: number}};
  text: string;
}

/** oclif's own usage errors (unknown flag, missing argument …) are the user's to fix, not bugs. */
function isUsageError(err: unknown): err is Error & {oclif?: {exit?: number}} {
  if (!(err instanceof Error)) return false;
  const name = err.constructor?.name ?? err.name;
  return (
    /Required|Flag|Arg|Parse|Validation|Unexpected(Args)?Error|NonExistent/.test(name) ||
    ('oclif' in err && typeof (err as {oclif?: unknown}).oclif === 'object' && !('code' in err && (err as {code?: unknown}).code === 'EEXIT'))
  );
}

/** "Nonexistent flag: --sed" → " Did you mean --seed?" when one of the command's flags is close. */
function flagHint(message: string, flags: string[] | undefined): string {
  const typed = /Nonexistent flags?: (-{1,2}[\w-]+)/.exec(message)?.[1];
  if (!typed || !flags?.length) return '';
  const near = didYouMean(typed.replace(/^-+/, '').replace(/=.*$/, ''), flags);
  return near ? `. Did you mean --${near}?` : '';
}

/**
 * The one place errors become output: named errors exit 1 with their code; anything else exits 2.
 * `flags` (the command's flag names) lets an unknown flag suggest the nearest one.
 */
export function renderError(err: unknown, debug: boolean, command?: string, flags?: string[]): RenderedError {
  if (isAsymmetricError(err)) {
    return {
      exitCode: err.exitCode,
      json: {error: {actor: err.actor, code: err.code, exitCode: err.exitCode, message: err.message}},
      text: `  ✗ ${err.message}\n    (${err.code})${debug && err.stack ? `\n${err.stack}` : ''}`,
    };
  }
  if (isUsageError(err)) {
    const stripped = err.message.split('\n').filter((l) => !/^\s*See more help with/.test(l)).join('\n').trim();
    const message = stripped + flagHint(stripped, flags);
    return {
      exitCode: 1,
      json: {error: {actor: 'user', code: 'INVALID_INPUT', exitCode: 1, message}},
      text: `  ✗ ${message}\n    See: asym ${command ? command.replaceAll(':', ' ') + ' ' : ''}--help (INVALID_INPUT)`,
    };
  }
  const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
  return {
    exitCode: 2,
    json: {error: {actor: 'bug', code: 'UNEXPECTED', exitCode: 2, message}},
    text: debug && err instanceof Error && err.stack ? `  ✗ Unexpected error: ${message}\n${err.stack}` : `  ✗ Unexpected error: ${message}. Re-run with --debug for details, and report it if it persists.`,
  };
}
