/**
 * Page property values: what a client may write for each property type (validated against the
 * schema, with Notion's messages) and what is stored. Computed types (formula, rollup, created and
 * last-edited time/by, unique_id) cannot be written.
 */
import {shouldBe, validation} from './errors.js';
import {newOptionId, normalizeId} from './ids.js';
import {COLORS, type MentionResolver, richText} from './richtext.js';
import type {PropertySchema} from './schema.js';

export const READ_ONLY = new Set(['formula', 'rollup', 'created_time', 'created_by', 'last_edited_time', 'last_edited_by', 'unique_id', 'button', 'verification']);

export interface ValueContext {
  resolver: MentionResolver;
  userExists(id: string): Promise<boolean>;
  pageExists(id: string): Promise<boolean>;
  /** A file upload (status uploaded) as a stored file object; marks it attached. */
  attachUpload(id: string, path: string): Promise<{type: 'file'; file: {url: string; expiry_time: string}; name: string}>;
}

const isObj = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);
const DATE_RE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function option(prop: PropertySchema, v: unknown, path: string, create: boolean): string {
  if (!isObj(v)) throw shouldBe(path, 'an object', v);
  const opts: any[] = prop[prop.type].options;
  const found = opts.find((o) => (v.id && o.id === v.id) || (v.name !== undefined && o.name === v.name));
  if (found) return found.id;
  if (!create || typeof v.name !== 'string') {
    throw validation(v.name !== undefined ? `Invalid ${prop.type} option "${v.name}" for property ${prop.name}.` : `${path}.id: option ${v.id} does not exist.`);
  }
  if (v.name.includes(',')) throw validation(`Invalid select option, commas not allowed: ${v.name}`);
  const o = {color: v.color ?? COLORS[opts.length % COLORS.length], description: null, id: newOptionId(), name: v.name};
  opts.push(o);
  return o.id;
}

function stringValue(v: unknown, path: string, max = 2000): string | null {
  if (v === null || v === '') return null;
  if (typeof v !== 'string') throw shouldBe(path, 'a string or `null`', v);
  if (v.length > max) throw shouldBe(`${path}.length`, `≤ \`${max}\``, v.length);
  return v;
}

