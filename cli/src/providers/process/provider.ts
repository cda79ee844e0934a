import {spawn} from 'node:child_process';
import {existsSync, mkdirSync, openSync, closeSync, rmSync} from 'node:fs';
import {join, resolve} from 'node:path';

import {asymError, type CloneRecord, type LogLine, type LogOptions} from '@asym/contract';

import {paths} from '../../home.js';
import {ensureInfra, resolveInfraSettings} from '../../infra/index.js';
import {LocalProvider, type ServiceLaunch, type SharedInfra} from '../local.js';
import {logFile, readLogs} from './logs.js';
import {findCloneProcesses, isCloneProcess, terminate} from './processes.js';

/** Environment variables passed through to backends; nothing else of the CLI's environment leaks in. */
const PASS_ENV = ['PATH', 'HOME', 'LANG', 'TZ', 'SYSTEMROOT', 'TMPDIR', 'ASYM_LOG_LEVEL'];

/** Runs each service as a detached `node` process; no Docker needed. */
export class ProcessProvider extends LocalProvider {
  readonly name = 'process' as const;

  protected async ensureInfra(onStep?: (title: string) => void): Promise<SharedInfra> {
    const settings = resolveInfraSettings({postgresUrl: this.ctx.config.postgresUrl, redisUrl: this.ctx.config.redisUrl});
    const e = await ensureInfra(this.ctx.home, settings, onStep);
    return {postgresUrl: e.postgresUrl, redisUrl: e.redisUrl};
  }

  protected async launch({infra, record, services, template}: ServiceLaunch): Promise<Record<string, number>> {
    const pids: Record<string, number> = {};
    const logsDir = paths(this.ctx.home).logs;
    mkdirSync(join(logsDir, record.id), {recursive: true});
    const dataDir = join(paths(this.ctx.home).clones, record.id, 'data');
    mkdirSync(dataDir, {recursive: true});
    const dbUrl = new URL(infra.postgresUrl);
    dbUrl.pathname = `/${record.database}`;
    for (const svc of services) {
      const def = template.manifest.services[svc]!;
      if (!def.entry) throw asymError('PROVIDER_UNSUPPORTED', {detail: `service "${svc}" of template "${template.name}" has no bundled entry to run without Docker; use --provider docker`, provider: 'process'});
      const entry = resolve(template.root, def.entry);
      if (!existsSync(entry)) throw asymError('CLONE_START_FAILED', {detail: `${entry} is missing; build the template`, id: record.id});
      const fd = openSync(logFile(logsDir, record.id, svc), 'a', 0o600);
      const env: NodeJS.ProcessEnv = Object.fromEntries(PASS_ENV.filter((k) => process.env[k]).map((k) => [k, process.env[k]]));
      Object.assign(env, {
        ASYM_CLONE_ID: record.id,
        // Lets doctor find this home's clones again if the registry is ever lost.
        ASYM_HOME: this.ctx.home,
        ASYM_CONTROL_TOKEN: record.secrets?.control ?? '',
        // Files the backend keeps beside its database (the docker provider mounts the clone's volume there).
        ASYM_DATA_DIR: dataDir,
        ASYM_SERVICE: svc,
        DATABASE_URL: dbUrl.toString(),
        HOST: record.expose ? '0.0.0.0' : '127.0.0.1',
        JWT_SECRET: record.secrets?.jwt ?? '',
        NODE_ENV: 'production',
        PORT: String(record.ports[svc]),
        REDIS_PREFIX: record.redisPrefix,
        REDIS_URL: infra.redisUrl,
      });
      try {
        const child = spawn(process.execPath, [entry], {cwd: template.root, detached: true, env, stdio: ['ignore', fd, fd]});
        await new Promise<void>((res, rej) => {
          child.once('spawn', () => res());
          child.once('error', rej);
        });
        child.unref();
        pids[svc] = child.pid!;
      } finally {
        closeSync(fd);
      }
    }
    return pids;
  }

  protected async serviceAlive(record: CloneRecord, service: string): Promise<boolean> {
    return isCloneProcess(record.pids?.[service], record.id);
  }

  protected async halt(record: CloneRecord): Promise<void> {
    // The recorded pids, plus any process of the clone a crash kept from being recorded.
    const pids = new Set([...Object.values(record.pids ?? {}), ...findCloneProcesses(record.id)]);
    pids.delete(process.pid);
    await Promise.all([...pids].map((pid) => terminate(pid, record.id)));
  }

  protected async teardown(record: CloneRecord): Promise<void> {
    rmSync(join(paths(this.ctx.home).logs, record.id), {force: true, recursive: true});
    rmSync(join(paths(this.ctx.home).clones, record.id), {force: true, recursive: true});
  }

  async *logs(id: string, opts?: LogOptions): AsyncIterable<LogLine> {
    const record = await this.get(id);
    yield* readLogs(paths(this.ctx.home).logs, id, Object.keys(record.ports), opts);
  }
}
