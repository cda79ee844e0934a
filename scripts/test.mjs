// Runs the test suites with mocha and ends with one plain summary line ("N passed, N failed").
// Usage: node scripts/test.mjs [unit|integration|e2e|docker|all] [path fragments…]
// Layers: unit = *.test.ts (no services); integration = *.integration.test.ts (real Postgres/Redis);
// e2e = *.e2e.test.ts (the built CLI as a subprocess); docker = *.docker.test.ts (a real Docker engine).
import {spawnSync} from 'node:child_process';
import {existsSync, readdirSync} from 'node:fs';
import {join, relative} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const [kind = 'all', ...globs] = process.argv.slice(2);
const walk = (dir) =>
  existsSync(dir) ? readdirSync(dir, {withFileTypes: true}).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)])) : [];
const roots = ['contract/test', 'cli/test', ...readdirSync(join(root, 'plugins')).map((p) => `plugins/${p}/test`)];
const all = roots.flatMap((r) => walk(join(root, r))).map((f) => relative(root, f));
const files = (suffix) => all.filter((f) => f.endsWith(suffix));
const isLayer = (f, layer) => f.endsWith(`.${layer}.test.ts`);
const unit = files('.test.ts').filter((f) => !['integration', 'e2e', 'docker'].some((l) => isLayer(f, l)));
const selected =
  globs.length > 0
    ? all.filter((f) => globs.some((g) => f.includes(g)))
    : {
        all: [...unit, ...files('.integration.test.ts'), ...files('.e2e.test.ts'), ...(process.env.ASYM_TEST_DOCKER === '1' ? files('.docker.test.ts') : [])],
        docker: files('.docker.test.ts'),
        e2e: files('.e2e.test.ts'),
        integration: files('.integration.test.ts'),
        unit,
      }[kind];
if (!selected) {
  console.error(`unknown suite "${kind}": use unit, integration, e2e, docker or all`);
  process.exit(2);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/mocha-run.mjs', ...selected.sort()], {cwd: root, stdio: 'inherit'});
process.exit(result.status ?? 1);
