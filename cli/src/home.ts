import {accessSync, constants, mkdirSync, statSync} from 'node:fs';
import {homedir} from 'node:os';
import {join, resolve} from 'node:path';

import {asymError} from '@asym/contract';

/** `$ASYM_HOME`, default `~/.asymmetric`: registry, config, logs and owned infrastructure live here. */
export function asymHome(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.ASYM_HOME && env.ASYM_HOME.trim() !== '' ? env.ASYM_HOME : join(homedir(), '.asymmetric'));
}

/** Create the home directory (0700) if needed and check it can be written. */
export function ensureHome(home: string): string {
  try {
    mkdirSync(home, {mode: 0o700, recursive: true});
    if (!statSync(home).isDirectory()) throw Object.assign(new Error('not a directory'), {code: 'ENOTDIR'});
    accessSync(home, constants.W_OK | constants.X_OK);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw asymError('HOME_UNWRITABLE', {detail: e.code === 'EEXIST' || e.code === 'ENOTDIR' ? 'it is a file, not a directory' : (e.code ?? e.message), path: home});
  }
  return home;
}

export const paths = (home: string) => ({
  compose: join(home, 'compose'),
  config: join(home, 'config.json'),
  /** Per-clone files a backend keeps beside its database (`data/<id>`, ASYM_DATA_DIR of the process provider's backends: git repositories …). */
  data: join(home, 'data'),
  infra: join(home, 'infra'),
  lock: join(home, 'registry.lock'),
  logs: join(home, 'logs'),
  registry: join(home, 'registry.json'),
  /** Clone records that did not validate, moved out of the registry (see RegistryStore). */
  quarantine: join(home, 'registry.quarantine.json'),
  /** Template databases this home built or used (`doctor --fix` drops the ones no clone needs). */
  templateDatabases: join(home, 'template-databases.json'),
  /** Redis dumps and files of snapshots: snapshots/<clone id>/<name>/ (their rows are in Postgres). */
  snapshots: join(home, 'snapshots'),
});
