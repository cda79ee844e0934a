// Benchmark: each template's hottest routes under load, against a minimal reference endpoint doing
// the same number of statements on the same Postgres, in the same run (the ratio is the figure that
// matters on a shared machine; absolute req/s move with the load of the machine).
// Usage: pnpm bench:api [--duration 5] [--connections 20] [--templates slack,stripe] [--only name,name]
// Uses a throw-away ASYM_HOME (its own Postgres and Redis unless ASYM_POSTGRES_URL / ASYM_REDIS_URL are
// set), loopback only; every clone, database and server it made is removed at the end. Asserts nothing.
import {spawn, spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createInterface} from 'node:readline';
import {fileURLToPath} from 'node:url';

import autocannon from 'autocannon';
import pg from 'pg';

import {TEMPLATES} from './bench/api-templates.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const duration = Number(arg('duration', '5'));
const connections = Number(arg('connections', '20'));
const wanted = arg('templates', Object.keys(TEMPLATES).join(',')).split(',');
const only = arg('only', '')?.split(',').filter(Boolean) ?? [];
const cli = fileURLToPath(new URL('../cli/bin/run.js', import.meta.url));

const home = mkdtempSync(join(tmpdir(), 'asym-bench-api-'));
const env = {...process.env, ASYM_HOME: home, ASYM_PROVIDER: 'process', CI: '1'};

function asym(args) {
  const r = spawnSync(process.execPath, [cli, ...args, '--json'], {encoding: 'utf8', env, maxBuffer: 1 << 24});
  if (r.status !== 0) throw new Error(`asym ${args.join(' ')} failed (${r.status}): ${r.stdout}${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** What a clone needs for the bench: base URL, control token, database URL. */
function cloneInfo(clone) {
  const registry = JSON.parse(readFileSync(join(home, 'registry.json'), 'utf8'));
  const entry = registry.clones.find((c) => c.id === clone.id);
  return {
    base: `http://127.0.0.1:${clone.ports.backend}`,
    control: entry.secrets.control,
    databaseUrl: asym(['db', clone.id]).url,
    id: clone.id,
    tokens: clone.tokens,
  };
}

async function stats(info) {
  const res = await fetch(`${info.base}/_asym/stats`, {headers: {'x-asym-control-token': info.control}});
  return res.ok ? res.json() : {queries: NaN};
}

function load(opts) {
  return autocannon({connections, duration, ...opts});
}

async function startReference(adminUrl) {
  const admin = new pg.Client({connectionString: adminUrl});
  await admin.connect();
  const name = `asym_bench_ref_${process.pid}`;
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const db = new pg.Client({connectionString: u.toString()});
  await db.connect();
  await db.query('CREATE TABLE ref_items (id bigserial PRIMARY KEY, payload jsonb NOT NULL, created timestamptz NOT NULL DEFAULT now())');
  await db.query(`INSERT INTO ref_items (payload) SELECT jsonb_build_object('text', 'seed ' || g) FROM generate_series(1, 50) g`);
  await db.end();
  const child = spawn(process.execPath, [fileURLToPath(new URL('./bench/reference.mjs', import.meta.url))], {
    env: {...process.env, DATABASE_URL: u.toString()},
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise((resolve, reject) => {
    createInterface({input: child.stdout}).once('line', (line) => resolve(Number(line)));
    child.once('exit', (code) => reject(new Error(`reference server exited (${code})`)));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      const a = new pg.Client({connectionString: adminUrl});
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

const fmt = (n, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
const rows = [];
let reference;
const clones = [];
try {
  const from = 20000 + Math.floor(Math.random() * 300) * 100;
  asym(['config', 'set', 'portRange', `${from}-${from + 99}`]);
  for (const name of wanted) {
    const t = TEMPLATES[name];
    if (!t) throw new Error(`no bench table for template ${name} (have: ${Object.keys(TEMPLATES).join(', ')})`);
    const [clone] = asym(['spin', name, '--seed', t.fixture]);
    const info = cloneInfo(clone);
    clones.push(info);
    if (!reference) {
      const admin = new URL(info.databaseUrl);
      admin.pathname = '/postgres';
      reference = await startReference(admin.toString());
    }
    const ctx = await t.setup(info);
    for (const sc of t.scenarios(ctx)) {
      if (only.length && !only.includes(sc.name)) continue;
      // Check the request answers as the real product would before loading it.
      const probe = await fetch(info.base + sc.path, {body: sc.body, headers: sc.headers, method: sc.method});
      const probeBody = await probe.text();
      if (!sc.ok(probe.status, probeBody)) throw new Error(`${name} ${sc.name}: unexpected answer ${probe.status} ${probeBody.slice(0, 300)}`);
      await load({...sc, duration: 1, url: info.base + sc.path}); // warm-up
      const before = await stats(info);
      const r = await load({...sc, url: info.base + sc.path});
      const after = await stats(info);
      const statements = sc.statements ?? Math.max(1, Math.round((after.queries - before.queries) / r.requests.total));
      const refPath = `/${sc.kind}?n=${statements}`;
      await load({...sc, duration: 1, url: reference.base + refPath});
      const ref = await load({...sc, url: reference.base + refPath});
      // And against one statement (the floor of the operation: one INSERT, one SELECT).
      const ref1 = statements === 1 ? ref : await load({...sc, url: `${reference.base}/${sc.kind}?n=1`});
      rows.push({
        bad: r.non2xx + r.errors + r.timeouts,
        clone: r,
        name: `${name} ${sc.name}`,
        ref,
        ref1,
        rss: after.memory ? after.memory.rss / 2 ** 20 : NaN,
        statements: (after.queries - before.queries) / r.requests.total,
      });
    }
  }
} finally {
  for (const c of clones) spawnSync(process.execPath, [cli, 'destroy', c.id, '--force', '--json'], {env});
  await reference?.stop().catch((error) => console.error(`could not stop the reference: ${error.message}`));
  try {
    const infra = await import('../cli/dist/infra/index.js');
    await infra.stopOwnedInfra(home, {purge: true});
  } catch {}
  rmSync(home, {force: true, recursive: true});
}

console.log(`\nAPI load: ${connections} connections, ${duration} s per run, loopback; reference = node:http + pg doing the same statements`);
console.log('ratio = clone req/s ÷ reference req/s (same statements); floor = ÷ a reference doing one statement');
console.log('route                          stmts/req  clone req/s  p50  p99 ms  ref req/s  p50  p99 ms  ratio  1-stmt req/s  floor  errors  RSS MiB');
const pct = (a, b) => `${fmt((100 * a) / b)}%`;
for (const r of rows) {
  console.log(
    `${r.name.padEnd(31)}${fmt(r.statements, 1).padStart(9)}  ${fmt(r.clone.requests.average).padStart(11)} ${fmt(r.clone.latency.p50).padStart(4)} ${fmt(r.clone.latency.p99).padStart(4)}     ${fmt(r.ref.requests.average).padStart(9)} ${fmt(r.ref.latency.p50).padStart(4)} ${fmt(r.ref.latency.p99).padStart(4)}    ${pct(r.clone.requests.average, r.ref.requests.average).padStart(5)}  ${fmt(r.ref1.requests.average).padStart(12)}  ${pct(r.clone.requests.average, r.ref1.requests.average).padStart(5)}  ${String(r.bad).padStart(6)}  ${fmt(r.rss).padStart(7)}`,
  );
}
