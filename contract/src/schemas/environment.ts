import {z} from 'zod';

import {CloneMode} from './clone.js';

export const EnvironmentState = z.enum(['running', 'partial', 'stopped', 'failed']);
export type EnvironmentState = z.infer<typeof EnvironmentState>;

/** A named group of clones. `members` is the single source of truth for membership. */
export const Environment = z
  .object({
    name: z.string().min(1),
    members: z.array(z.string()),
    /** Path of the environment.yaml it was spun from; null for ad-hoc (`--group`) environments. */
    spec: z.string().nullable().default(null),
    state: EnvironmentState.default('running'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .strict();
export type Environment = z.infer<typeof Environment>;

/** One clone declared in an environment.yaml. */
export const EnvironmentCloneSpec = z
  .object({
    template: z.string().min(1),
    mode: CloneMode.optional(),
    seed: z.string().min(1).optional(),
    name: z.string().optional(),
  })
  .strict();

/** The environment.yaml file. `identity` and `data` are declared but not supported yet. */
export const EnvironmentFile = z
  .object({
    name: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'an environment name is letters, digits, `_`, `.` and `-`'),
    clones: z.array(EnvironmentCloneSpec).min(1, 'an environment needs at least one clone'),
    identity: z.unknown().optional(),
    data: z.unknown().optional(),
  })
  .strict();
export type EnvironmentFile = z.infer<typeof EnvironmentFile>;
