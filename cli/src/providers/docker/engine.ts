import {createInterface} from 'node:readline';
import type {Readable} from 'node:stream';

import {asymError, type LogLine} from '@asym/contract';
import {execa} from 'execa';

/**
 * The Docker engine as the `docker` CLI sees it. Every docker and docker-compose process of the
 * docker provider is started here (through execa), so "no engine" is detected in one place and
 * becomes DOCKER_UNAVAILABLE. Other failures are DockerCommandError (not a named error): the
 * modules above turn them into the named error of their step.
 */

export interface RunOptions {
  input?: string;
  cwd?: string;
  /** Default 120 s; builds and pulls pass longer ones. */
  timeoutMs?: number;
}

export interface RunResult {
  stdout: string;
  stderr: string;
}

/** A docker (or compose) command exited non-zero; `stderr` holds the engine's words. */
export class DockerCommandError extends Error {
  constructor(
    readonly command: string,
    readonly exitCode: number | undefined,
    readonly stderr: string,
  ) {
    super(`${command} failed${exitCode === undefined ? '' : ` (exit ${exitCode})`}: ${lastLines(stderr)}`);
    this.name = 'DockerCommandError';
  }

  /** The engine's own short reason, for a named error's detail. */
  get detail(): string {
    return lastLines(this.stderr) || this.message;
  }
}

export function lastLines(text: string, n = 2): string {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(-n)
    .join(' / ')
    .slice(0, 400);
}

const UNREACHABLE = /Cannot connect to the Docker daemon|Is the docker daemon running|error during connect|docker\.sock.*(connection refused|no such file)/i;

export interface EngineInfo {
  serverVersion: string;
  apiVersion: string;
  clientVersion: string;
  os: string;
}

export interface ContainerSummary {
  id: string;
  name: string;
  image: string;
  state: string;
  labels: Record<string, string>;
}

export interface ContainerDetails extends ContainerSummary {
  /** `healthy`, `unhealthy`, `starting`, or undefined when the container has no health check. */
  health?: string;
  running: boolean;
  exitCode: number;
  /** container port ("5432/tcp") → host bindings. */
  ports: Record<string, {hostIp: string; hostPort: number}[]>;
  env: Record<string, string>;
  networks: string[];
  imageId: string;
}

export interface ImageDetails {
  id: string;
  repoTags: string[];
  repoDigests: string[];
  labels: Record<string, string>;
}

export type Labels = Record<string, string>;

const labelArgs = (flag: string, labels: Labels) => Object.entries(labels).flatMap(([k, v]) => [flag, `${k}=${v}`]);
const filterArgs = (labels: Labels) => Object.entries(labels).flatMap(([k, v]) => ['--filter', v === '' ? `label=${k}` : `label=${k}=${v}`]);
const parseLabels = (s: string): Labels =>
  Object.fromEntries(
    s
      .split(',')
      .filter(Boolean)
      .map((kv) => {
        const i = kv.indexOf('=');
        return i < 0 ? [kv, ''] : [kv.slice(0, i), kv.slice(i + 1)];
      }),
  );
const jsonLines = <T>(s: string): T[] =>
  s
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);

