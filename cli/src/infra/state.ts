// ${home}/infra/state.json: what asymmetric started (pid, port, version, where), so the next CLI
// process finds and reuses it. Written atomically (temp file + rename), only under the infra lock.
import {mkdir, readFile, rename, writeFile} from 'node:fs/promises';
import {join} from 'node:path';

export interface OwnedPostgres {
  flavor: 'system' | 'embedded';
  binaries: string;
  version: string;
  dataDir: string;
  port: number;
  pid: number;
  /** OS user the server runs as when the CLI runs as root. */
  runAs?: string;
  /** Started with the home's password (secret.ts); absent for a server an older CLI started with trust. */
  auth?: boolean;
}

export interface OwnedRedis {
  binary: string;
  version: string;
  dir: string;
  port: number;
  pid: number;
  /** Started with requirepass (the home's password); absent for a server an older CLI started. */
  auth?: boolean;
}

export interface InfraState {
  version: 1;
  postgres?: OwnedPostgres;
  redis?: OwnedRedis;
}

export const infraDir = (home: string): string => join(home, 'infra');
export const lockFile = (infra: string): string => join(infra, 'infra.lock');
const stateFile = (infra: string): string => join(infra, 'state.json');

/** The recorded state; an absent or unreadable file is an empty state (the servers are re-found). */
export async function readState(infra: string): Promise<InfraState> {
  try {
    const parsed = JSON.parse(await readFile(stateFile(infra), 'utf8')) as Partial<InfraState>;
    if (parsed && parsed.version === 1) return parsed as InfraState;
  } catch {
    // missing or corrupt
  }
  return {version: 1};
}

export async function writeState(infra: string, state: InfraState): Promise<void> {
  await mkdir(infra, {recursive: true});
  const tmp = `${stateFile(infra)}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(state, null, 2)}\n`, {mode: 0o644});
  await rename(tmp, stateFile(infra));
}
