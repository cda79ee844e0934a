import {detectCompose} from './compose.js';
import {DockerEngine} from './engine.js';
import {type DockerImageConfig, dockerImages} from './settings.js';

/**
 * Whether provider `auto` should pick docker: an engine answers, compose is installed, and the base
 * images (postgres, redis, node) are present locally — nothing is pulled. Never throws.
 */
export async function dockerUsable(config: DockerImageConfig = {}, env: NodeJS.ProcessEnv = process.env, engine = new DockerEngine()): Promise<boolean> {
  try {
    await engine.info();
    await detectCompose(engine);
    for (const image of Object.values(dockerImages(config, env))) if (!(await engine.inspectImage(image))) return false;
    return true;
  } catch {
    return false;
  }
}
