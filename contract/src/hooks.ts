import type {CloneTokens} from './schemas/clone.js';
import type {TemplateManifest} from './schemas/manifest.js';

/** The oclif hook every template plugin answers with its descriptor. */
export const TEMPLATES_HOOK = 'asymmetric:templates';

/** What a provision call is asked to do. */
export type ProvisionRequest =
  | {kind: 'new'}
  | {kind: 'reprovision'; previous?: CloneTokens}
  /** After a reset: put the same credentials back so clients keep working. */
  | {kind: 'restore'; previous: CloneTokens};

export interface ProvisionContext {
  /** Base URL of the clone's API service, e.g. http://127.0.0.1:3001 */
  serviceUrl: string;
  request: ProvisionRequest;
  /** Secret the CLI gave the backend for its control routes. */
  controlToken?: string;
}

/** A template as a plugin describes it to the CLI. */
export interface TemplateDescriptor {
  /** The template root: the directory holding `clone.manifest.json`. */
  root: string;
  /** The raw manifest as read from disk; the CLI validates it. */
  manifest: unknown;
  /** Mints (or restores) the default app's credentials. Absent for templates without a provision surface. */
  provision?: (ctx: ProvisionContext) => Promise<CloneTokens>;
}

export interface TemplatesHookOptions {
  contractVersion: string;
}

export type TemplatesHookResult = TemplateDescriptor | TemplateDescriptor[];

/** A template after the CLI validated it, with where it came from. */
export interface ResolvedTemplate {
  name: string;
  manifest: TemplateManifest;
  root: string;
  plugin: {name: string; version: string; type: 'core' | 'user' | 'link' | 'dev' | string};
  provision?: TemplateDescriptor['provision'];
}
