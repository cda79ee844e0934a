import {readFile} from 'node:fs/promises';
import {join} from 'node:path';

import {asymError, type CloneInstance, type CloneRecord, type FidelityScore, type ResolvedTemplate} from '@asym/contract';

import {readCachedScore, writeCachedScore} from '../fidelity/cache.js';
import {interrupts} from '../providers/interrupt.js';
import {providerFor} from '../providers/index.js';
import type {LocalProvider, ProviderContext} from '../providers/local.js';
import {findTemplate} from '../templates/catalog.js';
import {providerForId} from './clones.js';

export interface VerifyOptions {
  /** Score this running clone instead of spinning an ephemeral one. */
  clone?: string;
  /** A newer reference (URL or file): an OpenAPI document (JSON) or a GraphQL SDL. */
  docs?: string;
  json?: boolean;
  /** Told when the clone is up and when scoring starts (progress lines). */
  step?: (line: string) => void;
}

export const templateVersion = (t: ResolvedTemplate) => t.manifest.version ?? t.plugin.version;

/** Read `--docs`: a URL is fetched, anything else read as a file; undefined when it cannot be had. */
async function readDocs(source: string): Promise<string | undefined> {
  try {
    if (/^https?:\/\//.test(source)) {
      const res = await fetch(source, {signal: AbortSignal.timeout(10_000)});
      return res.ok ? await res.text() : undefined;
    }
    return await readFile(source, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * `asym verify <template>`: spin an ephemeral clone (or use `--clone`), score it against the
 * template's references with the kit's scorer, destroy what was made (also on failure and Ctrl-C),
 * and keep the score as the template version's last known one.
 */
export async function verifyTemplate(ctx: ProviderContext, name: string, opts: VerifyOptions): Promise<FidelityScore> {
  const t = findTemplate(ctx.catalog, name);
  if (!t.manifest.fidelity) throw asymError('FIDELITY_UNDECLARED', {template: t.name});
  const version = templateVersion(t);
  let docs: {text: string; source: string} | undefined;
  if (opts.docs) {
    const text = await readDocs(opts.docs);
    if (text === undefined) {
      const warning = asymError('DOCS_FETCH_FAILED', {product: t.manifest.realProduct});
      const last = readCachedScore(ctx.home, t.name, version);
      const warnings = [{code: warning.code, message: warning.message}];
      if (last) return {...last, cached: true, warnings};
      // nothing measured yet: score against the references the template ships
      return {...(await measure(ctx, t, version, opts, undefined)), warnings};
    }
    docs = {source: opts.docs, text};
  }
  await checkReferences(t, docs);
  return measure(ctx, t, version, opts, docs);
}

/** Read the references before spinning anything: a bad --docs or a missing shipped file is a named error. */
async function checkReferences(t: ResolvedTemplate, docs: {text: string; source: string} | undefined): Promise<void> {
  const {loadReferences} = await import('@asym/template-kit/fidelity');
  try {
    loadReferences(t.root, t.manifest.fidelity!, docs);
  } catch (error) {
    const detail = (error as Error).message.split('\n')[0];
    if (docs) throw asymError('INVALID_INPUT', {detail: `--docs ${docs.source} is neither an OpenAPI document (JSON) nor a GraphQL SDL: ${detail}`});
    throw asymError('MANIFEST_INVALID', {detail: `fidelity: ${detail}`, file: join(t.root, 'clone.manifest.json')});
  }
}

async function measure(ctx: ProviderContext, t: ResolvedTemplate, version: string, opts: VerifyOptions, docs: {text: string; source: string} | undefined): Promise<FidelityScore> {
  const {scoreFidelity} = await import('@asym/template-kit/fidelity');
  const release = interrupts.hold();
  let made: {provider: LocalProvider; id: string} | undefined;
  try {
    let record: CloneRecord;
    let provider: LocalProvider;
    if (opts.clone) {
      provider = await providerForId(ctx, opts.clone);
      record = (await ctx.registry.read()).clones.find((c) => c.id === opts.clone)!;
      if (record.template !== t.name) throw asymError('INVALID_INPUT', {detail: `--clone ${opts.clone} is a ${record.template} clone, not ${t.name}. Pass a ${t.name} clone, or leave --clone out to spin one.`});
      if (record.state !== 'running') throw asymError('CLONE_STATE_INVALID', {action: 'verify it', fix: `Start it: asym start ${record.id}`, id: record.id, state: record.state});
    } else {
      provider = await providerFor(ctx);
      opts.step?.(`spinning an ephemeral ${t.name} clone`);
      const instance: CloneInstance = await provider.create({template: t.name});
      made = {id: instance.id, provider};
      record = (await ctx.registry.read()).clones.find((c) => c.id === instance.id)!;
    }
    if (interrupts.interrupted) throw asymError('INTERRUPTED', {id: record.id});
    opts.step?.(`scoring ${record.id} against ${t.manifest.realProduct}'s references`);
    const api = t.manifest.apiService ?? 'backend';
    const score = await scoreFidelity({
      apiPath: t.manifest.apiPath,
      controlToken: record.secrets?.control,
      docs,
      ephemeral: made !== undefined,
      fidelity: t.manifest.fidelity!,
      realProduct: t.manifest.realProduct,
      root: t.root,
      serviceUrl: provider.serviceUrl(record, api),
      template: t.name,
      tokens: record.tokens ?? {},
      version,
    });
    // A score against a fetched reference is not the template's own: it is shown, not cached.
    if (!docs) writeCachedScore(ctx.home, score);
    return score;
  } finally {
    if (made) await made.provider.destroy(made.id).catch(() => {});
    release();
  }
}

/** The last known score of every template version (for `ls --templates`). */
export function lastScores(ctx: ProviderContext): Map<string, FidelityScore> {
  const out = new Map<string, FidelityScore>();
  for (const t of ctx.catalog.templates) {
    const s = readCachedScore(ctx.home, t.name, templateVersion(t));
    if (s) out.set(t.name, s);
  }
  return out;
}
