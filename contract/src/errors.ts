/**
 * Named errors. Every failure the CLI or a provider reports is one of these: a stable `code`, a
 * one-line message that names the fix, an exit code, and who must act (the user, an external
 * process or service, or us — a bug).
 */
export type ErrorActor = 'user' | 'external' | 'bug';

interface ErrorDef<P> {
  message: (p: P) => string;
  actor: ErrorActor;
  exit?: number;
}

type Params = Record<string, string | number | undefined>;

const def = <P extends Params>(actor: ErrorActor, message: (p: P) => string, exit = 1): ErrorDef<P> => ({actor, exit, message});

export const ERRORS = {
  DOCKER_UNAVAILABLE: def<{detail?: string}>('external', (p) => `Docker isn't running. Start it, then retry. (asym doctor)${p.detail ? ` — ${p.detail}` : ''}`),
  NO_FREE_PORTS: def<{from: number; to: number}>('user', (p) => `No free ports in ${p.from}-${p.to}. Destroy a clone or widen the range: asym config set portRange ${p.from}-${Number(p.to) + 100}`),
  PORT_IN_USE: def<{port: number; id?: string; holder?: string}>('external', (p) => `Port ${p.port} is busy${p.holder ? ` (held by ${p.holder})` : ''}.${p.id ? ` Free it, or move the clone to free ports: asym start ${p.id} --new-ports` : ' Free it or let the allocator choose.'}`),
  RESET_FAILED: def<{id: string; detail: string; fix?: string}>('external', (p) => `Reset of ${p.id} failed (${p.detail}); the clone is as it was: data and tokens unchanged. ${p.fix ?? `See logs: asym logs ${p.id}`}`),
  CLONE_START_FAILED: def<{id: string; detail?: string}>('external', (p) => `${p.id} failed to start${p.detail ? ` (${p.detail})` : ''}. See logs: asym logs ${p.id}`),
  HEALTH_TIMEOUT: def<{id: string; seconds: number}>('external', (p) => `${p.id} didn't become healthy in ${p.seconds}s. See logs: asym logs ${p.id}`),
  SCHEMA_MISSING: def<{id: string}>('user', (p) => `${p.id} has no schema yet. Migrations will run before seeding.`),
  SEED_VALIDATION: def<{rejected: number}>('user', (p) => `${p.rejected} generated record(s) were rejected by validation.`),
  LLM_UNAVAILABLE: def<{detail?: string; id?: string}>('external', (p) => `AI seeding is degraded${p.detail ? ` (${p.detail})` : ''}. Set ANTHROPIC_API_KEY, then retry with: asym seed ${p.id ?? '<id>'} --ai`),
  CONTROL_PLANE_DOWN: def<Params>('external', () => 'Control plane unreachable. Working locally, will sync later.'),
  DOCS_FETCH_FAILED: def<{product: string}>('external', (p) => `Couldn't fetch live ${p.product} docs. Showing last known fidelity.`),
  FIDELITY_UNDECLARED: def<{template: string}>('user', (p) => `Template "${p.template}" declares no fidelity references, so there is nothing to score it against. Add a \`fidelity\` entry (openapi, graphql, samples or recordings) to its clone.manifest.json: docs/templates/authoring.md`),
  CLONE_NOT_FOUND: def<{id: string}>('user', (p) => `Unknown clone "${p.id}". List clones: asym status`),
  TEMPLATE_NOT_FOUND: def<{template: string; install?: string; registry?: string; build?: string}>('user', (p) =>
    p.build
      ? `Template "${p.template}" is in this checkout (${p.build}) but not built. Build it: pnpm build`
      : p.install
        ? `Unknown template "${p.template}". Install it: asymmetric plugins install ${p.install}${p.registry ? ` (from ${p.registry}; ASYMMETRIC_NPM_REGISTRY picks another registry)` : ''}`
        : `Unknown template "${p.template}". List templates: asym ls --templates`,
  ),
  PLUGIN_INSTALL_FAILED: def<{plugin: string; registry: string; detail: string}>('external', (p) =>
    `Could not install ${p.plugin} from ${p.registry}: ${p.detail}. Check the name and that this registry has it (ASYMMETRIC_NPM_REGISTRY, or @asym:registry in .npmrc, picks another); run from a checkout, every template in plugins/ spins with no install.`,
  ),
  REGISTRY_CORRUPT: def<{path: string; detail?: string}>('user', (p) => `Local registry is corrupt (${p.path}${p.detail ? `: ${p.detail}` : ''}). Rebuild it with: asym doctor --fix`),
  ENV_SPEC_INVALID: def<{file: string; detail: string}>('user', (p) => `${p.file}: ${p.detail}`),
  REGISTRY_LOCKED: def<{path: string; seconds: number}>('external', (p) => `The registry is locked by another asymmetric command (${p.path}, waited ${p.seconds}s). Retry; if no other command runs, delete the lock file.`),
  REGISTRY_TOO_NEW: def<{path: string; version: number; supported: number}>('user', (p) => `The registry ${p.path} is version ${p.version}, written by a newer asymmetric (this one reads up to ${p.supported}). Upgrade asymmetric; the file was left untouched.`),
  HOME_UNWRITABLE: def<{path: string; detail: string}>('user', (p) => `Cannot write to ASYM_HOME ${p.path} (${p.detail}). Point ASYM_HOME at a writable directory${/file/.test(p.detail) ? '' : ', or fix its permissions'}.`),
  CONFIG_INVALID: def<{path: string; detail: string}>('user', (p) => `Config ${p.path} is invalid: ${p.detail}. Fix it with: asym config set <key> <value>, or delete the key.`),
  MANIFEST_INVALID: def<{file: string; detail: string}>('user', (p) => `Template manifest ${p.file} is invalid: ${p.detail}`),
  TEMPLATE_INCOMPATIBLE: def<{template: string; range: string; version: string}>('user', (p) => `Template "${p.template}" supports engine ${p.range}, but this asymmetric speaks contract ${p.version}. Install a matching version of the template or of asymmetric.`),
  TEMPLATE_DUPLICATE: def<{template: string; first: string; second: string}>('user', (p) => `Template "${p.template}" is provided by both ${p.first} and ${p.second}. Uninstall one: asymmetric plugins uninstall <plugin>`),
  TEMPLATE_DIR_NOT_EMPTY: def<{dir: string; name: string}>('user', (p) => `${p.dir} is not empty; a template is scaffolded into an empty or new directory. Pick another: asymmetric template init ${p.name} --dir <new-dir>`),
  MODE_NOT_FOUND: def<{template: string; mode: string; modes: string}>('user', (p) => `Template "${p.template}" has no mode "${p.mode}". Modes: ${p.modes}`),
  FIXTURE_NOT_FOUND: def<{template: string; fixture: string; fixtures: string}>('user', (p) => `Template "${p.template}" has no fixture "${p.fixture}". Fixtures: ${p.fixtures || '(none)'}`),
  NAME_TAKEN: def<{id: string; database?: string}>('user', (p) =>
    p.database
      ? `The shared Postgres already has a database ${p.database} (a clone "${p.id}" of another ASYM_HOME?). Pick another --name.`
      : `A clone named "${p.id}" already exists. Pick another --name or destroy it: asym destroy ${p.id}`,
  ),
  UNKNOWN_COMMAND: def<{command: string; suggestion?: string}>('user', (p) => `"${p.command}" is not an asymmetric command.${p.suggestion ? ` Did you mean "${p.suggestion}"? Run: asymmetric ${p.suggestion}` : ''} (list: asymmetric help)`),
  INTERRUPTED: def<{id: string; undone?: string}>('user', (p) => `Interrupted: ${p.id} was rolled back${p.undone ? ` (${p.undone})` : ''}; nothing of it is left.`, 130),
  INFRA_UNAVAILABLE: def<{what: string; fix: string}>('external', (p) => `${p.what} is not available. ${p.fix}`),
  MIGRATION_FAILED: def<{template: string; file: string; detail: string}>('bug', (p) => `Migration ${p.file} of template "${p.template}" failed: ${p.detail}. Fix the migration, or report it to the template's authors.`),
  SEED_FAILED: def<{id: string; fixture: string; detail: string}>('bug', (p) => `Fixture "${p.fixture}" failed on ${p.id}: ${p.detail}. Fix the fixture, or report it to the template's authors.`),
  CLONE_STATE_INVALID: def<{id: string; state: string; action: string; fix: string}>('user', (p) => `${p.id} is ${p.state}; cannot ${p.action}. ${p.fix}`),
  PROVISION_FAILED: def<{id: string; detail: string}>('external', (p) => `${p.id} could not mint tokens (${p.detail}). Retry: asym tokens ${p.id} --reprovision`),
  NO_PROVISION_SURFACE: def<{id: string; template: string}>('user', (p) => `${p.id}: template "${p.template}" mints no tokens; its credentials are the fixture's seeded keys.`),
  NOTHING_TO_SEED: def<Params>('user', () => 'Nothing to seed. Pass --fixture <name> and/or --ai.'),
  INVALID_INPUT: def<{detail: string}>('user', (p) => p.detail),
  CONFIRMATION_REQUIRED: def<{action: string}>('user', (p) => `${p.action} needs confirmation. Re-run with --force.`),
  PROVIDER_UNSUPPORTED: def<{provider: string; detail: string}>('user', (p) => `Provider "${p.provider}" cannot be used here: ${p.detail}`),
  ENVIRONMENT_NOT_FOUND: def<{name: string}>('user', (p) => `Unknown environment "${p.name}". List environments: asym env ls`),
  ENVIRONMENT_EXISTS: def<{name: string; members: number}>('user', (p) => `Environment "${p.name}" already exists (${p.members} member(s)). Destroy it first: asym env destroy ${p.name} --force, or rename the environment in the file.`),
  SNAPSHOT_NOT_FOUND: def<{id: string; name: string}>('user', (p) => `${p.id} has no snapshot "${p.name}". List them: asym snapshots ${p.id}`),
  SNAPSHOT_EXISTS: def<{id: string; name: string}>('user', (p) => `${p.id} already has a snapshot "${p.name}". Replace it: asym snapshot ${p.id} ${p.name} --force, or pick another name.`),
} as const;

