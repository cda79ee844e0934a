// Bundles the backend and the plugin hook into self-contained files: the installed package needs no
// dependencies, and the CLI runs dist/backend.js with plain `node` (or puts it in a node image).
import {build} from 'esbuild';

const common = {
  banner: {js: "import {createRequire as __asymCreateRequire} from 'node:module'; const require = __asymCreateRequire(import.meta.url);"},
  bundle: true,
  external: ['pg-native'],
  format: 'esm',
  legalComments: 'none',
  logLevel: 'warning',
  platform: 'node',
  target: 'node20',
};
const path = (p) => new URL(p, import.meta.url).pathname;
await build({...common, entryPoints: [path('../src/backend/main.ts')], outfile: path('../dist/backend.js')});
await build({...common, entryPoints: [path('../src/hooks/templates.ts')], outfile: path('../dist/hooks/templates.js')});
