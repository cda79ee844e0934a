import type {Config as OclifConfig} from '@oclif/core';

import {ConfigStore} from '../config/store.js';
import {asymHome, ensureHome} from '../home.js';
import type {ProviderContext} from '../providers/local.js';
import {RegistryStore} from '../registry/store.js';
import {loadCatalog} from '../templates/catalog.js';

/**
 * Everything a service needs: home dir, registry, config, and the template catalog. Commands that
 * only look at existing clones pass `catalog: 'when-clones'`: with no clone there is nothing to
 * resolve, and asking every template plugin for its manifest was most of their start time.
 */
export async function serviceContext(oclif: OclifConfig, opts: {catalog?: 'always' | 'when-clones'} = {}): Promise<ProviderContext> {
  const home = ensureHome(asymHome());
  const config = new ConfigStore(home).read();
  const registry = new RegistryStore(home);
  const needed = opts.catalog !== 'when-clones' || (await registry.read()).clones.length > 0;
  const catalog = needed ? await loadCatalog(oclif) : {problems: [], templates: []};
  return {catalog, config, home, registry};
}
