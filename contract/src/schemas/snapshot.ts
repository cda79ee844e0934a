import {z} from 'zod';

/** A checkpoint's name: what `asym snapshot <id> <name>` takes and `asym restore` finds it by. */
export const SnapshotName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,39}$/, 'a snapshot name is 1–40 lower-case letters, digits, dots, underscores and hyphens, starting with a letter or digit');
export type SnapshotName = z.infer<typeof SnapshotName>;

/** A snapshot as `asym snapshots` and `status --json` show it. */
export const SnapshotInfo = z
  .object({
    name: SnapshotName,
    createdAt: z.string(),
    /** Database + Redis dump + files, in bytes. */
    sizeBytes: z.number().int().nonnegative(),
    redisKeys: z.number().int().nonnegative(),
    files: z.number().int().nonnegative(),
  })
  .strict();
export type SnapshotInfo = z.infer<typeof SnapshotInfo>;

/** What the registry keeps per snapshot: the info plus the database that holds its rows. */
export const SnapshotRecord = SnapshotInfo.extend({
  /** Database copied from the clone's (`asym_snap_<hex>`); restore copies it back. */
  database: z.string(),
});
export type SnapshotRecord = z.infer<typeof SnapshotRecord>;
