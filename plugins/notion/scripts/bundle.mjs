// Bundles the backend (dist/backend.js) and the plugin hook (dist/hooks/templates.js) into
// self-contained files, so the installed package needs no dependencies and the CLI runs the
// backend with plain `node`.
import {bundleBackend} from '@asym/template-kit/bundle';

const root = new URL('..', import.meta.url);
await bundleBackend(root);
await bundleBackend(root, {entry: 'src/hooks/templates.ts', outfile: 'dist/hooks/templates.js'});
