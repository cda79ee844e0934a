/**
 * Rich text as Notion answers it: every item with `type`, its payload, full `annotations`, a
 * computed `plain_text` and `href`. Input is what clients send (often just `{text: {content}}`);
 * the limits are Notion's (2,000 characters per text content or link, 1,000 per equation, 100 items).
 */
import {shouldBe, validation} from './errors.js';
import {normalizeId} from './ids.js';

export interface RichText {
  type: 'text' | 'mention' | 'equation';
  text?: {content: string; link: {url: string} | null};
  mention?: Record<string, unknown>;
  equation?: {expression: string};
  annotations: Annotations;
  plain_text: string;
  href: string | null;
}

export interface Annotations {
  bold: boolean;
  italic: boolean;
  strikethrough: boolean;
  underline: boolean;
  code: boolean;
  color: string;
}

export const COLORS = ['default', 'gray', 'brown', 'orange', 'yellow', 'green', 'blue', 'purple', 'pink', 'red'];
const ALL_COLORS = [...COLORS, ...COLORS.slice(1).map((c) => `${c}_background`), 'default_background'];
export const MAX_TEXT = 2000;
export const MAX_ITEMS = 100;

/** Looks up what a mention shows: a user's name, a page's or database's title. */
export interface MentionResolver {
  user(id: string): Promise<{name: string | null} | undefined>;
  page(id: string): Promise<{title: string; url: string} | undefined>;
  database(id: string): Promise<{title: string; url: string} | undefined>;
}

const isObj = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function annotations(a: unknown, path: string): Annotations {
  const out: Annotations = {bold: false, italic: false, strikethrough: false, underline: false, code: false, color: 'default'};
  if (a === undefined || a === null) return out;
  if (!isObj(a)) throw shouldBe(path, 'an object', a);
  for (const k of ['bold', 'italic', 'strikethrough', 'underline', 'code'] as const) {
    if (a[k] === undefined) continue;
    if (typeof a[k] !== 'boolean') throw shouldBe(`${path}.${k}`, 'a boolean', a[k]);
    out[k] = a[k];
  }
  if (a.color !== undefined) {
    if (!ALL_COLORS.includes(a.color)) throw shouldBe(`${path}.color`, `one of ${ALL_COLORS.map((c) => `\`${c}\``).join(', ')}`, a.color);
    out.color = a.color;
  }
  return out;
}

export const plainText = (items: RichText[] | undefined | null): string => (items ?? []).map((i) => i.plain_text).join('');

/** A text item from a string (what the fixture builder and defaults use). */
export const textItem = (content: string, extra: {link?: string; annotations?: Partial<Annotations>} = {}): RichText => ({
  annotations: {bold: false, code: false, color: 'default', italic: false, strikethrough: false, underline: false, ...extra.annotations},
  href: extra.link ?? null,
  plain_text: content,
  text: {content, link: extra.link ? {url: extra.link} : null},
  type: 'text',
});

export const text = (content: string): RichText[] => (content ? [textItem(content)] : []);

/** Validate and complete a rich text array sent by a client. */
export async function richText(input: unknown, path: string, resolve?: MentionResolver): Promise<RichText[]> {
  if (input === undefined || input === null) return [];
  if (!Array.isArray(input)) throw shouldBe(path, 'an array', input);
  if (input.length > MAX_ITEMS) throw shouldBe(`${path}.length`, `≤ \`${MAX_ITEMS}\``, input.length);
  const out: RichText[] = [];
  for (const [i, item] of input.entries()) out.push(await richTextItem(item, `${path}[${i}]`, resolve));
  return out;
}

