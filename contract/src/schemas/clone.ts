import {z} from 'zod';

import {SnapshotInfo, SnapshotRecord} from './snapshot.js';

/** A run mode of a template: a named set of services (`api`, `full`, …). */
export const CloneMode = z.string().regex(/^[a-z][a-z0-9-]*$/, 'a mode is lower-case letters, digits and hyphens');
export type CloneMode = z.infer<typeof CloneMode>;

const port = z.number().int().min(1).max(65_535);

/** An inclusive range of host ports clones may use. */
export const PortRange = z
  .object({from: port, to: port})
  .strict()
  .refine((r) => r.from <= r.to, {message: '`from` must not be greater than `to`'});
export type PortRange = z.infer<typeof PortRange>;

/** What to seed a clone with. A fixture is a deterministic SQL pack shipped by the template. */
export const SeedSpec = z
  .object({
    fixture: z.string().min(1).optional(),
    ai: z.union([z.boolean(), z.object({brief: z.string().optional(), volume: z.enum(['small', 'medium', 'large']).optional()}).strict()]).optional(),
  })
  .strict();
export type SeedSpec = z.infer<typeof SeedSpec>;

/** Input to `CloneProvider.create`; the provider fills in everything it allocates. */
export const CloneSpec = z
  .object({
    template: z.string().min(1),
    mode: CloneMode.optional(),
    name: z
      .string()
      .regex(/^[a-z][a-z0-9-]{1,40}$/, 'a clone name is 2–41 lower-case letters, digits and hyphens, starting with a letter')
      .optional(),
    group: z.string().min(1).optional(),
    seed: SeedSpec.optional(),
    portRange: PortRange.optional(),
    expose: z.boolean().optional(),
  })
  .strict();
export type CloneSpec = z.infer<typeof CloneSpec>;

export const CloneState = z.enum(['creating', 'running', 'unhealthy', 'stopped', 'failed', 'destroying']);
export type CloneState = z.infer<typeof CloneState>;

/**
 * Credentials minted for a clone's default app. Slack-like templates fill bot/user tokens and the
 * app/workspace ids, single-key products fill `apiKey`; `extra` holds template-specific values (ids of the bot and admin users, signing secrets …)
 * that the template needs to restore the same credentials after a reset.
 */
export const CloneTokens = z
  .object({
    botToken: z.string().optional(),
    userToken: z.string().optional(),
    appId: z.string().optional(),
    workspaceId: z.string().optional(),
    /** Single-key products (Stripe's secret key, Notion's integration token …). */
    apiKey: z.string().optional(),
    extra: z.record(z.string(), z.string()).optional(),
  })
  .strict();
export type CloneTokens = z.infer<typeof CloneTokens>;

/** The JSON row persisted in registry.json for each clone. It does not record its environment. */
export const CloneRecord = z
  .object({
    id: z.string().min(1),
    template: z.string().min(1),
    mode: CloneMode,
    provider: z.enum(['process', 'docker']).default('process'),
    composeProject: z.string(),
    database: z.string(),
    redisPrefix: z.string(),
    ports: z.record(z.string(), port),
    state: CloneState,
    seed: SeedSpec.nullable().default(null),
    expose: z.boolean().default(false),
    image: z.string().optional(),
    imageDigest: z.string().optional(),
    tokens: CloneTokens.optional(),
    /** Process provider: pid of each running service. */
    pids: z.record(z.string(), z.number().int()).optional(),
    /** Version of the template the clone's data was last built or migrated with. */
    templateVersion: z.string().optional(),
    /** Migration files (names) the clone's data has, in order. */
    migrations: z.array(z.string()).optional(),
    /** Hash of (migrations, fixture) the clone's database was last built from. */
    dataHash: z.string().optional(),
    /** Secrets the clone's services were started with (JWT signing, control routes); kept across stop/start. */
    secrets: z.object({jwt: z.string(), control: z.string()}).strict().optional(),
    /** While `creating`: the pid of the CLI doing it, so a crashed spin can be found and cleaned. */
    ownerPid: z.number().int().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
    syncedAt: z.string().optional(),
    /** Named checkpoints (`asym snapshot`), oldest first. */
    snapshots: z.array(SnapshotRecord).optional(),
  })
  .passthrough();
export type CloneRecord = z.infer<typeof CloneRecord>;

/** A clone id as the CLI makes them (a name, or `<template>-<hex>`): nothing that could be a path. */
export const CLONE_ID = /^[a-z][a-z0-9-]{1,62}$/;

/**
 * Why a stored record cannot be trusted, or undefined. Everything destroy and logs touch must be
 * derived from a valid id: the database and Redis prefix contain it, the prefix is not a pattern.
 */
