import {z} from 'zod';

import {StoredCloneRecord} from './clone.js';
import {Environment} from './environment.js';

export const REGISTRY_VERSION = 2;

/** The registry file as this CLI writes it. */
export const RegistryFileV2 = z
  .object({
    version: z.literal(2),
    clones: z.array(StoredCloneRecord),
    environments: z.array(Environment),
  })
  .strict();
export type RegistryFileV2 = z.infer<typeof RegistryFileV2>;

/** The legacy registry: `groups` instead of `environments`, and clones that may carry a `group` tag. */
export const RegistryFileV1 = z
  .object({
    version: z.literal(1).optional(),
    clones: z.array(StoredCloneRecord.and(z.object({group: z.string().optional()}))).default([]),
    groups: z
      .array(
        z.object({
          name: z.string().min(1),
          members: z.array(z.string()).default([]),
          createdAt: z.string().optional(),
          updatedAt: z.string().optional(),
        }),
      )
      .default([]),
  })
  .strict();
export type RegistryFileV1 = z.infer<typeof RegistryFileV1>;
