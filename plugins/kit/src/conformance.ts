/**
 * The conformance suite a template author runs against their clone. It drives the real `asymmetric`
 * CLI (as a user would): spins two clones of the template, then checks that
 *   - the health route answers,
 *   - provision mints a credential the API accepts, and the clone database holds only its sha256 hash,
 *   - bad credentials are refused,
 *   - two clones are isolated (databases, Redis prefixes, credentials, data),
 *   - `reset` returns the clone to exactly its seed (and the credential keeps working).
 *
 * From mocha:
 *
 *   import {describeConformance} from '@asym/template-kit/conformance';
 *   describeConformance({root, authenticate: async (clone, token) => (await fetch(...)).status !== 401});
 *
 * Without mocha: `await runConformance(options)` returns one result per check.
 */
import {execFile} from 'node:child_process';
import {createHash, randomBytes} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {join, resolve} from 'node:path';

import type {CloneTokens} from '@asym/contract';

import {checkDiffDeclaration} from './diff.js';

export {checkDiffDeclaration} from './diff.js';
import {Redis} from 'ioredis';
import pg from 'pg';

export interface ConformanceClone {
  id: string;
  /** The API endpoint as `spin` prints it: the service URL plus the manifest's `apiPath`. */
  api: string;
  /** The API service's base URL (control routes live under it at `/_asym/…`). */
  serviceUrl: string;
  tokens: CloneTokens;
  /** The credential the checks use (see `credential`). */
  token: string;
  database: string;
  databaseUrl: string;
  redisPrefix: string;
}

export interface ConformanceOptions {
  /** The template root: the directory holding `clone.manifest.json` (built: its backend bundle exists). */
  root: string;
  /**
   * Make one authenticated read call to the clone with `token`. Resolve true when the API accepted
   * the credential, false when it refused it (401/403 or the product's auth error).
   */
  authenticate(clone: ConformanceClone, token: string): Promise<boolean>;
  /**
   * Optional: one write through the API (create a record …), so isolation and reset have data to tell
   * apart. It is called twice on the same clone (isolation, then reset): make it repeatable (unique names).
   */
  write?(clone: ConformanceClone): Promise<void>;
  /** Which minted value is the credential (default: apiKey, botToken, userToken, then the first of `extra`). */
  credential?(tokens: CloneTokens): string | undefined;
  /** Fixture to spin with (default: the manifest's `seed.default`). */
  fixture?: string;
  /**
   * How to run the CLI: a path to a JS bin (run with this node), a command on PATH, or
   * [command, ...leading args]. Default: $ASYM_CLI, else `asymmetric`.
   */
  cli?: string | string[];
  /** Extra environment for the CLI (ASYM_HOME, ASYM_POSTGRES_URL, ASYM_PROVIDER …). */
  env?: NodeJS.ProcessEnv;
  /**
   * Hand the template to the CLI through ASYM_TEMPLATES_DIR=root (default true). Set false when the
   * template is already installed or linked (`asymmetric plugins link .`).
   */
  useTemplatesDir?: boolean;
  /** Columns (or '*' for the whole table) left out of the reset comparison, e.g. {sessions: ['last_seen']}. */
  ignore?: Record<string, string[] | '*'>;
  /** Per-check timeout for mocha (default 120 s). */
  timeoutMs?: number;
}

export interface ConformanceResult {
  name: string;
  ok: boolean;
  error?: Error;
}

interface Manifest {
  name: string;
  apiPath?: string;
  apiService?: string;
  services: Record<string, {health: string}>;
  provision?: {path: string};
  diff?: unknown;
}

class ConformanceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConformanceError';
  }
}

function check(cond: unknown, message: string): asserts cond {
  if (!cond) throw new ConformanceError(message);
}

const quoteIdent = (s: string) => `"${s.replaceAll('"', '""')}"`;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** What the suite keeps between checks: two clones and their fingerprints taken right after spin. */
export class ConformanceSession {
  readonly manifest: Manifest;
  a?: ConformanceClone;
  b?: ConformanceClone;
  private seedA?: Fingerprint;
  private seedB?: Fingerprint;
  private readonly tag = randomBytes(3).toString('hex');

