import {z} from 'zod';

/** How faithfully a template reproduces its real product, as measured by `verify`. */
export const FidelityScore = z
  .object({
    template: z.string(),
    realProduct: z.string(),
    score: z.number().min(0).max(1),
    checks: z.array(z.object({name: z.string(), passed: z.number().int().nonnegative(), total: z.number().int().nonnegative()}).strict()),
    measuredAt: z.string(),
    source: z.string(),
  })
  .strict();
export type FidelityScore = z.infer<typeof FidelityScore>;
