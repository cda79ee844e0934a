import type {EnvironmentState} from '@asym/contract';

import {renderError} from '../output/errors.js';
import type {EnvMemberFailure} from './env-ops.js';

/** ✓ all up, ! some up, ✗ none. */
export const stateMark = (s: EnvironmentState) => (s === 'running' ? '✓' : s === 'partial' ? '!' : '✗');

/** A member's failure as stderr lines: `  ✗ slack-a1b2: <message>` then `    (CODE)`. */
export function failureLines(f: EnvMemberFailure, debug: boolean): string[] {
  const who = f.id ?? `clones[${f.index}] ${f.template}${f.line ? ` (line ${f.line})` : ''}`;
  return renderError(f.error, debug).text.replace('✗', `✗ ${who}:`).split('\n');
}

/** A member's failure for --json: who, and the error's code and message. */
export function failureJson(f: EnvMemberFailure) {
  const {error, ...who} = f;
  return {...who, error: renderError(error, false).json.error};
}