export class DockerEngine {
  constructor(
    readonly bin = 'docker',
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** Run any executable the docker provider needs (docker, docker-compose). */
  async exec(file: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
    const r = await execa(file, args, {
      // No exit hook: it would re-raise a Ctrl-C and kill the CLI before its rollback ran (the
      // commands are in the CLI's process group, so a terminal Ctrl-C reaches them anyway).
      cleanup: false,
      cwd: opts.cwd,
      env: this.env,
      extendEnv: false,
      input: opts.input,
      reject: false,
      stdin: opts.input === undefined ? 'ignore' : undefined,
      timeout: opts.timeoutMs ?? 120_000,
    });
    const stdout = String(r.stdout ?? '');
    const stderr = String(r.stderr ?? '');
    if (!r.failed) return {stderr, stdout};
    const command = `${file} ${args.slice(0, 3).join(' ')}`;
    if (r.code === 'ENOENT') throw asymError('DOCKER_UNAVAILABLE', {detail: `\`${file}\` is not installed or not on PATH`});
    if (UNREACHABLE.test(stderr)) throw asymError('DOCKER_UNAVAILABLE', {detail: lastLines(stderr, 1)});
    if (r.timedOut) throw new DockerCommandError(command, undefined, `timed out after ${Math.round((opts.timeoutMs ?? 120_000) / 1000)}s\n${stderr}`);
    throw new DockerCommandError(command, r.exitCode, stderr || String(r.shortMessage ?? ''));
  }

  run(args: string[], opts?: RunOptions): Promise<RunResult> {
    return this.exec(this.bin, args, opts);
  }

  /** Engine facts; DOCKER_UNAVAILABLE when no engine answers. */
  async info(): Promise<EngineInfo> {
    const {stdout} = await this.run(['version', '--format', '{{json .}}'], {timeoutMs: 15_000}).catch((error: unknown) => {
      if (error instanceof DockerCommandError) throw asymError('DOCKER_UNAVAILABLE', {detail: error.detail});
      throw error;
    });
    const v = JSON.parse(stdout) as {Client?: {Version?: string}; Server?: {Version?: string; ApiVersion?: string; Os?: string} | null};
    if (!v.Server?.Version) throw asymError('DOCKER_UNAVAILABLE', {detail: 'the docker CLI found no engine'});
    return {apiVersion: v.Server.ApiVersion ?? '', clientVersion: v.Client?.Version ?? '', os: v.Server.Os ?? '', serverVersion: v.Server.Version};
  }

  /** True when an engine answers (never throws). */
  async available(): Promise<boolean> {
    return this.info().then(
      () => true,
      () => false,
    );
  }

  // ── networks ────────────────────────────────────────────────────────────────────────────────
  async networkExists(name: string): Promise<boolean> {
    return this.run(['network', 'inspect', '--format', '{{.Name}}', name]).then(
      () => true,
      (e: unknown) => (e instanceof DockerCommandError ? false : Promise.reject(e)),
    );
  }

  /** Create a bridge network unless it exists (a concurrent creator is fine). */
  async ensureNetwork(name: string, labels: Labels = {}): Promise<void> {
    if (await this.networkExists(name)) return;
    await this.run(['network', 'create', '--driver', 'bridge', ...labelArgs('--label', labels), name]).catch(async (error: unknown) => {
      if (!(await this.networkExists(name))) throw error;
    });
  }

  async listNetworks(labels: Labels): Promise<string[]> {
    const {stdout} = await this.run(['network', 'ls', ...filterArgs(labels), '--format', '{{.Name}}']);
    return stdout.split('\n').filter(Boolean);
  }

  async removeNetwork(name: string): Promise<void> {
    await this.run(['network', 'rm', name]).catch((e: unknown) => (e instanceof DockerCommandError && /not found|No such network/i.test(e.stderr) ? undefined : Promise.reject(e)));
  }

  // ── volumes ─────────────────────────────────────────────────────────────────────────────────
  async ensureVolume(name: string, labels: Labels = {}): Promise<void> {
    await this.run(['volume', 'create', ...labelArgs('--label', labels), name]);
  }

  async listVolumes(labels: Labels): Promise<string[]> {
    const {stdout} = await this.run(['volume', 'ls', '-q', ...filterArgs(labels)]);
    return stdout.split('\n').filter(Boolean);
  }

  async removeVolume(name: string): Promise<void> {
    await this.run(['volume', 'rm', '-f', name]);
  }

  // ── containers ──────────────────────────────────────────────────────────────────────────────
  /** Containers (running or not) carrying every given label (`''` matches any value). */
  async listContainers(labels: Labels): Promise<ContainerSummary[]> {
    const {stdout} = await this.run(['ps', '-a', '--no-trunc', ...filterArgs(labels), '--format', '{{json .}}']);
    return jsonLines<{ID: string; Names: string; Image: string; State: string; Labels: string}>(stdout).map((c) => ({
      id: c.ID,
      image: c.Image,
      labels: parseLabels(c.Labels),
      name: c.Names,
      state: c.State,
    }));
  }

  /** Details of a container by name or id; undefined when there is none. */
  async inspectContainer(ref: string): Promise<ContainerDetails | undefined> {
    const r = await this.run(['container', 'inspect', ref]).catch((e: unknown) => (e instanceof DockerCommandError && /No such/i.test(e.stderr) ? undefined : Promise.reject(e)));
    if (!r) return undefined;
    const [c] = JSON.parse(r.stdout) as RawContainer[];
    if (!c) return undefined;
    const ports: ContainerDetails['ports'] = {};
    for (const [k, v] of Object.entries(c.NetworkSettings?.Ports ?? {})) ports[k] = (v ?? []).map((b) => ({hostIp: b.HostIp, hostPort: Number(b.HostPort)}));
    return {
      env: Object.fromEntries((c.Config?.Env ?? []).map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)])),
      exitCode: c.State?.ExitCode ?? 0,
      health: c.State?.Health?.Status,
      id: c.Id,
      image: c.Config?.Image ?? '',
      imageId: c.Image,
      labels: c.Config?.Labels ?? {},
      name: c.Name.replace(/^\//, ''),
      networks: Object.keys(c.NetworkSettings?.Networks ?? {}),
      ports,
      running: c.State?.Running ?? false,
      state: c.State?.Status ?? 'unknown',
    };
  }

  /** The host port a container publishes for `containerPort` (e.g. 5432), on 127.0.0.1 when possible. */
  async hostPort(ref: string, containerPort: number): Promise<number | undefined> {
    const c = await this.inspectContainer(ref);
    const bindings = c?.ports[`${containerPort}/tcp`] ?? [];
    return (bindings.find((b) => b.hostIp === '127.0.0.1') ?? bindings[0])?.hostPort;
  }

  async startContainer(ref: string): Promise<void> {
    await this.run(['start', ref]);
  }

  async removeContainers(refs: string[]): Promise<void> {
    if (refs.length > 0) await this.run(['rm', '-f', '-v', ...refs]);
  }

  // ── images ──────────────────────────────────────────────────────────────────────────────────
  async inspectImage(ref: string): Promise<ImageDetails | undefined> {
    const r = await this.run(['image', 'inspect', ref]).catch((e: unknown) => (e instanceof DockerCommandError && /No such/i.test(e.stderr) ? undefined : Promise.reject(e)));
    if (!r) return undefined;
    const [i] = JSON.parse(r.stdout) as {Id: string; RepoTags?: string[] | null; RepoDigests?: string[] | null; Config?: {Labels?: Labels | null}}[];
    return i && {id: i.Id, labels: i.Config?.Labels ?? {}, repoDigests: i.RepoDigests ?? [], repoTags: i.RepoTags ?? []};
  }

  async pull(ref: string, timeoutMs = 600_000): Promise<void> {
    await this.run(['pull', '--quiet', ref], {timeoutMs});
  }

  /** `docker build`; returns the new image's id (sha256:…). */
  async build(opts: {context: string; dockerfile?: string; tags: string[]; buildArgs?: Record<string, string>; labels?: Labels; timeoutMs?: number}): Promise<string> {
    const args = ['build', '--quiet', ...opts.tags.flatMap((t) => ['--tag', t]), ...labelArgs('--label', opts.labels ?? {})];
    for (const [k, v] of Object.entries(opts.buildArgs ?? {})) args.push('--build-arg', `${k}=${v}`);
    if (opts.dockerfile) args.push('--file', opts.dockerfile);
    const {stdout} = await this.run([...args, opts.context], {timeoutMs: opts.timeoutMs ?? 900_000});
    const id = /sha256:[0-9a-f]{64}/.exec(stdout)?.[0];
    if (id) return id;
    const img = await this.inspectImage(opts.tags[0] ?? '');
    if (!img) throw new DockerCommandError('docker build', 0, `built, but no image id was printed:\n${stdout}`);
    return img.id;
  }

  async removeImage(ref: string): Promise<void> {
    await this.run(['image', 'rm', '-f', ref]).catch(() => undefined);
  }

  // ── logs ────────────────────────────────────────────────────────────────────────────────────
  /** A container's log lines, stdout and stderr kept apart; `follow` keeps streaming until the loop stops. */
  async *logs(ref: string, opts: {service?: string; follow?: boolean; tail?: number} = {}): AsyncGenerator<LogLine> {
    const args = ['logs', '--timestamps', ...(opts.follow ? ['--follow'] : []), ...(opts.tail === undefined ? [] : ['--tail', String(opts.tail)]), ref];
    const child = execa(this.bin, args, {buffer: false, env: this.env, extendEnv: false, reject: false, stdin: 'ignore'});
    const service = opts.service ?? ref;
    try {
      yield* mergeLines(child.stdout, child.stderr, (line, stream) => {
        const m = /^(\d{4}-\d\d-\d\dT\S+)\s(.*)$/.exec(line);
        return m ? {line: m[2] ?? '', service, stream, time: m[1]} : {line, service, stream};
      });
    } finally {
      child.kill();
      await child.catch(() => undefined);
    }
  }
}

