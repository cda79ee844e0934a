/**
 * Property definitions (cached per object type, invalidated on every write) and the checks HubSpot
 * makes on the values a record is written with: the property exists, is writable, and its value
 * fits its type (numbers, booleans, dates, enumeration options, owners).
 */
import type {BackendContext} from '@asym/template-kit';

import {invalidProperties, type PropertyProblem} from './errors.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type PropertyDef = {name: string; type: string; fieldType: string; options?: Array<{value: string; label: string}>; modificationMetadata?: {readOnlyValue?: boolean}; hasUniqueValue?: boolean; [k: string]: any};

export class PropertyCatalog {
  private readonly cache = new Map<string, Map<string, PropertyDef>>();
  constructor(private readonly db: BackendContext['db']) {}

  clear(type?: string): void {
    if (type) this.cache.delete(type);
    else this.cache.clear();
  }

  async of(type: string): Promise<Map<string, PropertyDef>> {
    let m = this.cache.get(type);
    if (!m) {
      const r = await this.db.query('SELECT data FROM properties WHERE object_type = $1 AND NOT archived', [type]);
      m = new Map(r.rows.map((x: {data: PropertyDef}) => [x.data.name, x.data]));
      this.cache.set(type, m);
    }
    return m;
  }
}

/** Epoch milliseconds of a date/datetime value given as ms (number or digits) or an ISO string. */
export function toMillis(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  const s = String(v ?? '').trim();
  if (/^-?\d+$/.test(s)) return Number(s);
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}

export interface NormalizeOptions {
  /** Owner ids that exist (for hubspot_owner_id). */
  owners: Set<string>;
  /** Properties HubSpot computes, refused when written. */
  readOnly: Set<string>;
  /** Properties the caller may not set although read-only (pipeline stage checks happen elsewhere). */
  external: Set<string>;
}

/** The values as HubSpot stores them (strings, ISO datetimes, `YYYY-MM-DD` dates), or a 400 naming every bad one. */
export function normalizeValues(defs: Map<string, PropertyDef>, input: Record<string, unknown>, opts: NormalizeOptions): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  const problems: PropertyProblem[] = [];
  for (const [name, raw] of Object.entries(input)) {
    const def = defs.get(name);
    if (!def) {
      problems.push({name, error: 'PROPERTY_DOESNT_EXIST', message: `Property "${name}" does not exist`});
      continue;
    }
    if (opts.readOnly.has(name) || def.modificationMetadata?.readOnlyValue || def.calculated) {
      problems.push({name, error: 'READ_ONLY_VALUE', message: `${name} is a read only property; its value cannot be set.`});
      continue;
    }
    if (raw === null || raw === undefined || raw === '') {
      out[name] = null;
      continue;
    }
    const value = typeof raw === 'object' ? JSON.stringify(raw) : String(raw);
    const bad = (error: string, message: string) => problems.push({name, error, message});
    switch (def.type) {
      case 'number':
        if (!/^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(value.trim())) bad('INVALID_LONG', `${value} was not a valid long.`);
        else out[name] = value.trim();
        break;
      case 'bool':
        if (!['true', 'false'].includes(value.toLowerCase())) bad('INVALID_BOOLEAN', `${value} was not a valid boolean.`);
        else out[name] = value.toLowerCase();
        break;
      case 'datetime': {
        const ms = toMillis(value);
        if (ms === undefined) bad('INVALID_DATE', `${value} was not a valid date or datetime.`);
        else out[name] = new Date(ms).toISOString();
        break;
      }
      case 'date': {
        const ms = toMillis(value);
        if (ms === undefined) bad('INVALID_DATE', `${value} was not a valid date.`);
        else if (new Date(ms).toISOString().slice(11) !== '00:00:00.000Z') bad('INVALID_DATE', `${value} is at ${new Date(ms).toISOString()}, which isn't midnight UTC.`);
        else out[name] = new Date(ms).toISOString().slice(0, 10);
        break;
      }
      case 'enumeration': {
        if (name === 'hubspot_owner_id') {
          if (!opts.owners.has(value)) bad('INVALID_OWNER_ID', `${value} is not a valid owner id`);
          else out[name] = value;
          break;
        }
        if (opts.external.has(name) || def.externalOptions) {
          out[name] = value;
          break;
        }
        const allowed = (def.options ?? []).map((o) => o.value);
        const values = def.fieldType === 'checkbox' ? value.split(';') : [value];
        const wrong = values.filter((v) => !allowed.includes(v));
        if (wrong.length > 0 && !(def.fieldType === 'checkbox' && allowed.length === 0)) {
          bad('INVALID_OPTION', `${wrong.join(';')} was not one of the allowed options: [${(def.options ?? []).map((o) => `label: "${o.label}"\nvalue: "${o.value}"`).join(', ')}]`);
        } else out[name] = value;
        break;
      }
      default:
        out[name] = value;
    }
  }
  if (problems.length > 0) throw invalidProperties(problems);
  return out;
}
