// Bundles the backend into one self-contained file (dist/backend.js) that runs with plain `node`.
import {bundleBackend} from '@asym/template-kit/bundle';

await bundleBackend(new URL('..', import.meta.url));
