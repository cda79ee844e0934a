/** What the CLI passes to every backend it starts (process env, or the container's environment). */
export interface BackendEnv {
  port: number;
  host: string;
  databaseUrl: string;
  redisUrl?: string;
  redisPrefix: string;
  jwtSecret: string;
  cloneId: string;
  /** A directory of the clone's own for files beside its database (env ASYM_DATA_DIR; the docker volume's /data). */
  dataDir?: string;
}

export function readBackendEnv(env: NodeJS.ProcessEnv = process.env): BackendEnv {
  const need = (k: string): string => {
    const v = env[k];
    if (!v) {
      process.stderr.write(`missing environment variable ${k}: backends are started by the asymmetric CLI, which sets it\n`);
      process.exit(78);
    }
    return v;
  };
  return {
    cloneId: env.ASYM_CLONE_ID ?? 'dev',
    dataDir: env.ASYM_DATA_DIR || undefined,
    databaseUrl: need('DATABASE_URL'),
    host: env.HOST ?? '127.0.0.1',
    jwtSecret: env.JWT_SECRET ?? 'dev-secret',
    port: Number.parseInt(env.PORT ?? '0', 10),
    redisPrefix: env.REDIS_PREFIX ?? `${env.ASYM_CLONE_ID ?? 'dev'}:`,
    redisUrl: env.REDIS_URL,
  };
}
