import {randomUUID} from 'node:crypto';

import {randomString} from '@asym/template-kit';

export const newId = (): string => randomUUID();

/** A Notion id as clients send it (32 hex digits, with or without dashes) in its dashed form; undefined if it is not one. */
export function normalizeId(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const hex = raw.trim().toLowerCase().replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/.test(hex)) return undefined;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const compactId = (id: string): string => id.replace(/-/g, '');

/** A property id as Notion makes them: four URL-safe characters (the title property is always `title`). */
export const newPropertyId = (): string => randomString(4, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789');

/** An option id of a select, multi-select or status property. */
export const newOptionId = (): string => randomString(4, 'abcdefghijklmnopqrstuvwxyz0123456789');
