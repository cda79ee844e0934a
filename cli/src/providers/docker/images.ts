import {createHash} from 'node:crypto';
import {cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {extname, join, relative, resolve} from 'node:path';

import {asymError, isAsymmetricError, type TemplateManifest} from '@asym/contract';

import {DockerCommandError, type DockerEngine} from './engine.js';
import {LABELS} from './labels.js';

/** A template as the image builder needs it (a `ResolvedTemplate` fits). */
export interface TemplateSource {
  name: string;
  root: string;
  manifest: TemplateManifest;
}

/** The image a clone's service runs, pinned. */
export interface ServiceImage {
  service: string;
  /** What was asked for or built: the manifest's image, or the local tag of a build. */
  image: string;
  /** The pinned reference compose runs: `repo@sha256:…` (pulled) or `sha256:…` (an image id). */
  ref: string;
  source: 'pulled' | 'local' | 'built' | 'cached' | 'pinned';
}

export interface ImageOptions {
  engine: DockerEngine;
  /** Base image of builds from a template's bundled entry (e.g. `node:20-slim`). */
  nodeImage: string;
  /** A reference pinned earlier (re-spin, reset, start): used as is when present. */
  pinned?: string;
  /** Try `docker pull` for a declared image (default true). */
  pull?: boolean;
  /** For error messages. */
  cloneId?: string;
  pullTimeoutMs?: number;
}

/** `repo` of a reference: `ghcr.io/a/b:latest` → `ghcr.io/a/b`, `host:5000/x@sha256:…` → `host:5000/x`. */
export function repoOf(ref: string): string {
  const noDigest = ref.split('@')[0] ?? ref;
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  return colon > slash ? noDigest.slice(0, colon) : noDigest;
}

const fail = (o: ImageOptions, t: TemplateSource, detail: string, cause?: unknown) =>
  isAsymmetricError(cause) ? cause : asymError('CLONE_START_FAILED', {detail: `image: ${detail}`, id: o.cloneId ?? t.name}, {cause});

/** Pin a local image: by the repo digest matching its repository when it has one, else by image id. */
async function pinLocal(engine: DockerEngine, image: string): Promise<string | undefined> {
  const info = await engine.inspectImage(image);
  if (!info) return undefined;
  const repo = repoOf(image);
  return info.repoDigests.find((d) => repoOf(d) === repo) ?? info.id;
}

/**
 * The pinned image of one service: the pinned reference if still present (or pullable); else the
 * manifest's image pulled and pinned by digest; else (unpublished, no registry) built from the
 * template — its bundled entry on the node image, or its build context — and pinned by image id.
 */
export async function resolveServiceImage(t: TemplateSource, service: string, o: ImageOptions): Promise<ServiceImage> {
  const svc = t.manifest.services[service];
  if (!svc) throw fail(o, t, `template ${t.name} declares no service "${service}"`);
  const {engine} = o;
  try {
    if (o.pinned) {
      if (await engine.inspectImage(o.pinned)) return {image: svc.image ?? o.pinned, ref: o.pinned, service, source: 'pinned'};
      if (o.pinned.includes('@sha256:') && o.pull !== false) {
        const ok = await engine.pull(o.pinned, o.pullTimeoutMs).then(() => true, () => false);
        if (ok) return {image: svc.image ?? o.pinned, ref: o.pinned, service, source: 'pulled'};
      }
    }
    if (svc.image) {
      const pulled = o.pull === false ? false : await engine.pull(svc.image, o.pullTimeoutMs).then(() => true, (e: unknown) => (e instanceof DockerCommandError ? false : Promise.reject(e)));
      const ref = await pinLocal(engine, svc.image);
      if (ref) return {image: svc.image, ref, service, source: pulled ? 'pulled' : 'local'};
    }
    if (svc.entry) return await buildFromEntry(t, service, o);
    if (svc.build) return await buildFromContext(t, service, o);
    throw fail(o, t, `${svc.image ?? service} could not be pulled and template ${t.name} has nothing to build it from`);
  } catch (error) {
    throw fail(o, t, error instanceof DockerCommandError ? error.detail : (error as Error).message, error);
  }
}

/** The Dockerfile of a backend built from the template's bundled entry. */
export function entryDockerfile(nodeImage: string, port: number, file = 'backend.js', packages: string[] = []): string {
  return [
    `FROM ${nodeImage}`,
    // The official node images are Debian: what the service runs besides Node comes from apt.
    ...(packages.length ? [`RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends ${[...packages].sort().join(' ')} && rm -rf /var/lib/apt/lists/*`] : []),
    'WORKDIR /clone',
    'COPY package.json /clone/package.json',
    'COPY migrations/ /clone/migrations/',
    `COPY ${file} /clone/${file}`,
    'ENV NODE_ENV=production',
    `EXPOSE ${port}`,
    `CMD ["node", "/clone/${file}"]`,
    '',
  ].join('\n');
}

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, {recursive: true, withFileTypes: false})
    .map(String)
    .filter((f) => !f.split(/[\\/]/).includes('node_modules') && statSync(join(dir, f)).isFile())
    .sort();
}

