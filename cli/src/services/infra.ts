import {asymError} from '@asym/contract';

import {ConfigStore} from '../config/store.js';
import {asymHome, ensureHome} from '../home.js';
import {currentInfra, infraChecks, resolveInfraSettings, stopOwnedInfra} from '../infra/index.js';
import {RegistryStore} from '../registry/store.js';

function settings(home: string) {
  const c = new ConfigStore(home).read();
  return resolveInfraSettings({postgresUrl: c.postgresUrl, redisUrl: c.redisUrl});
}

/** What `infra status` shows: each shared server, where it comes from and whether it answers. */
export async function infraStatus() {
  const home = ensureHome(asymHome());
  const s = settings(home);
  const [checks, endpoints] = await Promise.all([infraChecks(home, s), currentInfra(home, s)]);
  return {checks, endpoints: endpoints ? {postgres: endpoints.postgres, redis: endpoints.redis} : null};
}

/** Stop the Postgres and Redis asymmetric owns. Refused while clones of the process provider run on them. */
export async function stopInfra(opts: {purge: boolean; force: boolean}) {
  const home = ensureHome(asymHome());
  const reg = await new RegistryStore(home).read();
  const live = reg.clones.filter((c) => c.provider === 'process' && c.state !== 'stopped');
  if (live.length > 0 && !opts.force) {
    const ids = live.map((c) => c.id).join(', ');
    throw asymError('INVALID_INPUT', {detail: `${live.length === 1 ? `Clone ${ids} still runs` : `Clones ${ids} still run`} on the shared Postgres and Redis. Stop or destroy ${live.length === 1 ? 'it' : 'them'} first (asym stop ${live[0]!.id}), or pass --force.`});
  }
  await stopOwnedInfra(home, {purge: opts.purge});
  return {purged: opts.purge, stopped: true};
}