/** The stored value of one property from what a client sent; may add select options to the schema (returns whether it did). */
export async function normalizeValue(prop: PropertySchema, input: unknown, path: string, ctx: ValueContext): Promise<{value: unknown; schemaChanged: boolean}> {
  const type = prop.type;
  if (READ_ONLY.has(type)) throw validation(`${path} is a ${type} property and cannot be set.`);
  // `{title: [...]}`, `{type: "title", title: [...]}` or, for title and rich text, the array itself
  let v: unknown;
  if (Array.isArray(input) && (type === 'title' || type === 'rich_text' || type === 'multi_select' || type === 'people' || type === 'relation' || type === 'files')) v = input;
  else if (isObj(input)) {
    if (input.type !== undefined && input.type !== type) throw shouldBe(`${path}.type`, `\`"${type}"\``, input.type);
    if (!(type in input)) throw shouldBe(`${path}.${type}`, 'defined', undefined);
    v = input[type];
  } else throw shouldBe(path, 'an object', input);
  const p = `${path}.${type}`;
  let schemaChanged = false;
  switch (type) {
    case 'title':
    case 'rich_text':
      return {schemaChanged, value: await richText(v, p, ctx.resolver)};
    case 'number':
      if (v !== null && (typeof v !== 'number' || !Number.isFinite(v))) throw shouldBe(p, 'a number or `null`', v);
      return {schemaChanged, value: v};
    case 'checkbox':
      if (typeof v !== 'boolean') throw shouldBe(p, 'a boolean', v);
      return {schemaChanged, value: v};
    case 'url':
    case 'email':
    case 'phone_number':
      return {schemaChanged, value: stringValue(v, p)};
    case 'select':
    case 'status': {
      if (v === null) return {schemaChanged, value: null};
      const before = prop[type].options.length;
      const id = option(prop, v, p, type === 'select');
      return {schemaChanged: prop[type].options.length !== before, value: id};
    }
    case 'multi_select': {
      if (!Array.isArray(v)) throw shouldBe(p, 'an array', v);
      if (v.length > 100) throw shouldBe(`${p}.length`, '≤ `100`', v.length);
      const before = prop.multi_select.options.length;
      const ids = v.map((o, i) => option(prop, o, `${p}[${i}]`, true));
      schemaChanged = prop.multi_select.options.length !== before;
      return {schemaChanged, value: [...new Set(ids)]};
    }
    case 'date': {
      if (v === null) return {schemaChanged, value: null};
      if (!isObj(v)) throw shouldBe(p, 'an object or `null`', v);
      if (typeof v.start !== 'string' || !DATE_RE.test(v.start)) throw shouldBe(`${p}.start`, 'a valid ISO 8601 date string', v.start);
      if (v.end !== undefined && v.end !== null && (typeof v.end !== 'string' || !DATE_RE.test(v.end))) throw shouldBe(`${p}.end`, 'a valid ISO 8601 date string or `null`', v.end);
      return {schemaChanged, value: {end: v.end ?? null, start: v.start, time_zone: v.time_zone ?? null}};
    }
    case 'people': {
      if (!Array.isArray(v)) throw shouldBe(p, 'an array', v);
      if (v.length > 100) throw shouldBe(`${p}.length`, '≤ `100`', v.length);
      const ids: string[] = [];
      for (const [i, u] of v.entries()) {
        const id = normalizeId(u?.id);
        if (!id) throw shouldBe(`${p}[${i}].id`, 'a valid uuid', u?.id);
        if (!(await ctx.userExists(id))) throw validation(`${p}[${i}].id: Could not find user with ID: ${id}.`);
        ids.push(id);
      }
      return {schemaChanged, value: [...new Set(ids)]};
    }
    case 'relation': {
      if (!Array.isArray(v)) throw shouldBe(p, 'an array', v);
      if (v.length > 100) throw shouldBe(`${p}.length`, '≤ `100`', v.length);
      const ids: string[] = [];
      for (const [i, r] of v.entries()) {
        const id = normalizeId(r?.id);
        if (!id) throw shouldBe(`${p}[${i}].id`, 'a valid uuid', r?.id);
        if (!(await ctx.pageExists(id))) throw validation(`${p}[${i}].id: Could not find page with ID: ${id}.`);
        ids.push(id);
      }
      return {schemaChanged, value: [...new Set(ids)]};
    }
    case 'files': {
      if (!Array.isArray(v)) throw shouldBe(p, 'an array', v);
      if (v.length > 100) throw shouldBe(`${p}.length`, '≤ `100`', v.length);
      const out: unknown[] = [];
      for (const [i, f] of v.entries()) out.push(await fileObject(f, `${p}[${i}]`, ctx));
      return {schemaChanged, value: out};
    }
    default:
      throw validation(`${path}: properties of type ${type} cannot be set through the API.`);
  }
}

/** A file object from input: external URL or an uploaded file (`{type: "file_upload", file_upload: {id}}`). */
export async function fileObject(f: unknown, path: string, ctx: Pick<ValueContext, 'attachUpload'>): Promise<Record<string, any>> {
  if (!isObj(f)) throw shouldBe(path, 'an object', f);
  const type = f.type ?? (f.external ? 'external' : f.file_upload ? 'file_upload' : f.file ? 'file' : undefined);
  const name = typeof f.name === 'string' ? f.name : undefined;
  if (name && name.length > 100) throw shouldBe(`${path}.name.length`, '≤ `100`', name.length);
  if (type === 'external') {
    const url = f.external?.url;
    if (typeof url !== 'string' || !/^https?:\/\//.test(url)) throw shouldBe(`${path}.external.url`, 'a valid URL', url);
    return {external: {url}, name: name ?? url.split('/').pop() ?? url, type: 'external'};
  }
  if (type === 'file_upload') {
    const id = normalizeId(f.file_upload?.id);
    if (!id) throw shouldBe(`${path}.file_upload.id`, 'a valid uuid', f.file_upload?.id);
    const up = await ctx.attachUpload(id, `${path}.file_upload.id`);
    return {...up, name: name ?? up.name};
  }
  if (type === 'file' && typeof f.file?.url === 'string') return {file: {expiry_time: f.file.expiry_time ?? null, url: f.file.url}, name: name ?? 'file', type: 'file'};
  throw shouldBe(`${path}.type`, '`"external"` or `"file_upload"`', f.type);
}
