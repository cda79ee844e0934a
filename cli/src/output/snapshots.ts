import type {SnapshotInfo} from '@asym/contract';

import {table} from './format.js';

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export const millis = (ms: number) => `${Math.round(ms)} ms`;

export function snapshotTable(list: SnapshotInfo[]): string {
  return table(
    list.map((s) => [s.name, s.createdAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z'), bytes(s.sizeBytes), String(s.redisKeys), String(s.files)]),
    ['NAME', 'CREATED', 'SIZE', 'REDIS KEYS', 'FILES'],
  );
}
