import {execFileSync} from 'node:child_process';

import {asymError, type CloneRecord} from '@asym/contract';

import type {LocalProvider, ProviderContext} from './local.js';

// Loaded when a provider is needed (it brings pg, ioredis …): `status` with no clones never pays for it.
const processProvider = async (ctx: ProviderContext): Promise<LocalProvider> => new (await import('./process/provider.js')).ProcessProvider(ctx);

export type ProviderName = 'process' | 'docker';

/** Whether a Docker engine answers (used by provider `auto`). */
export function dockerEngineAnswers(): boolean {
  try {
    execFileSync('docker', ['info', '--format', '{{.ServerVersion}}'], {stdio: 'ignore', timeout: 3000});
    return true;
  } catch {
    return false;
  }
}

async function loadDocker(ctx: ProviderContext): Promise<LocalProvider> {
  let mod: {DockerProvider?: new (c: ProviderContext) => LocalProvider};
  try {
    mod = await import('./docker/provider.js' as string);
  } catch {
    throw asymError('PROVIDER_UNSUPPORTED', {detail: 'this build has no docker provider', provider: 'docker'});
  }
  if (!mod.DockerProvider) throw asymError('PROVIDER_UNSUPPORTED', {detail: 'this build has no docker provider', provider: 'docker'});
  return new mod.DockerProvider(ctx);
}

/** The provider for new clones: the flag, else config/env, else docker when an engine answers, else process. */
export async function providerFor(ctx: ProviderContext, requested?: string): Promise<LocalProvider> {
  const choice = requested ?? ctx.config.provider;
  if (choice === 'process') return processProvider(ctx);
  if (choice === 'docker') {
    if (!dockerEngineAnswers()) throw asymError('DOCKER_UNAVAILABLE', {});
    return loadDocker(ctx);
  }
  if (choice !== 'auto') throw asymError('INVALID_INPUT', {detail: `--provider must be auto, process or docker (got "${choice}")`});
  // Docker only when it can really run a clone here: engine, compose and the base images present.
  if (dockerEngineAnswers()) {
    try {
      const {dockerUsable} = await import('./docker/usable.js');
      if (await dockerUsable(ctx.config)) return await loadDocker(ctx);
    } catch {}
  }
  return processProvider(ctx);
}

/** The provider that made an existing clone. */
export async function providerOf(ctx: ProviderContext, record: Pick<CloneRecord, 'provider'>): Promise<LocalProvider> {
  return record.provider === 'docker' ? loadDocker(ctx) : processProvider(ctx);
}