interface RawContainer {
  Id: string;
  Name: string;
  Image: string;
  State?: {Status?: string; Running?: boolean; ExitCode?: number; Health?: {Status?: string}};
  Config?: {Image?: string; Env?: string[]; Labels?: Labels | null};
  NetworkSettings?: {Ports?: Record<string, {HostIp: string; HostPort: string}[] | null>; Networks?: Record<string, unknown>};
}

/** Interleave two line streams in arrival order. */
async function* mergeLines<T>(out: Readable, err: Readable, map: (line: string, stream: 'stdout' | 'stderr') => T): AsyncGenerator<T> {
  const queue: T[] = [];
  let open = 2;
  let wake: (() => void) | undefined;
  const feed = (s: Readable, stream: 'stdout' | 'stderr') => {
    const rl = createInterface({crlfDelay: Number.POSITIVE_INFINITY, input: s});
    rl.on('line', (l) => {
      queue.push(map(l, stream));
      wake?.();
    });
    rl.on('close', () => {
      open--;
      wake?.();
    });
  };
  feed(out, 'stdout');
  feed(err, 'stderr');
  while (open > 0 || queue.length > 0) {
    if (queue.length === 0) {
      await new Promise<void>((r) => (wake = r));
      wake = undefined;
      continue;
    }
    yield queue.shift() as T;
  }
}