  constructor(readonly opts: ConformanceOptions) {
    this.manifest = JSON.parse(readFileSync(join(resolve(opts.root), 'clone.manifest.json'), 'utf8')) as Manifest;
  }

  /** Run the CLI; resolves with its exit code and output. */
  cli(args: string[]): Promise<{code: number; stdout: string; stderr: string}> {
    const spec = this.opts.cli ?? process.env.ASYM_CLI ?? 'asymmetric';
    const [cmd, ...lead] = Array.isArray(spec) ? spec : /\.(c|m)?js$/.test(spec) ? [process.execPath, spec] : [spec];
    const env: NodeJS.ProcessEnv = {...process.env, ...this.opts.env};
    if (this.opts.useTemplatesDir !== false) env.ASYM_TEMPLATES_DIR = resolve(this.opts.root);
    return new Promise((res) => {
      execFile(cmd!, [...lead, ...args], {env, maxBuffer: 16 * 1024 * 1024, timeout: 120_000}, (error, stdout, stderr) => {
        if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
          res({code: 127, stderr: `cannot run '${cmd}': put the asymmetric CLI on PATH, or set ASYM_CLI to its bin (e.g. node_modules/@asym/cli/bin/run.js)`, stdout: ''});
          return;
        }
        res({code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stderr: String(stderr), stdout: String(stdout)});
      });
    });
  }

  private async cliJson<T>(args: string[]): Promise<T> {
    const r = await this.cli([...args, '--json']);
    let body: unknown;
    try {
      body = JSON.parse(r.stdout);
    } catch {
      throw new ConformanceError(`asymmetric ${args.join(' ')} printed no JSON (exit ${r.code}): ${r.stderr || r.stdout}`);
    }
    if (r.code !== 0) throw new ConformanceError(`asymmetric ${args.join(' ')} failed (exit ${r.code}): ${JSON.stringify((body as {error?: unknown}).error ?? body)}`);
    return body as T;
  }

  private async spin(suffix: string): Promise<ConformanceClone> {
    const name = `conf-${this.tag}-${suffix}`;
    const args = ['spin', this.manifest.name, '--name', name];
    if (this.opts.fixture) args.push('--seed', this.opts.fixture);
    const [c] = await this.cliJson<Array<{id: string; database: string; redisPrefix: string; tokens?: CloneTokens; endpoints: {api: string}}>>(args);
    check(c, `spin ${this.manifest.name} returned no clone`);
    const {url} = await this.cliJson<{url: string}>(['db', c.id]);
    const apiPath = this.manifest.apiPath ?? '';
    const serviceUrl = apiPath && c.endpoints.api.endsWith(apiPath) ? c.endpoints.api.slice(0, -apiPath.length) : c.endpoints.api;
    const tokens = c.tokens ?? {};
    const pick = this.opts.credential ?? ((t: CloneTokens) => t.apiKey ?? t.botToken ?? t.userToken ?? Object.values(t.extra ?? {})[0]);
    return {api: c.endpoints.api, database: c.database, databaseUrl: url, id: c.id, redisPrefix: c.redisPrefix, serviceUrl, token: pick(tokens) ?? '', tokens};
  }

  async setup(): Promise<void> {
    const [a, b] = await Promise.all([this.spin('a'), this.spin('b')]);
    this.a = a;
    this.b = b;
    [this.seedA, this.seedB] = await Promise.all([fingerprint(a.databaseUrl, this.opts.ignore), fingerprint(b.databaseUrl, this.opts.ignore)]);
  }

  async teardown(): Promise<void> {
    for (const c of [this.a, this.b]) if (c) await this.cli(['destroy', c.id, '--force']);
  }

  private clones(): [ConformanceClone, ConformanceClone] {
    check(this.a && this.b, 'the clones were not spun (see the setup error)');
    return [this.a, this.b];
  }

  /** The checks, in the order they run (the last ones change clone A's data). */
  readonly checks: Array<{name: string; run: () => Promise<void>}> = [
    {
      name: 'health answers on the manifest health path',
      run: async () => {
        for (const c of this.clones()) {
          const svc = this.manifest.services[this.manifest.apiService ?? 'backend'];
          check(svc, 'the manifest has no API service');
          const res = await fetch(new URL(svc.health, c.serviceUrl), {signal: AbortSignal.timeout(5000)});
          check(res.ok, `GET ${svc.health} on ${c.id} answered HTTP ${res.status}`);
          const body = (await res.json().catch(() => ({}))) as {ok?: unknown};
          check(body.ok !== false, `GET ${svc.health} on ${c.id} answered ok: false`);
        }
      },
    },
    {
      name: 'provision mints a credential the API accepts',
      run: async () => {
        const [a] = this.clones();
        check(this.manifest.provision, 'the manifest declares no provision route (provision.path)');
        check(a.token, `spin minted no credential (tokens: ${JSON.stringify(Object.keys(a.tokens))})`);
        check(await this.opts.authenticate(a, a.token), `the API refused the minted credential of ${a.id}`);
      },
    },
    {
      name: 'the clone database holds only sha256 hashes of the tokens, never the tokens',
      run: async () => {
        const [a] = this.clones();
        const secrets = [a.tokens.botToken, a.tokens.userToken, a.tokens.apiKey, ...Object.values(a.tokens.extra ?? {})].filter((s): s is string => typeof s === 'string' && s.length >= 8);
        for (const s of secrets) {
          const where = await tablesContaining(a.databaseUrl, s);
          check(where.length === 0, `a minted token is stored in plain text in ${where.join(', ')}`);
        }
        const hashed = await tablesContaining(a.databaseUrl, sha256(a.token));
        check(hashed.length > 0, 'the sha256 hash (hex) of the minted credential is nowhere in the clone database');
      },
    },
    {
      name: 'bad credentials are refused',
      run: async () => {
        const [a] = this.clones();
        const last = a.token.at(-1) === 'x' ? 'y' : 'x';
        for (const bad of ['asym-conformance-bogus-token', a.token.slice(0, -1) + last, '']) {
          check(!(await this.opts.authenticate(a, bad)), `the API accepted a bad credential (${bad ? JSON.stringify(bad.slice(0, 12) + '…') : 'empty'})`);
        }
      },
    },
    {
      name: 'two clones are isolated',
      run: async () => {
        const [a, b] = this.clones();
        check(a.database !== b.database, `both clones use database ${a.database}`);
        check(a.redisPrefix !== b.redisPrefix, `both clones use Redis prefix ${a.redisPrefix}`);
        check(a.token !== b.token, 'both clones were minted the same credential');
        check(await this.opts.authenticate(b, b.token), `the API refused the minted credential of ${b.id}`);
        check(!(await this.opts.authenticate(b, a.token)), `${b.id} accepted the credential of ${a.id}`);
        check(!(await this.opts.authenticate(a, b.token)), `${a.id} accepted the credential of ${b.id}`);
        if (this.opts.write) {
          await this.opts.write(a);
          const changed = diff(this.seedA!, await fingerprint(a.databaseUrl, this.opts.ignore));
          check(changed, `write() on ${a.id} changed nothing in its database`);
        }
        const other = diff(this.seedB!, await fingerprint(b.databaseUrl, this.opts.ignore));
        check(!other, `${b.id} changed while only ${a.id} was written to: ${other}`);
      },
    },
    {
      name: 'snapshot, then restore returns exactly the snapshot; diff shows the write in between',
      run: async () => {
        const [a] = this.clones();
        if (this.manifest.diff) {
          const problems = await withDb(a.databaseUrl, (db) => checkDiffDeclaration(db, this.manifest.diff));
          check(problems.length === 0, `the manifest's diff declaration does not read: ${problems.join('; ')}`);
        }
        await this.cliJson(['snapshot', a.id, 'conformance', '--force']);
        const saved = await fingerprint(a.databaseUrl, this.opts.ignore);
        if (this.opts.write) await this.opts.write(a);
        if (this.manifest.diff && this.opts.write) {
          const d = await this.cliJson<{totals: {created: number; updated: number; deleted: number}}>(['diff', a.id, '--since', 'conformance']);
          check(d.totals.created + d.totals.updated + d.totals.deleted > 0, `write() on ${a.id} shows nowhere in asym diff: declare the entity it writes in the manifest's diff`);
        }
        await this.cliJson(['restore', a.id, 'conformance']);
        const d = diff(saved, await fingerprint(a.databaseUrl, this.opts.ignore));
        check(!d, `after restore the database differs from the snapshot: ${d}`);
        if (this.manifest.diff) {
          const again = await this.cliJson<{totals: {created: number; updated: number; deleted: number}}>(['diff', a.id, '--since', 'conformance']);
          check(again.totals.created + again.totals.updated + again.totals.deleted === 0, `after restore asym diff still reports changes: ${JSON.stringify(again.totals)}`);
        }
        check(await this.opts.authenticate(a, a.token), `after restore the API refused the credential ${a.id} was minted`);
      },
    },
    {
      name: 'reset returns exactly the seed, and the credential keeps working',
      run: async () => {
        const [a] = this.clones();
        if (this.opts.write) await this.opts.write(a);
        const redisUrl = await this.redisUrl();
        const redis = redisUrl ? new Redis(redisUrl, {lazyConnect: true, maxRetriesPerRequest: 1}) : undefined;
        redis?.on('error', () => undefined);
        try {
          if (redis) await redis.set(`${a.redisPrefix}asym-conformance`, '1');
          // Change the database behind the backend's back: empty every table and add one.
          await withDb(a.databaseUrl, async (db) => {
            const tables = await listTables(db);
            if (tables.length > 0) await db.query(`TRUNCATE ${tables.map((t) => `${quoteIdent(t.schema)}.${quoteIdent(t.name)}`).join(', ')} CASCADE`);
            await db.query('CREATE TABLE asym_conformance_stray (x int)');
          });
          const r = await this.cli(['reset', a.id, '--json']);
          check(r.code === 0, `asymmetric reset ${a.id} failed (exit ${r.code}): ${r.stdout || r.stderr}`);
          const after = await fingerprint(a.databaseUrl, this.opts.ignore);
          const d = diff(this.seedA!, after);
          check(!d, `after reset the database differs from the seed: ${d}`);
          if (redis) check((await redis.exists(`${a.redisPrefix}asym-conformance`)) === 0, `reset left the clone's Redis keys (${a.redisPrefix}…)`);
          check(await this.opts.authenticate(a, a.token), `after reset the API refused the credential ${a.id} was minted`);
        } finally {
          redis?.disconnect();
        }
      },
    },
  ];

  private async redisUrl(): Promise<string | undefined> {
    const env = {...process.env, ...this.opts.env};
    if (env.ASYM_REDIS_URL) return env.ASYM_REDIS_URL;
    const r = await this.cli(['infra', 'status', '--json']);
    try {
      return (JSON.parse(r.stdout) as {endpoints?: {redis?: string}}).endpoints?.redis;
    } catch {
      return undefined;
    }
  }
}

