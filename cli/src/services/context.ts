import type {Config as OclifConfig} from '@oclif/core';

import {ConfigStore} from '../config/store.js';
import {asymHome, ensureHome} from '../home.js';
import type {ProviderContext} from '../providers/local.js';
import {RegistryStore} from '../registry/store.js';
import {loadCatalog} from '../templates/catalog.js';

/** Everything a service needs: home dir, registry, config, and the template catalog. */
export async function serviceContext(oclif: OclifConfig): Promise<ProviderContext> {
  const home = ensureHome(asymHome());
  const config = new ConfigStore(home).read();
  const catalog = await loadCatalog(oclif);
  return {catalog, config, home, registry: new RegistryStore(home)};
}
