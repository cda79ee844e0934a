import type {SnapshotInfo} from './schemas/snapshot.js';
import type {CloneInstance, CloneSpec, CloneStatus, LogLine, LogOptions, SeedResult, SeedSpec} from './schemas/clone.js';

/**
 * The engine behind every lifecycle verb. Implementations throw named errors (`AsymmetricError`)
 * only, and leave nothing half-made when they fail.
 */
export interface CloneProvider {
  readonly kind: 'local' | 'cloud';
  /** `process` or `docker` for the local providers. */
  readonly name: string;
  create(spec: CloneSpec, progress?: ProgressReporter): Promise<CloneInstance>;
  /** `newPorts`: move services whose saved port another program holds to free ports. */
  start(id: string, opts?: {newPorts?: boolean}): Promise<void>;
  stop(id: string): Promise<void>;
  destroy(id: string): Promise<void>;
  status(id: string): Promise<CloneStatus>;
  logs(id: string, opts?: LogOptions): AsyncIterable<LogLine>;
  seed(id: string, spec: SeedSpec): Promise<SeedResult>;
  reset(id: string): Promise<void>;
  /** Save the clone's complete state (database, Redis keys, files) under a name. */
  snapshot?(id: string, name: string, options?: {force?: boolean}): Promise<SnapshotInfo>;
  /** Put the clone back to a snapshot, as fast as `reset`. */
  restore?(id: string, name: string): Promise<void>;
}

/** Steps of a long operation, reported as they happen (the CLI renders them with listr2). */
export interface ProgressReporter {
  step(title: string): void;
}
