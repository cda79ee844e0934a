// Bundles the backend into one self-contained file (dist/backend.js) that runs with plain `node`.
import {build} from 'esbuild';

await build({
  banner: {js: "import {createRequire as __asymCreateRequire} from 'node:module'; const require = __asymCreateRequire(import.meta.url);"},
  bundle: true,
  entryPoints: [new URL('../src/backend/main.ts', import.meta.url).pathname],
  format: 'esm',
  legalComments: 'none',
  logLevel: 'warning',
  outfile: new URL('../dist/backend.js', import.meta.url).pathname,
  platform: 'node',
  target: 'node20',
  external: ['pg-native', 'bufferutil', 'utf-8-validate'],
});