async function richTextItem(item: unknown, path: string, resolve?: MentionResolver): Promise<RichText> {
  if (!isObj(item)) throw shouldBe(path, 'an object', item);
  const type = item.type ?? (item.text ? 'text' : item.mention ? 'mention' : item.equation ? 'equation' : undefined);
  const ann = annotations(item.annotations, `${path}.annotations`);
  if (type === 'text') {
    const t = item.text;
    if (!isObj(t)) throw shouldBe(`${path}.text`, 'defined', t);
    if (typeof t.content !== 'string') throw shouldBe(`${path}.text.content`, 'a string', t.content);
    if (t.content.length > MAX_TEXT) throw shouldBe(`${path}.text.content.length`, `≤ \`${MAX_TEXT}\``, t.content.length);
    let link: {url: string} | null = null;
    if (t.link !== undefined && t.link !== null) {
      if (!isObj(t.link) || typeof t.link.url !== 'string') throw shouldBe(`${path}.text.link.url`, 'a string', t.link?.url);
      if (t.link.url.length > MAX_TEXT) throw shouldBe(`${path}.text.link.url.length`, `≤ \`${MAX_TEXT}\``, t.link.url.length);
      if (!/^(https?:\/\/|\/|mailto:|tel:)/i.test(t.link.url)) throw validation(`Invalid URL for link: ${t.link.url}`);
      link = {url: t.link.url};
    }
    return {annotations: ann, href: link?.url ?? null, plain_text: t.content, text: {content: t.content, link}, type: 'text'};
  }
  if (type === 'equation') {
    const e = item.equation;
    if (!isObj(e) || typeof e.expression !== 'string') throw shouldBe(`${path}.equation.expression`, 'a string', e?.expression);
    if (e.expression.length > 1000) throw shouldBe(`${path}.equation.expression.length`, '≤ `1000`', e.expression.length);
    return {annotations: ann, equation: {expression: e.expression}, href: null, plain_text: e.expression, type: 'equation'};
  }
  if (type === 'mention') return mention(item.mention, `${path}.mention`, ann, resolve);
  throw shouldBe(`${path}.type`, '`"text"`, `"mention"` or `"equation"`', item.type);
}

async function mention(m: unknown, path: string, ann: Annotations, resolve?: MentionResolver): Promise<RichText> {
  if (!isObj(m)) throw shouldBe(path, 'an object', m);
  const kind = m.type ?? ['user', 'page', 'database', 'date', 'link_preview', 'template_mention'].find((k) => m[k] !== undefined);
  const base = {annotations: ann, href: null as string | null, type: 'mention' as const};
  switch (kind) {
    case 'user': {
      const id = normalizeId(m.user?.id);
      if (!id) throw shouldBe(`${path}.user.id`, 'a valid uuid', m.user?.id);
      const u = await resolve?.user(id);
      if (resolve && !u) throw validation(`Could not find user with ID: ${id}.`);
      return {...base, mention: {type: 'user', user: {id, object: 'user'}}, plain_text: `@${u?.name ?? 'Unknown'}`};
    }
    case 'page':
    case 'database': {
      const id = normalizeId(m[kind]?.id);
      if (!id) throw shouldBe(`${path}.${kind}.id`, 'a valid uuid', m[kind]?.id);
      const target = kind === 'page' ? await resolve?.page(id) : await resolve?.database(id);
      return {...base, href: target?.url ?? `https://www.notion.so/${id.replace(/-/g, '')}`, mention: {type: kind, [kind]: {id}}, plain_text: target?.title ?? 'Untitled'};
    }
    case 'date': {
      const d = m.date;
      if (!isObj(d) || typeof d.start !== 'string') throw shouldBe(`${path}.date.start`, 'a string', d?.start);
      const date = {end: d.end ?? null, start: d.start, time_zone: d.time_zone ?? null};
      return {...base, mention: {date, type: 'date'}, plain_text: date.end ? `${date.start} → ${date.end}` : date.start};
    }
    case 'link_preview': {
      const url = m.link_preview?.url;
      if (typeof url !== 'string') throw shouldBe(`${path}.link_preview.url`, 'a string', url);
      return {...base, href: url, mention: {link_preview: {url}, type: 'link_preview'}, plain_text: url};
    }
    default:
      throw shouldBe(`${path}.type`, 'one of `user`, `page`, `database`, `date`, `link_preview`', kind);
  }
}
