import type {CloneRecord, EnvironmentState} from '@asym/contract';

/** An environment's state from its members: running (all up), partial (some up), stopped, failed. */
export function rollupState(memberIds: string[], clones: CloneRecord[]): EnvironmentState {
  const members = memberIds.map((id) => clones.find((c) => c.id === id));
  if (members.length === 0) return 'stopped';
  const up = members.filter((c) => c?.state === 'running').length;
  if (up === members.length) return 'running';
  if (up > 0) return 'partial';
  if (members.every((c) => c?.state === 'stopped')) return 'stopped';
  return 'failed';
}