/** Run every check once; never throws (a failed setup fails every check). */
export async function runConformance(opts: ConformanceOptions): Promise<ConformanceResult[]> {
  const s = new ConformanceSession(opts);
  const out: ConformanceResult[] = [];
  try {
    await s.setup();
    for (const c of s.checks) {
      try {
        await c.run();
        out.push({name: c.name, ok: true});
      } catch (error) {
        out.push({error: error as Error, name: c.name, ok: false});
      }
    }
  } catch (error) {
    for (const c of s.checks) out.push({error: error as Error, name: c.name, ok: false});
  } finally {
    await s.teardown();
  }
  return out;
}

interface MochaContext {
  timeout(ms: number): void;
}
type MochaFn = (this: MochaContext) => void | Promise<void>;
interface MochaGlobals {
  describe(title: string, fn: MochaFn): void;
  it(title: string, fn: MochaFn): void;
  before(fn: MochaFn): void;
  after(fn: MochaFn): void;
}

/** Register the suite with mocha (call it at the top level of a test file). */
export function describeConformance(opts: ConformanceOptions, title?: string): void {
  const g = globalThis as unknown as Partial<MochaGlobals>;
  if (!g.describe || !g.it || !g.before || !g.after) throw new Error('describeConformance must be called from a mocha test file (use runConformance elsewhere)');
  const s = new ConformanceSession(opts);
  const ms = opts.timeoutMs ?? 120_000;
  const {after, before, it} = g as MochaGlobals;
  g.describe(title ?? `asymmetric template conformance: ${s.manifest.name}`, function () {
    this.timeout(ms);
    before(async function () {
      this.timeout(ms);
      await s.setup();
    });
    after(async function () {
      this.timeout(ms);
      await s.teardown();
    });
    for (const c of s.checks) it(c.name, c.run);
  });
}

