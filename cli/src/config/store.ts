import {readFileSync} from 'node:fs';

import {asymError, Config, CONFIG_DEFAULTS, formatIssues, type PortRange} from '@asym/contract';

import {ensureHome, paths} from '../home.js';
import {writeFileAtomic} from '../registry/store.js';

export type ResolvedConfig = Config & {portRange: PortRange; provider: 'auto' | 'process' | 'docker'; healthTimeoutSeconds: number};

/** Settings a user may set, how each is parsed from the command line, and what it does. */
export const CONFIG_KEYS: Record<keyof Config, {describe: string; parse: (v: string) => unknown; example: string}> = {
  dockerNodeImage: {describe: 'docker provider: the Node image template backends run on (env ASYM_DOCKER_NODE_IMAGE)', example: 'node:20-slim', parse: (v) => v},
  dockerPostgresImage: {describe: 'docker provider: the shared Postgres image (env ASYM_DOCKER_POSTGRES_IMAGE)', example: 'postgres:15', parse: (v) => v},
  dockerRedisImage: {describe: 'docker provider: the shared Redis image (env ASYM_DOCKER_REDIS_IMAGE)', example: 'redis:7', parse: (v) => v},
  healthTimeoutSeconds: {
    describe: 'seconds spin/start/reset wait for a clone to become healthy',
    example: '90',
    parse(v) {
      if (!/^\d+$/.test(v.trim())) throw asymError('INVALID_INPUT', {detail: `Bad value for healthTimeoutSeconds: "${v}" is not a whole number of seconds (1-3600). Example: asym config set healthTimeoutSeconds 90`});
      return Number(v);
    },
  },
  portRange: {
    describe: 'host ports clones may use, inclusive',
    example: '3000-3999',
    parse(v) {
      const m = /^(\d+)\s*-\s*(\d+)$/.exec(v.trim());
      if (!m) throw asymError('INVALID_INPUT', {detail: `Bad value for portRange: "${v}" is not a range FROM-TO. Example: asym config set portRange 3000-3999`});
      return {from: Number(m[1]), to: Number(m[2])};
    },
  },
  postgresUrl: {describe: 'shared Postgres to use instead of one asymmetric starts (admin URL)', example: 'postgres://postgres@127.0.0.1:5432/postgres', parse: (v) => v},
  provider: {describe: 'which engine runs clones: auto (docker when an engine answers, else process), process or docker', example: 'process', parse: (v) => v},
  redisUrl: {describe: 'shared Redis to use instead of one asymmetric starts', example: 'redis://127.0.0.1:6379', parse: (v) => v},
};

export class ConfigStore {
  readonly file: string;
  constructor(readonly home: string) {
    this.file = paths(home).config;
  }

  /** The file's own settings (validated). */
  readRaw(): Config {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return {};
      if (code === 'ENOTDIR' || code === 'EACCES') throw asymError('HOME_UNWRITABLE', {detail: code === 'ENOTDIR' ? 'it is a file, not a directory' : 'config.json is not readable', path: this.home});
      throw error;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw asymError('CONFIG_INVALID', {detail: `not valid JSON (${(error as Error).message})`, path: this.file});
    }
    const parsed = Config.safeParse(raw);
    if (!parsed.success) throw asymError('CONFIG_INVALID', {detail: formatIssues(parsed.error), path: this.file});
    return parsed.data;
  }

  /** Settings with defaults and environment overrides applied. */
  read(env: NodeJS.ProcessEnv = process.env): ResolvedConfig {
    const raw = this.readRaw();
    const provider = env.ASYM_PROVIDER ?? raw.provider ?? CONFIG_DEFAULTS.provider;
    if (!['auto', 'process', 'docker'].includes(provider)) throw asymError('INVALID_INPUT', {detail: `ASYM_PROVIDER must be auto, process or docker (got "${provider}")`});
    return {
      ...raw,
      healthTimeoutSeconds: raw.healthTimeoutSeconds ?? CONFIG_DEFAULTS.healthTimeoutSeconds,
      portRange: raw.portRange ?? CONFIG_DEFAULTS.portRange,
      postgresUrl: env.ASYM_POSTGRES_URL ?? raw.postgresUrl,
      provider: provider as ResolvedConfig['provider'],
      redisUrl: env.ASYM_REDIS_URL ?? raw.redisUrl,
    };
  }

  set(key: string, value: string): Config {
    ensureHome(this.home);
    const def = CONFIG_KEYS[key as keyof Config];
    if (!def) throw asymError('INVALID_INPUT', {detail: `Unknown setting "${key}". Settings: ${Object.keys(CONFIG_KEYS).join(', ')}`});
    const next = {...this.readRaw(), [key]: def.parse(value)};
    const parsed = Config.safeParse(next);
    if (!parsed.success) throw asymError('INVALID_INPUT', {detail: `Bad value for ${key}: ${formatIssues(parsed.error)}. Example: asym config set ${key} ${def.example}`});
    ensureHome(this.home);
    writeFileAtomic(this.file, JSON.stringify(parsed.data, null, 2) + '\n');
    return parsed.data;
  }

  unset(key: string): Config {
    ensureHome(this.home);
    if (!(key in CONFIG_KEYS)) throw asymError('INVALID_INPUT', {detail: `Unknown setting "${key}". Settings: ${Object.keys(CONFIG_KEYS).join(', ')}`});
    const next: Record<string, unknown> = {...this.readRaw()};
    delete next[key];
    ensureHome(this.home);
    writeFileAtomic(this.file, JSON.stringify(next, null, 2) + '\n');
    return next as Config;
  }
}
