// Benchmark: a fleet of clones on one machine. Spins --count `api` clones (process provider) one after
// another, then reports each spin's time (the last against the first), total backend memory, the
// Postgres connections the clones hold once idle, and that every clone answers.
// Usage: pnpm bench:fleet [--count 100] [--template slack] [--fixture acme-corp] [--idle-wait 5]
// Always a throw-away ASYM_HOME with its own Postgres and Redis (never a shared server: a fleet can
// take its connections); everything is destroyed and stopped at the end. Prints figures; asserts nothing.
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

import pg from 'pg';

import {memoryMiB} from './bench/memory.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const count = Number(arg('count', '100'));
const template = arg('template', 'slack');
const fixture = arg('fixture', 'acme-corp');
const idleWait = Number(arg('idle-wait', '5'));
const cli = fileURLToPath(new URL('../cli/bin/run.js', import.meta.url));

const home = mkdtempSync(join(tmpdir(), 'asym-bench-fleet-'));
const {ASYM_POSTGRES_URL: _p, ASYM_REDIS_URL: _r, ...inherited} = process.env;
const env = {...inherited, ASYM_HOME: home, ASYM_PROVIDER: 'process', CI: '1'};

function asym(args) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cli, ...args, '--json'], {encoding: 'utf8', env, maxBuffer: 1 << 24});
  const wall = performance.now() - t0;
  if (r.status !== 0) throw new Error(`asym ${args.join(' ')} failed (${r.status}): ${r.stdout}${r.stderr}`);
  return {json: JSON.parse(r.stdout), wall};
}


const clones = [];
const spins = [];
let report;
try {
  const from = 20000 + Math.floor(Math.random() * 200) * 200;
  asym(['config', 'set', 'portRange', `${from}-${from + count + 50}`]);
  const warm = asym(['spin', template, '--seed', fixture]); // starts the owned infra, builds the template database
  asym(['destroy', warm.json[0].id, '--force']);
  for (let i = 0; i < count; i++) {
    const s = asym(['spin', template, '--seed', fixture, '--mode', 'api']);
    clones.push(s.json[0]);
    spins.push({inner: s.json[0].elapsedMs, wall: s.wall});
    process.stderr.write(`\r  spun ${i + 1}/${count} (${s.wall.toFixed(0)} ms)`);
  }
  process.stderr.write('\n');
  await new Promise((r) => setTimeout(r, idleWait * 1000));
  const answers = await Promise.all(clones.map((c) => fetch(`http://127.0.0.1:${c.ports.backend}/_asym/health`).then((r) => r.ok, () => false)));
  const adminUrl = new URL(asym(['db', clones[0].id]).json.url);
  adminUrl.pathname = '/postgres';
  const admin = new pg.Client({connectionString: adminUrl.toString()});
  await admin.connect();
  const idle = async () => Number((await admin.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname LIKE 'clone\\_%'`)).rows[0].n);
  const heldAfterHealth = await idle();
  await new Promise((r) => setTimeout(r, 3000));
  const heldIdle = await idle();
  const max = (await admin.query('SHOW max_connections')).rows[0].max_connections;
  await admin.end();
  const mem = clones.map((c) => memoryMiB(c.pids?.backend));
  report = {answers, heldAfterHealth, heldIdle, max, mem};
} finally {
  for (const c of clones) spawnSync(process.execPath, [cli, 'destroy', c.id, '--force', '--json'], {env});
  try {
    const infra = await import('../cli/dist/infra/index.js');
    await infra.stopOwnedInfra(home, {purge: true});
  } catch {}
  rmSync(home, {force: true, recursive: true});
}

const q = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const walls = spins.map((s) => s.wall);
console.log(`\nfleet of ${count} ${template} clones (process provider, api mode, own Postgres and Redis)`);
console.log(`  spin wall ms: first ${walls[0].toFixed(0)}, last ${walls.at(-1).toFixed(0)} (${(walls.at(-1) / walls[0]).toFixed(2)}× the first), median ${q(walls, 0.5).toFixed(0)}, p90 ${q(walls, 0.9).toFixed(0)}`);
console.log(`  spin inside the CLI ms: first ${spins[0].inner}, last ${spins.at(-1).inner}`);
console.log('  every spin (wall ms): ' + walls.map((w) => w.toFixed(0)).join(' '));
const sum = (k) => report.mem.map((m) => m[k]).filter(Number.isFinite).reduce((a, b) => a + b, 0);
const med = (k) => q(report.mem.map((m) => m[k]).filter(Number.isFinite), 0.5).toFixed(1);
console.log(`  backend memory (MiB): PSS total ${sum('pss').toFixed(0)} (per clone median ${med('pss')}), private total ${sum('private').toFixed(0)} (median ${med('private')}), RSS median ${med('rss')} (counts the shared Node binary in every clone)`);
console.log(`  Postgres connections held by clones: ${report.heldAfterHealth} right after a health check of all, ${report.heldIdle} after 3 s idle (max_connections ${report.max})`);
console.log(`  clones answering: ${report.answers.filter(Boolean).length}/${count}`);