export type ErrorCode = keyof typeof ERRORS;
export type ErrorParams<C extends ErrorCode> = Parameters<(typeof ERRORS)[C]['message']>[0];

export class AsymmetricError<C extends ErrorCode = ErrorCode> extends Error {
  readonly code: C;
  readonly exitCode: number;
  readonly actor: ErrorActor;
  readonly params: ErrorParams<C>;
  /** Marker that survives module duplication (two copies of the contract in one process). */
  readonly isAsymmetricError = true;

  constructor(code: C, params: ErrorParams<C>, options?: {cause?: unknown}) {
    const d = ERRORS[code] as ErrorDef<ErrorParams<C>>;
    super(d.message(params), options);
    this.name = 'AsymmetricError';
    this.code = code;
    this.params = params;
    this.actor = d.actor;
    this.exitCode = d.exit ?? 1;
  }

  toJSON(): {code: C; message: string; actor: ErrorActor; exitCode: number} {
    return {actor: this.actor, code: this.code, exitCode: this.exitCode, message: this.message};
  }
}

/** Build a named error: `asymError('CLONE_NOT_FOUND', {id})`. */
export function asymError<C extends ErrorCode>(code: C, params: ErrorParams<C>, options?: {cause?: unknown}): AsymmetricError<C> {
  return new AsymmetricError(code, params, options);
}

export function isAsymmetricError(e: unknown): e is AsymmetricError {
  return typeof e === 'object' && e !== null && (e as {isAsymmetricError?: unknown}).isAsymmetricError === true && typeof (e as {code?: unknown}).code === 'string';
}

export function isErrorCode<C extends ErrorCode>(e: unknown, code: C): e is AsymmetricError<C> {
  return isAsymmetricError(e) && e.code === code;
}
