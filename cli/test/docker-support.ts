// Shared by the *.docker.test.ts suites: a real engine (set up when missing), base images, names.
import {spawnSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {createServer} from 'node:net';
import {fileURLToPath} from 'node:url';

import {DockerEngine} from '../src/providers/docker/engine.js';
import {type DockerImages, dockerImages} from '../src/providers/docker/settings.js';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const setupScript = `${repoRoot}scripts/docker/setup.sh`;
const STANDINS: DockerImages = {node: 'asym-standin/node:20', postgres: 'asym-standin/postgres:15', redis: 'asym-standin/redis:7'};

export const suffix = () => randomBytes(3).toString('hex');

/** A port nothing listens on right now (the engine binds it a moment later). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const {port} = s.address() as {port: number};
      s.close(() => resolve(port));
    });
  });
}

async function missingImages(engine: DockerEngine, images: DockerImages): Promise<string[]> {
  const out: string[] = [];
  for (const i of Object.values(images)) if (!(await engine.inspectImage(i))) out.push(i);
  return out;
}

let ready: Promise<{engine: DockerEngine; images: DockerImages} | string> | undefined;

/** Configured images (env), else the local stand-ins when no official image is present. */
async function pickImages(engine: DockerEngine): Promise<DockerImages> {
  const configured = dockerImages({});
  const fromEnv = ['ASYM_DOCKER_POSTGRES_IMAGE', 'ASYM_DOCKER_REDIS_IMAGE', 'ASYM_DOCKER_NODE_IMAGE'].some((k) => process.env[k]);
  if (fromEnv || (await missingImages(engine, configured)).length === 0) return configured;
  return STANDINS;
}

async function prepare(): Promise<{engine: DockerEngine; images: DockerImages} | string> {
  const engine = new DockerEngine();
  let images = (await engine.available()) ? await pickImages(engine) : STANDINS;
  let missing = (await engine.available()) ? await missingImages(engine, images) : ['engine'];
  if (missing.length > 0 && process.getuid?.() === 0 && process.env.ASYM_DOCKER_SETUP !== '0') {
    const r = spawnSync('bash', [setupScript], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 900_000});
    if (r.status !== 0) return `scripts/docker/setup.sh failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-5).join(' / ')}`;
    images = await pickImages(engine);
    missing = (await engine.available()) ? await missingImages(engine, images) : ['engine'];
  }
  if (missing.length > 0) return `no Docker engine or base images (${missing.join(', ')}); run as root: bash scripts/docker/setup.sh`;
  return {engine, images};
}

/**
 * Call in a `before` hook: a ready engine and base images, set up with scripts/docker/setup.sh
 * when missing (as root). Without them the suite is skipped — or fails when CI is set.
 */
export async function requireDocker(ctx: Mocha.Context): Promise<{engine: DockerEngine; images: DockerImages}> {
  ctx.timeout(900_000);
  ready ??= prepare();
  const r = await ready;
  if (typeof r === 'string') {
    if (process.env.CI) throw new Error(r);
    ctx.skip();
  }
  return r as {engine: DockerEngine; images: DockerImages};
}

/** Poll until `check` is true or `ms` pass. */
export async function until(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out after ${ms / 1000}s waiting for ${what}`);
}

/** The CLI environment of a docker suite: its own home, shared-container prefix and base images. */
export function dockerCliEnv(images: DockerImages, home: string, prefix: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ASYM_DOCKER_NODE_IMAGE: images.node,
    ASYM_DOCKER_POSTGRES_IMAGE: images.postgres,
    ASYM_DOCKER_REDIS_IMAGE: images.redis,
    ASYM_DOCKER_SHARED_PREFIX: `${prefix}-${suffix()}`,
    ASYM_HOME: home,
    ASYM_PROVIDER: 'docker',
    ...extra,
  };
}
