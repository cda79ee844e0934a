import {z} from 'zod';

/**
 * How a template's tables map to the product's objects, for `asym diff` (manifest field `diff`).
 * Each entity is the rows of one table (optionally filtered), keyed by the product's API id.
 */
export const DiffEntity = z
  .object({
    table: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'a table name is a lower-case SQL identifier').describe('the table holding the objects'),
    key: z
      .union([z.string(), z.array(z.string()).min(1)])
      .describe('column(s) that make the object\'s API id; several are joined with ":" (Slack messages: ["channel_id", "ts"])'),
    where: z.string().optional().describe('SQL condition selecting this entity\'s rows (e.g. "type = \'customer\'")'),
    deleted: z.string().optional().describe('SQL condition under which a row is a deleted object (a soft delete); such rows count as absent'),
    document: z.string().optional().describe('a jsonb column that is the object as the API returns it; its fields are compared instead of the columns'),
    ignore: z.array(z.string()).optional().describe('volatile fields never reported (bookkeeping timestamps, cursors, sequence numbers); dotted paths reach into nested objects, a trailing * matches a prefix ("_*")'),
  })
  .strict();
export type DiffEntity = z.infer<typeof DiffEntity>;

export const DiffDeclaration = z
  .object({
    entities: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, 'an entity name is lower-case letters, digits and underscores'), DiffEntity),
    ignore: z.array(z.string()).optional().describe('volatile fields ignored in every entity'),
  })
  .strict();
export type DiffDeclaration = z.infer<typeof DiffDeclaration>;

const json = z.unknown();

/** One field of an updated object: its dotted path, old and new value (undefined = absent). */
export const DiffChange = z.object({field: z.string(), old: json, new: json}).strict();
export type DiffChange = z.infer<typeof DiffChange>;

export const EntityDiff = z
  .object({
    entity: z.string(),
    created: z.array(z.object({id: z.string(), object: z.record(z.string(), json)}).strict()),
    deleted: z.array(z.object({id: z.string(), object: z.record(z.string(), json)}).strict()),
    updated: z.array(z.object({id: z.string(), changes: z.array(DiffChange)}).strict()),
  })
  .strict();
export type EntityDiff = z.infer<typeof EntityDiff>;

/** `asym diff <id> --json`: what changed in a clone since a snapshot or its seed, per entity type. */
export const DiffResult = z
  .object({
    id: z.string(),
    template: z.string(),
    since: z.union([z.object({snapshot: z.string()}).strict(), z.object({seed: z.string().nullable()}).strict()]),
    /** Only entities with changes, in the template's declared order. */
    entities: z.array(EntityDiff),
    totals: z.object({created: z.number().int(), updated: z.number().int(), deleted: z.number().int()}).strict(),
  })
  .strict();
export type DiffResult = z.infer<typeof DiffResult>;
