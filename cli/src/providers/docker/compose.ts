import {accessSync, constants} from 'node:fs';
import {delimiter, join} from 'node:path';

import {asymError, isAsymmetricError} from '@asym/contract';

import {type ContainerDetails, DockerCommandError, type DockerEngine, lastLines} from './engine.js';

/** One clone's compose project: `asym-<id>`, described by a generated file. */
export interface ComposeProject {
  /** Project name, `asym-<id>`. */
  name: string;
  /** Path of the compose YAML. */
  file: string;
  /** The clone id, for error messages (defaults to the project name). */
  cloneId?: string;
}

export interface ComposeServiceState {
  service: string;
  container: string;
  state: string;
  health?: string;
  running: boolean;
  exitCode: number;
  ports: ContainerDetails['ports'];
}

/** What the docker provider needs from compose; v2 (`docker compose`) and v1 (`docker-compose`) both implement it. */
export interface ComposeClient {
  readonly flavor: 'v2' | 'v1';
  /** The compose version (asks the binary: v1 takes about half a second to answer). */
  version(): Promise<string>;
  /** `up -d`; on failure the project is torn down (`down -v`) before the error is thrown. */
  up(p: ComposeProject, opts?: {timeoutMs?: number}): Promise<void>;
  stop(p: ComposeProject): Promise<void>;
  start(p: ComposeProject): Promise<void>;
  /** `down -v --remove-orphans`: containers, networks and volumes of the project. */
  down(p: ComposeProject): Promise<void>;
  ps(p: ComposeProject): Promise<ComposeServiceState[]>;
  /** Recent log text of the project (for error details and `doctor`). */
  logs(p: ComposeProject, opts?: {tail?: number; service?: string}): Promise<string>;
}

export const PROJECT_LABEL = 'com.docker.compose.project';
export const SERVICE_LABEL = 'com.docker.compose.service';

export const projectName = (cloneId: string) => `asym-${cloneId}`;

class CliCompose implements ComposeClient {
  constructor(
    private readonly engine: DockerEngine,
    readonly flavor: 'v2' | 'v1',
    private readonly knownVersion?: string,
  ) {}

  async version(): Promise<string> {
    if (this.knownVersion) return this.knownVersion;
    const r = await this.engine.exec('docker-compose', ['version', '--short'], {timeoutMs: 15_000});
    return r.stdout.trim();
  }

  private run(p: ComposeProject, args: string[], timeoutMs = 180_000) {
    const base = ['-p', p.name, '-f', p.file, ...args];
    return this.flavor === 'v2' ? this.engine.run(['compose', ...base], {timeoutMs}) : this.engine.exec('docker-compose', ['--ansi', 'never', ...base], {timeoutMs});
  }

  private failed(p: ComposeProject, step: string, error: unknown): never {
    if (isAsymmetricError(error)) throw error;
    const detail = error instanceof DockerCommandError ? error.detail : (error as Error).message;
    throw asymError('CLONE_START_FAILED', {detail: `compose ${step}: ${detail}`, id: p.cloneId ?? p.name}, {cause: error});
  }

  async up(p: ComposeProject, opts: {timeoutMs?: number} = {}): Promise<void> {
    try {
      await this.run(p, ['up', '-d', '--no-build', '--remove-orphans'], opts.timeoutMs ?? 300_000);
    } catch (error) {
      await this.down(p).catch(() => undefined);
      this.failed(p, 'up', error);
    }
  }

  async stop(p: ComposeProject): Promise<void> {
    await this.run(p, ['stop']).catch((e: unknown) => this.failed(p, 'stop', e));
  }

  async start(p: ComposeProject): Promise<void> {
    await this.run(p, ['start']).catch((e: unknown) => this.failed(p, 'start', e));
  }

  async down(p: ComposeProject): Promise<void> {
    await this.run(p, ['down', '-v', '--remove-orphans', '--timeout', '10']).catch((e: unknown) => this.failed(p, 'down', e));
  }

  async ps(p: ComposeProject): Promise<ComposeServiceState[]> {
    const containers = await this.engine.listContainers({[PROJECT_LABEL]: p.name});
    const out: ComposeServiceState[] = [];
    for (const c of containers) {
      const d = await this.engine.inspectContainer(c.id);
      if (!d) continue;
      out.push({container: d.name, exitCode: d.exitCode, health: d.health, ports: d.ports, running: d.running, service: d.labels[SERVICE_LABEL] ?? d.name, state: d.state});
    }
    return out.sort((a, b) => a.service.localeCompare(b.service));
  }

  async logs(p: ComposeProject, opts: {tail?: number; service?: string} = {}): Promise<string> {
    const r = await this.run(p, ['logs', '--no-color', '--tail', String(opts.tail ?? 50), ...(opts.service ? [opts.service] : [])]).catch((e: unknown) => this.failed(p, 'logs', e));
    return `${r.stdout}${r.stderr ? `\n${r.stderr}` : ''}`.trim();
  }
}

/**
 * The compose implementation on this machine: `docker compose` (v2) when the plugin answers, else
 * `docker-compose` (v1). DOCKER_UNAVAILABLE when neither is installed.
 */
export async function detectCompose(engine: DockerEngine, prefer?: 'v2' | 'v1'): Promise<ComposeClient> {
  const tryV2 = async () => {
    const r = await engine.run(['compose', 'version', '--short'], {timeoutMs: 15_000}).catch(() => undefined);
    return r && /^v?\d/.test(r.stdout.trim()) ? new CliCompose(engine, 'v2', r.stdout.trim().replace(/^v/, '')) : undefined;
  };
  // Found on PATH without running it: the Python v1 takes ~0.5 s to start, on every command.
  const tryV1 = async () => (onPath('docker-compose') ? new CliCompose(engine, 'v1') : undefined);
  const order = prefer === 'v1' ? [tryV1, tryV2] : [tryV2, tryV1];
  for (const attempt of order) {
    const c = await attempt();
    if (c) return c;
  }
  throw asymError('DOCKER_UNAVAILABLE', {detail: 'neither `docker compose` (v2) nor `docker-compose` (v1) is installed'});
}

function onPath(bin: string, env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, bin), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Last log lines of a project, for a failure's detail; never throws. */
export async function tailForError(c: ComposeClient, p: ComposeProject): Promise<string> {
  return c.logs(p, {tail: 5}).then(
    (t) => lastLines(t, 3),
    () => '',
  );
}