export function cloneRecordProblem(r: Pick<CloneRecord, 'id' | 'database' | 'redisPrefix' | 'composeProject'>): string | undefined {
  const who = `clone ${JSON.stringify(r.id)}`;
  if (!CLONE_ID.test(r.id)) return `${who}: the id must be lower-case letters, digits and hyphens (at most 63), starting with a letter`;
  const stem = r.id.replaceAll('-', '_');
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(r.database) || !r.database.includes(stem)) return `${who}: database ${JSON.stringify(r.database)} is not derived from the id (expected a name like clone_${stem})`;
  if (!r.redisPrefix.includes(r.id) || /[*?[\]\\\s]/.test(r.redisPrefix)) return `${who}: Redis prefix ${JSON.stringify(r.redisPrefix)} is not derived from the id (expected a prefix like ${r.id}:)`;
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(r.composeProject) || !r.composeProject.includes(r.id)) return `${who}: compose project ${JSON.stringify(r.composeProject)} is not derived from the id`;
  return undefined;
}

/**
 * Fill the fields of a stored record that follow from its id (older CLIs, hand-restored backups):
 * the compose project, database, Redis prefix and timestamps. Everything else must be there.
 */
export function withDerivedFields(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const r = raw as Record<string, unknown>;
  if (typeof r.id !== 'string') return raw;
  const id = r.id;
  const stamp = typeof r.updatedAt === 'string' ? r.updatedAt : typeof r.createdAt === 'string' ? r.createdAt : new Date(0).toISOString();
  return {
    ...r,
    composeProject: r.composeProject ?? `asym-${id}`,
    createdAt: r.createdAt ?? stamp,
    database: r.database ?? `clone_${id.replaceAll('-', '_')}`,
    redisPrefix: r.redisPrefix ?? `${id}:`,
    updatedAt: r.updatedAt ?? stamp,
  };
}

/** A record as read back from the registry: the schema, plus the id-derived names checked. */
export const StoredCloneRecord = CloneRecord.superRefine((r, ctx) => {
  const problem = cloneRecordProblem(r);
  if (problem) ctx.addIssue({code: 'custom', message: problem});
});

export const CloneEndpoints = z.object({api: z.string(), web: z.string().optional()}).strict();
export type CloneEndpoints = z.infer<typeof CloneEndpoints>;

/** What create returns: the record plus the resolved endpoints. */
export const CloneInstance = CloneRecord.and(z.object({endpoints: CloneEndpoints}));
export type CloneInstance = CloneRecord & {endpoints: CloneEndpoints};

/** A live view of a clone, as `status` shows it. */
export const CloneStatus = z
  .object({
    id: z.string(),
    template: z.string(),
    mode: z.string(),
    state: CloneState,
    environment: z.string().nullable(),
    endpoints: CloneEndpoints,
    ports: z.record(z.string(), port),
    services: z.array(z.object({name: z.string(), state: z.enum(['running', 'stopped', 'unhealthy']), pid: z.number().int().optional(), port, reason: z.string().optional()}).strict()),
    database: z.string(),
    seed: SeedSpec.nullable(),
    snapshots: z.array(SnapshotInfo).optional(),
    /** The template version the data was built with, and migrations it lacks or has beyond the template's. */
    data: z.object({templateVersion: z.string().optional(), pending: z.array(z.string()), ahead: z.array(z.string())}).strict().optional(),
    /** What is wrong, in the backend's own words where it said, and the command that fixes it. */
    problem: z.object({reason: z.string(), fix: z.string()}).strict().optional(),
  })
  .strict();
export type CloneStatus = z.infer<typeof CloneStatus>;

export const SeedResult = z
  .object({
    id: z.string(),
    fixture: z.object({name: z.string(), rows: z.number().int().nonnegative()}).strict().optional(),
    ai: z.object({written: z.number().int().nonnegative(), rejected: z.number().int().nonnegative()}).strict().optional(),
    warnings: z.array(z.string()),
  })
  .strict();
export type SeedResult = z.infer<typeof SeedResult>;

export const LogOptions = z
  .object({
    follow: z.boolean().optional(),
    tail: z.number().int().nonnegative().optional(),
    service: z.string().optional(),
  })
  .strict();
export type LogOptions = z.infer<typeof LogOptions>;

export const LogLine = z
  .object({
    service: z.string(),
    line: z.string(),
    stream: z.enum(['stdout', 'stderr']).default('stdout'),
    time: z.string().optional(),
  })
  .strict();
export type LogLine = z.infer<typeof LogLine>;
