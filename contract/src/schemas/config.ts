import {z} from 'zod';

import {PortRange} from './clone.js';

/** `$ASYM_HOME/config.json`. Every key is optional; defaults apply where a key is absent. */
export const Config = z
  .object({
    portRange: PortRange.optional(),
    provider: z.enum(['auto', 'process', 'docker']).optional(),
    postgresUrl: z.string().regex(/^postgres(ql)?:\/\//, 'a postgres:// URL').optional(),
    redisUrl: z.string().regex(/^rediss?:\/\//, 'a redis:// URL').optional(),
    healthTimeoutSeconds: z.number().int().min(1).max(3600).optional(),
    dockerPostgresImage: z.string().min(1).optional(),
    dockerRedisImage: z.string().min(1).optional(),
    dockerNodeImage: z.string().min(1).optional(),
  })
  .strict();
export type Config = z.infer<typeof Config>;

export const CONFIG_DEFAULTS = {
  portRange: {from: 3000, to: 3999},
  provider: 'auto',
  healthTimeoutSeconds: 90,
} as const;
