// Writes oclif.manifest.json after every build: with it oclif loads only the command that runs
// (without it, every command module and all it imports were loaded to answer even `--version`).
import {writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

import {Plugin} from '@oclif/core';

const root = fileURLToPath(new URL('..', import.meta.url));
const plugin = new Plugin({errorOnManifestCreate: true, ignoreManifest: true, root, type: 'core'});
await plugin.load();
writeFileSync(new URL('../oclif.manifest.json', import.meta.url), JSON.stringify(plugin.manifest, null, 2) + '\n');
