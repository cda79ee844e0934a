import {fileURLToPath} from 'node:url';

/**
 * Bundle a template's backend into one self-contained ESM file that runs with plain `node` (the
 * process provider) or in a bare node image (docker): `src/backend/main.ts` → `dist/backend.js`
 * under the template root. Needs `esbuild` (a dev dependency of the template).
 */
export async function bundleBackend(root: string | URL, opts: {entry?: string; outfile?: string; external?: string[]} = {}): Promise<void> {
  const {build} = await import('esbuild');
  const dir = typeof root === 'string' ? root : fileURLToPath(root);
  await build({
    // Bundled CommonJS dependencies still call require(); give the ESM bundle one.
    banner: {js: "import {createRequire as __asymCreateRequire} from 'node:module'; const require = __asymCreateRequire(import.meta.url);"},
    bundle: true,
    entryPoints: [`${dir}/${opts.entry ?? 'src/backend/main.ts'}`],
    // Optional native add-ons of pg and ws: never installed, never needed.
    external: ['pg-native', 'bufferutil', 'utf-8-validate', ...(opts.external ?? [])],
    format: 'esm',
    legalComments: 'none',
    logLevel: 'warning',
    outfile: `${dir}/${opts.outfile ?? 'dist/backend.js'}`,
    platform: 'node',
    target: 'node20',
  });
}
