import {type Environment, RegistryFileV1, type RegistryFileV2} from '@asym/contract';

/**
 * Upgrade a legacy v1 registry: `groups` become `environments` (spec null), every clone's `group`
 * tag adds it to the environment of that name (created if missing), members are de-duplicated and
 * the tags dropped. No membership is lost.
 */
export function migrateV1(v1: RegistryFileV1, now = new Date().toISOString()): RegistryFileV2 {
  const envs = new Map<string, Environment>();
  for (const g of v1.groups) {
    const existing = envs.get(g.name);
    const members = [...(existing?.members ?? []), ...g.members];
    envs.set(g.name, {
      createdAt: existing?.createdAt ?? g.createdAt ?? now,
      members,
      name: g.name,
      spec: null,
      state: 'running',
      updatedAt: g.updatedAt ?? g.createdAt ?? now,
    });
  }
  const clones = v1.clones.map((c) => {
    const {group, ...rest} = c as typeof c & {group?: string};
    if (group) {
      const env = envs.get(group) ?? {createdAt: now, members: [], name: group, spec: null, state: 'running' as const, updatedAt: now};
      env.members.push(rest.id);
      envs.set(group, env);
    }
    return rest;
  });
  const environments = [...envs.values()].map((e) => ({...e, members: [...new Set(e.members)]}));
  return {clones, environments, version: 2};
}
