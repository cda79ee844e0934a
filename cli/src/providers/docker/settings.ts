/**
 * Settings of the docker provider: base images (official ones by default) and the names of the
 * shared infrastructure. Environment beats config beats the default.
 */
export interface DockerImages {
  postgres: string;
  redis: string;
  node: string;
}

export const DEFAULT_DOCKER_IMAGES: DockerImages = {node: 'node:20-slim', postgres: 'postgres:15', redis: 'redis:7'};

/** Config keys (proposed for `$ASYM_HOME/config.json`) that choose the base images. */
export interface DockerImageConfig {
  dockerPostgresImage?: string;
  dockerRedisImage?: string;
  dockerNodeImage?: string;
}

const pick = (e: string | undefined, c: string | undefined, d: string) => (e && e.trim() !== '' ? e.trim() : c ?? d);

/** ASYM_DOCKER_POSTGRES_IMAGE / ASYM_DOCKER_REDIS_IMAGE / ASYM_DOCKER_NODE_IMAGE, then config, then official images. */
export function dockerImages(config: DockerImageConfig = {}, env: NodeJS.ProcessEnv = process.env): DockerImages {
  return {
    node: pick(env.ASYM_DOCKER_NODE_IMAGE, config.dockerNodeImage, DEFAULT_DOCKER_IMAGES.node),
    postgres: pick(env.ASYM_DOCKER_POSTGRES_IMAGE, config.dockerPostgresImage, DEFAULT_DOCKER_IMAGES.postgres),
    redis: pick(env.ASYM_DOCKER_REDIS_IMAGE, config.dockerRedisImage, DEFAULT_DOCKER_IMAGES.redis),
  };
}

/** Names of the shared network and containers: `<prefix>-shared`, `<prefix>-postgres`, `<prefix>-redis` (prefix `asym`, or ASYM_DOCKER_SHARED_PREFIX — tests use their own). */
export function sharedNames(env: NodeJS.ProcessEnv = process.env): {network: string; postgresName: string; redisName: string} {
  const prefix = pick(env.ASYM_DOCKER_SHARED_PREFIX, undefined, 'asym');
  return {network: `${prefix}-shared`, postgresName: `${prefix}-postgres`, redisName: `${prefix}-redis`};
}