function packageType(root: string): 'module' | 'commonjs' {
  try {
    return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {type?: string}).type === 'module' ? 'module' : 'commonjs';
  } catch {
    return 'commonjs';
  }
}

const tagFor = (t: TemplateSource, service: string, hash: string) => `asym-template/${t.name}-${service}:${hash}`;

async function buildFromEntry(t: TemplateSource, service: string, o: ImageOptions): Promise<ServiceImage> {
  const svc = t.manifest.services[service]!;
  const entry = resolve(t.root, svc.entry!);
  if (!existsSync(entry)) throw fail(o, t, `template ${t.name} has no built backend ${svc.entry} (build the template first)`);
  const base = await o.engine.inspectImage(o.nodeImage);
  if (!base) {
    const pulled = await o.engine.pull(o.nodeImage, o.pullTimeoutMs).then(() => true, () => false);
    if (!pulled) throw asymError('INFRA_UNAVAILABLE', {fix: 'Pull it, or set ASYM_DOCKER_NODE_IMAGE to a node image you have.', what: `Base image ${o.nodeImage}`});
  }
  const baseId = (await o.engine.inspectImage(o.nodeImage))?.id ?? o.nodeImage;
  const migrations = resolve(t.root, t.manifest.database.migrations);
  // Keeps the entry's extension: `.mjs`/`.cjs` decide the module type on their own.
  const file = `backend${extname(entry) || '.js'}`;
  const dockerfile = entryDockerfile(o.nodeImage, svc.port, file, svc.packages);
  // The bundle keeps its package's module type (an ESM bundle needs "type": "module" beside it).
  const moduleType = packageType(t.root);
  const h = createHash('sha256').update(`${baseId}\n${dockerfile}\n${moduleType}\n`).update(readFileSync(entry));
  for (const f of files(migrations)) h.update(`\n${f}\n`).update(readFileSync(join(migrations, f)));
  const hash = h.digest('hex').slice(0, 16);
  const tag = tagFor(t, service, hash);
  const cached = await o.engine.inspectImage(tag);
  if (cached) return {image: tag, ref: cached.id, service, source: 'cached'};
  const ctx = mkdtempSync(join(tmpdir(), 'asym-build-'));
  try {
    writeFileSync(join(ctx, 'Dockerfile'), dockerfile);
    writeFileSync(join(ctx, 'package.json'), `${JSON.stringify({private: true, type: moduleType})}\n`);
    cpSync(entry, join(ctx, file));
    mkdirSync(join(ctx, 'migrations'));
    if (existsSync(migrations)) cpSync(migrations, join(ctx, 'migrations'), {recursive: true});
    const id = await o.engine.build({context: ctx, labels: {[LABELS.buildHash]: hash, [LABELS.template]: t.name}, tags: [tag]});
    return {image: tag, ref: id, service, source: 'built'};
  } finally {
    rmSync(ctx, {force: true, recursive: true});
  }
}

async function buildFromContext(t: TemplateSource, service: string, o: ImageOptions): Promise<ServiceImage> {
  const svc = t.manifest.services[service]!;
  const ctx = resolve(t.root, svc.build!);
  if (!existsSync(join(ctx, 'Dockerfile'))) throw fail(o, t, `build context ${relative(t.root, ctx) || '.'} of ${t.name}/${service} has no Dockerfile`);
  const h = createHash('sha256').update(`${o.nodeImage}\n`);
  for (const f of files(ctx)) h.update(`\n${f}\n`).update(readFileSync(join(ctx, f)));
  const hash = h.digest('hex').slice(0, 16);
  const tag = tagFor(t, service, hash);
  const cached = await o.engine.inspectImage(tag);
  if (cached) return {image: tag, ref: cached.id, service, source: 'cached'};
  const id = await o.engine.build({buildArgs: {NODE_IMAGE: o.nodeImage}, context: ctx, labels: {[LABELS.buildHash]: hash, [LABELS.template]: t.name}, tags: [tag]});
  return {image: tag, ref: id, service, source: 'built'};
}

/** Pinned images of every service of a mode (`pinned`: service → earlier reference). */
export async function resolveImages(t: TemplateSource, services: string[], o: Omit<ImageOptions, 'pinned'> & {pinned?: Record<string, string>}): Promise<Record<string, ServiceImage>> {
  const out: Record<string, ServiceImage> = {};
  for (const s of services) out[s] = await resolveServiceImage(t, s, {...o, pinned: o.pinned?.[s]});
  return out;
}
