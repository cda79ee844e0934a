import {z} from 'zod';

const relPath = z.string().min(1).describe('a path relative to the template root');

/** What a template declares for `verify`: the real product's references it ships, and how to call its clone. */
export const FidelityDeclaration = z
  .object({
    openapi: relPath.optional().describe('an OpenAPI document (JSON) of the real API: surface from paths × methods, shape from response schemas'),
    graphql: relPath.optional().describe('the real API\'s GraphQL SDL: surface from Query and Mutation fields, shape from field types'),
    samples: relPath.optional().describe('recorded response samples (JSON `{operations: [{operation, request?, response?}]}`): surface from the operations, shape from key sets'),
    recordings: relPath.optional().describe('recorded real exchanges (JSON `[{cassette, interactions: [{method, path, query, body, status, response}]}]`), replayed for behaviour'),
    endpoint: z.string().optional().describe('path under the API endpoint that GraphQL probes POST to (default /graphql)'),
    reference: z
      .object({name: z.string().min(1), version: z.string().min(1)})
      .strict()
      .optional()
      .describe('the reference\'s name and version as shown (default: the OpenAPI `info`, else the file name)'),
    auth: z
      .object({
        token: z.enum(['botToken', 'userToken', 'apiKey']).default('botToken').describe('which minted credential the probes send'),
        scheme: z.string().default('Bearer').describe('the Authorization scheme ("" sends the bare token)'),
      })
      .strict()
      .optional(),
    headers: z.record(z.string(), z.string()).optional().describe('headers every probe sends (an API version header …)'),
    setup: z
      .array(z.object({path: z.string().startsWith('/_asym/'), body: z.unknown().optional()}).strict())
      .optional()
      .describe('control calls (POST, with the control token) that prepare an ephemeral clone for probing, e.g. turning rate limits off; never sent to a --clone'),
    seedIds: z
      .record(z.string(), z.string())
      .optional()
      .describe('ids of objects the recordings found already there, mapped to the default fixture\'s (replay starts from them)'),
    params: z
      .record(z.string(), z.string())
      .optional()
      .describe('values for path parameters (`owner`, `objectType` …) from the default fixture: reads whose parameters all have a value are probed for shape'),
  })
  .strict();
export type FidelityDeclaration = z.infer<typeof FidelityDeclaration>;

const count = z.number().int().nonnegative();

/** One part of a score: passed / total, and their ratio (null when nothing was checked). */
export const FidelityPart = z.object({passed: count, total: count, score: z.number().min(0).max(1).nullable()}).strict();
export type FidelityPart = z.infer<typeof FidelityPart>;

export const FIDELITY_PARTS = ['surface', 'shape', 'behaviour', 'errors'] as const;
export type FidelityPartName = (typeof FIDELITY_PARTS)[number];

/** One check of one operation (`GET /v1/customers`, `Query.issues`, `chat.postMessage`). */
export const FidelityRow = z
  .object({
    part: z.enum(FIDELITY_PARTS),
    operation: z.string(),
    ok: z.boolean(),
    detail: z.string().optional(),
  })
  .strict();
export type FidelityRow = z.infer<typeof FidelityRow>;

/** How faithfully a template reproduces its real product, as measured by `verify`. */
export const FidelityScore = z
  .object({
    template: z.string(),
    /** The template's version (scores are cached per template version). */
    version: z.string(),
    realProduct: z.string(),
    reference: z.object({name: z.string(), version: z.string(), source: z.string()}).strict(),
    /** Mean of the parts that checked something. */
    overall: z.number().min(0).max(1),
    parts: z.object({surface: FidelityPart, shape: FidelityPart, behaviour: FidelityPart, errors: FidelityPart}).strict(),
    operations: z.array(FidelityRow),
    measuredAt: z.string(),
    elapsedMs: z.number().nonnegative(),
    /** Set when this is the last known score shown because a fresh one could not be measured. */
    cached: z.boolean().optional(),
    warnings: z.array(z.object({code: z.string(), message: z.string()}).strict()).optional(),
  })
  .strict();
export type FidelityScore = z.infer<typeof FidelityScore>;
