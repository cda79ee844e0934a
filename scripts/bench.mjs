// Benchmark: spin and reset times and the backend's resident memory, median and spread over N runs.
// Usage: pnpm bench [--runs N] [--provider process|docker|all] [--template slack] [--fixture acme-corp]
// Uses a throw-away ASYM_HOME; Postgres/Redis are the ones asymmetric starts and owns there (as a new
// user gets them), unless ASYM_POSTGRES_URL / ASYM_REDIS_URL are set. Prints figures; asserts nothing.
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

import {memoryMiB} from './bench/memory.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const runs = Number(arg('runs', '5'));
const template = arg('template', 'slack');
const fixture = arg('fixture', 'acme-corp');
const which = arg('provider', 'all');
const cli = fileURLToPath(new URL('../cli/bin/run.js', import.meta.url));

const dockerUp = () => spawnSync('docker', ['info'], {stdio: 'ignore'}).status === 0;
const providers = which === 'all' ? ['process', ...(dockerUp() ? ['docker'] : [])] : [which];

function asym(env, args) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cli, ...args, '--json'], {encoding: 'utf8', env: {...process.env, ...env}, maxBuffer: 1 << 24});
  const wall = performance.now() - t0;
  if (r.status !== 0) throw new Error(`asym ${args.join(' ')} failed (${r.status}): ${r.stdout}${r.stderr}`);
  return {json: JSON.parse(r.stdout), wall};
}


function containerRssMiB(id) {
  try {
    const name = execFileSync('docker', ['ps', '--filter', `label=dev.asymmetric.clone=${id}`, '--format', '{{.Names}}'], {encoding: 'utf8'}).split('\n').find((n) => /backend/.test(n));
    const out = execFileSync('docker', ['stats', '--no-stream', '--format', '{{.MemUsage}}', name], {encoding: 'utf8'});
    const [num, unit] = /([\d.]+)\s*([KMG]i?B)/.exec(out).slice(1);
    return Number(num) * ({GiB: 1024, KiB: 1 / 1024, MiB: 1}[unit] ?? 1);
  } catch {
    return NaN;
  }
}

const stats = (xs) => {
  const s = [...xs].filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return 'n/a';
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return `median ${q(0.5).toFixed(1)}  min ${s[0].toFixed(1)}  p90 ${q(0.9).toFixed(1)}  max ${s.at(-1).toFixed(1)}  (n=${s.length})`;
};

// No image can be pulled on an offline machine: use the local stand-ins scripts/docker/setup.sh builds.
const hasImage = (ref) => spawnSync('docker', ['image', 'inspect', ref], {stdio: 'ignore'}).status === 0;
const dockerImages = () =>
  hasImage('postgres:15') && hasImage('redis:7') && hasImage('node:20-slim')
    ? {}
    : {ASYM_DOCKER_NODE_IMAGE: 'asym-standin/node:20', ASYM_DOCKER_POSTGRES_IMAGE: 'asym-standin/postgres:15', ASYM_DOCKER_REDIS_IMAGE: 'asym-standin/redis:7'};

// CLI start on an empty home, beside Node itself starting (the floor), in the same run.
{
  const home = mkdtempSync(join(tmpdir(), 'asym-bench-start-'));
  const time = (args) => {
    const t0 = performance.now();
    spawnSync(process.execPath, args, {env: {...process.env, ASYM_HOME: home, CI: '1'}, stdio: 'ignore'});
    return performance.now() - t0;
  };
  const rows = [['node -e 0 (floor)', ['-e', '0']], ['--version', [cli, '--version']], ['status --json', [cli, 'status', '--json']], ['ls', [cli, 'ls']], ['tokens', [cli, 'tokens', '--json']]];
  console.log(`\nCLI start on an empty home (ms), ${runs} runs each`);
  for (const [name, args] of rows) {
    const xs = Array.from({length: runs}, () => time(args));
    console.log(`  ${name.padEnd(20)} ${stats(xs)}`);
  }
  rmSync(home, {force: true, recursive: true});
}

for (const provider of providers) {
  const home = mkdtempSync(join(tmpdir(), 'asym-bench-'));
  const env = {ASYM_HOME: home, ASYM_PROVIDER: provider, CI: '1', ...(provider === 'docker' ? dockerImages() : {})};
  const from = 20000 + Math.floor(Math.random() * 300) * 100;
  asym(env, ['config', 'set', 'portRange', `${from}-${from + 99}`]);
  const spinWall = [], spinInner = [], resetWall = [], resetInner = [], rss = [], pss = [], priv = [];
  let firstSpin;
  try {
    // Warm-up: starts the shared infrastructure and builds the template database once.
    const warm = asym(env, ['spin', template, '--seed', fixture]);
    firstSpin = warm.wall;
    asym(env, ['destroy', warm.json[0].id, '--force']);
    for (let i = 0; i < runs; i++) {
      const s = asym(env, ['spin', template, '--seed', fixture]);
      const c = s.json[0];
      spinWall.push(s.wall);
      spinInner.push(c.elapsedMs);
      for (let j = 0; j < 3; j++) {
        const r = asym(env, ['reset', c.id]);
        resetWall.push(r.wall);
        resetInner.push(r.json.elapsedMs);
      }
      if (provider === 'docker') rss.push(containerRssMiB(c.id));
      else {
        const m = memoryMiB(c.pids?.backend);
        rss.push(m.rss);
        pss.push(m.pss);
        priv.push(m.private);
      }
      asym(env, ['destroy', c.id, '--force']);
    }
  } finally {
    const list = spawnSync(process.execPath, [cli, 'status', '--json'], {encoding: 'utf8', env: {...process.env, ...env}});
    for (const c of JSON.parse(list.stdout || '[]')) spawnSync(process.execPath, [cli, 'destroy', c.id, '--force'], {env: {...process.env, ...env}});
    try {
      const infra = await import('../cli/dist/infra/index.js');
      await infra.stopOwnedInfra(home, {purge: true});
    } catch {}
    rmSync(home, {force: true, recursive: true});
  }
  console.log(`\n${provider} provider — ${template} with fixture ${fixture}, ${runs} runs`);
  console.log(`  first spin (starts infra, builds the template db): ${firstSpin.toFixed(0)} ms`);
  console.log(`  spin, CLI wall time (ms):           ${stats(spinWall)}`);
  console.log(`  spin, inside the CLI (ms):          ${stats(spinInner)}`);
  console.log(`  reset, CLI wall time (ms):          ${stats(resetWall)}`);
  console.log(`  reset, inside the CLI (ms):         ${stats(resetInner)}`);
  console.log(`  backend resident memory (MiB):      ${stats(rss)}`);
  if (pss.length) console.log(`  backend PSS, shared pages split (MiB): ${stats(pss)}`);
  if (priv.length) console.log(`  backend private memory (MiB):       ${stats(priv)}`);
}