// ---- database helpers ------------------------------------------------------------------------

interface Table {
  schema: string;
  name: string;
}
type Fingerprint = Map<string, string>;

async function withDb<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({connectionString: url});
  c.on('error', () => undefined);
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function listTables(db: pg.Client): Promise<Table[]> {
  const r = await db.query<Table>(
    `SELECT n.nspname AS schema, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'
     ORDER BY 1, 2`,
  );
  return r.rows;
}

/** Tables (schema.table) with a row whose text form contains `needle`. */
async function tablesContaining(url: string, needle: string): Promise<string[]> {
  return withDb(url, async (db) => {
    const out: string[] = [];
    for (const t of await listTables(db)) {
      const r = await db.query<{n: number}>(`SELECT count(*)::int AS n FROM ${quoteIdent(t.schema)}.${quoteIdent(t.name)} x WHERE strpos(x::text, $1) > 0`, [needle]);
      if ((r.rows[0]?.n ?? 0) > 0) out.push(`${t.schema}.${t.name}`);
    }
    return out;
  });
}

/** Every table's columns and rows (sorted), as text, keyed by schema.table. */
async function fingerprint(url: string, ignore: ConformanceOptions['ignore'] = {}): Promise<Fingerprint> {
  return withDb(url, async (db) => {
    const out: Fingerprint = new Map();
    for (const t of await listTables(db)) {
      const key = `${t.schema}.${t.name}`;
      const skip = ignore[t.name] ?? ignore[key] ?? [];
      const cols = await db.query<{c: string}>(
        `SELECT string_agg(column_name || ' ' || data_type || ' ' || is_nullable, ', ' ORDER BY ordinal_position) AS c FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2`,
        [t.schema, t.name],
      );
      if (skip === '*') {
        out.set(key, `(${cols.rows[0]?.c}) rows ignored`);
        continue;
      }
      const rows = await db.query<{r: string}>(
        `SELECT coalesce(jsonb_agg(r ORDER BY r::text), '[]'::jsonb)::text AS r FROM (SELECT to_jsonb(x) - $1::text[] AS r FROM ${quoteIdent(t.schema)}.${quoteIdent(t.name)} x) q`,
        [skip],
      );
      out.set(key, `(${cols.rows[0]?.c}) ${rows.rows[0]?.r}`);
    }
    return out;
  });
}

/** A one-line description of the first difference, or undefined when equal. */
function diff(before: Fingerprint, after: Fingerprint): string | undefined {
  for (const k of before.keys()) if (!after.has(k)) return `table ${k} is gone`;
  for (const k of after.keys()) if (!before.has(k)) return `table ${k} was added`;
  for (const [k, v] of before) {
    const w = after.get(k)!;
    if (v !== w) return `table ${k} differs (before: ${v.slice(0, 300)}; after: ${w.slice(0, 300)})`;
  }
  return undefined;
}
