import {existsSync, mkdirSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';

import type {CloneRecord} from '@asym/contract';

import type {ComposeProject} from './compose.js';
import {type ComposeFileInput, composeYaml} from './compose-file.js';

/** Where a clone's generated compose file lives: `$ASYM_HOME/compose/<id>.yml` (0600: it holds the clone's secrets). */
export const composeFilePath = (home: string, id: string) => join(home, 'compose', `${id}.yml`);

export function cloneProject(home: string, record: Pick<CloneRecord, 'id' | 'composeProject'>): ComposeProject {
  return {cloneId: record.id, file: composeFilePath(home, record.id), name: record.composeProject};
}

export function writeComposeFile(home: string, input: ComposeFileInput): string {
  const file = composeFilePath(home, input.cloneId);
  mkdirSync(join(home, 'compose'), {mode: 0o700, recursive: true});
  writeFileSync(file, composeYaml(input), {mode: 0o600});
  return file;
}

export const composeFileExists = (home: string, id: string) => existsSync(composeFilePath(home, id));
export const removeComposeFile = (home: string, id: string) => rmSync(composeFilePath(home, id), {force: true});
