// Benchmark: `env spin` of an environment of N clones (N = 1, 3, 6), members spun in parallel (the
// default) against one after another (the hidden `--sequential` flag, as the original product does).
// Usage: node scripts/bench-env.mjs [--runs 3] [--sizes 1,3,6] [--template slack] [--fixture acme-corp] [--provider process]
// Uses a throw-away ASYM_HOME and a random port range; Postgres/Redis from ASYM_POSTGRES_URL /
// ASYM_REDIS_URL when set, else the ones asymmetric starts and owns there. Every environment is
// destroyed after its run, and everything left is cleaned up at the end. Prints figures; asserts nothing.
import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const runs = Number(arg('runs', '3'));
const sizes = arg('sizes', '1,3,6').split(',').map(Number);
const template = arg('template', 'slack');
const fixture = arg('fixture', 'acme-corp');
const provider = arg('provider', 'process');
const cli = fileURLToPath(new URL('../cli/bin/run.js', import.meta.url));

const home = mkdtempSync(join(tmpdir(), 'asym-bench-env-'));
const env = {...process.env, ASYM_HOME: home, ASYM_PROVIDER: provider, CI: '1'};

function asym(args, {check = true} = {}) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cli, ...args, '--json'], {encoding: 'utf8', env, maxBuffer: 1 << 24});
  const wall = performance.now() - t0;
  if (check && r.status !== 0) throw new Error(`asym ${args.join(' ')} failed (${r.status}): ${r.stdout}${r.stderr}`);
  let json;
  try {
    json = JSON.parse(r.stdout);
  } catch {}
  return {json, status: r.status, wall};
}

function specFile(name, n) {
  const file = join(home, `${name}.env.yaml`);
  const clones = Array.from({length: n}, () => `  - template: ${template}\n    seed: ${fixture}\n`).join('');
  writeFileSync(file, `name: ${name}\nclones:\n${clones}`);
  return file;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`.padStart(9);

function cleanup() {
  const envs = asym(['env', 'ls'], {check: false}).json;
  for (const e of Array.isArray(envs) ? envs : []) asym(['env', 'destroy', e.name, '--force'], {check: false});
  const clones = asym(['status'], {check: false}).json;
  for (const c of Array.isArray(clones) ? clones : []) asym(['destroy', c.id, '--force'], {check: false});
}

const results = [];
try {
  const from = 20000 + Math.floor(Math.random() * 400) * 100;
  asym(['config', 'set', 'portRange', `${from}-${from + 99}`]);
  // Warm-up: starts the shared infrastructure (when owned) and builds the template database once.
  const warm = asym(['env', 'spin', specFile('warmup', 1)]);
  console.log(`warm-up env spin (infra + template database): ${fmt(warm.wall)}`);
  asym(['env', 'destroy', 'warmup', '--force']);

  for (const n of sizes) {
    const wall = {parallel: [], sequential: []};
    const inner = {parallel: [], sequential: []};
    for (let i = 0; i < runs; i++) {
      // Alternate which goes first so neither always gets the warmer machine.
      const order = i % 2 === 0 ? ['parallel', 'sequential'] : ['sequential', 'parallel'];
      for (const how of order) {
        const name = `bench-${n}-${how}-${i}`;
        const r = asym(['env', 'spin', specFile(name, n), ...(how === 'sequential' ? ['--sequential'] : [])]);
        if (r.json.clones.length !== n) throw new Error(`${name}: ${r.json.clones.length}/${n} clones up`);
        wall[how].push(r.wall);
        inner[how].push(r.json.elapsedMs);
        asym(['env', 'destroy', name, '--force']);
      }
    }
    results.push({inner, n, wall});
  }
} finally {
  cleanup();
  if (!process.env.ASYM_POSTGRES_URL || !process.env.ASYM_REDIS_URL) {
    try {
      const infra = await import('../cli/dist/infra/index.js');
      await infra.stopOwnedInfra(home, {purge: true});
    } catch {}
  }
  rmSync(home, {force: true, recursive: true});
}

console.log(`\nenv spin — ${template} with fixture ${fixture}, ${provider} provider, ${runs} run(s) each; median (min)`);
console.log('  "inside" is the command\'s own time (elapsedMs); "CLI" adds the process start (oclif, catalog).');
const cell = (xs) => `${fmt(median(xs))} (${fmt(Math.min(...xs)).trim()})`;
console.log(`  ${'clones'.padEnd(7)} ${'parallel inside'.padEnd(22)} ${'sequential inside'.padEnd(22)} ${'parallel CLI'.padEnd(22)} ${'sequential CLI'.padEnd(22)} speed-up`);
for (const r of results) {
  const speedup = median(r.inner.sequential) / median(r.inner.parallel);
  console.log(`  N=${String(r.n).padEnd(5)} ${cell(r.inner.parallel).padEnd(22)} ${cell(r.inner.sequential).padEnd(22)} ${cell(r.wall.parallel).padEnd(22)} ${cell(r.wall.sequential).padEnd(22)} ×${speedup.toFixed(2)}`);
}
