import type {Environment} from '@asym/contract';

import type {Registry} from '../registry/store.js';
import {rollupState} from '../registry/rollup.js';

/** Add clones to the named environment (created if new; ad-hoc environments have spec null). */
export function joinEnvironment(reg: Registry, name: string, ids: string[], spec: string | null = null): Environment {
  const now = new Date().toISOString();
  let env = reg.environments.find((e) => e.name === name);
  if (!env) {
    env = {createdAt: now, members: [], name, spec, state: 'running', updatedAt: now};
    reg.environments.push(env);
  }
  env.members = [...new Set([...env.members, ...ids])];
  if (spec !== null) env.spec = spec;
  env.state = rollupState(env.members, reg.clones);
  env.updatedAt = now;
  return env;
}

/** The environment a clone belongs to, by reverse lookup over members. */
export function environmentOf(reg: Registry, id: string): string | null {
  return reg.environments.find((e) => e.members.includes(id))?.name ?? null;
}
