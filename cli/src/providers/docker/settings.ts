/** Base images the docker provider uses: official ones by default, overridable (config, then env wins). */
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

export function dockerImages(config: DockerImageConfig = {}, env: NodeJS.ProcessEnv = process.env): DockerImages {
  const pick = (e: string | undefined, c: string | undefined, d: string) => (e && e.trim() !== '' ? e.trim() : c ?? d);
  return {
    node: pick(env.ASYM_DOCKER_NODE_IMAGE, config.dockerNodeImage, DEFAULT_DOCKER_IMAGES.node),
    postgres: pick(env.ASYM_DOCKER_POSTGRES_IMAGE, config.dockerPostgresImage, DEFAULT_DOCKER_IMAGES.postgres),
    redis: pick(env.ASYM_DOCKER_REDIS_IMAGE, config.dockerRedisImage, DEFAULT_DOCKER_IMAGES.redis),
  };
}
