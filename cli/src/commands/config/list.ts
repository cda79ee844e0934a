import {BaseCommand} from '../../base-command.js';
import {ConfigStore, CONFIG_KEYS} from '../../config/store.js';
import {asymHome} from '../../home.js';
import {shownValue, table} from '../../output/format.js';

type Row = {key: string; value: unknown; source: 'file' | 'env' | 'default' | 'unset'; description: string};

export default class ConfigList extends BaseCommand {
  static description = 'List every setting with the value in effect and where it comes from.';
  static examples = ['<%= config.bin %> config list', '<%= config.bin %> config list --json'];

  async run(): Promise<Row[]> {
    await this.parse(ConfigList);
    const store = new ConfigStore(asymHome());
    const raw = store.readRaw() as Record<string, unknown>;
    const eff = store.read() as Record<string, unknown>;
    const envKey: Record<string, string> = {dockerNodeImage: 'ASYM_DOCKER_NODE_IMAGE', dockerPostgresImage: 'ASYM_DOCKER_POSTGRES_IMAGE', dockerRedisImage: 'ASYM_DOCKER_REDIS_IMAGE', postgresUrl: 'ASYM_POSTGRES_URL', provider: 'ASYM_PROVIDER', redisUrl: 'ASYM_REDIS_URL'};
    const rows: Row[] = Object.entries(CONFIG_KEYS).map(([key, def]) => ({
      description: def.describe,
      key,
      source: envKey[key] && process.env[envKey[key]!] ? 'env' : key in raw ? 'file' : eff[key] === undefined ? 'unset' : 'default',
      value: eff[key] ?? null,
    }));
    this.out(table(rows.map((r) => [r.key, r.value === null ? '-' : shownValue(r.key, r.value), r.source]), ['KEY', 'VALUE', 'SOURCE']));
    return rows;
  }
}
