/**
 * Block content as clients send it (`{paragraph: {rich_text: [...]}, children?}`), validated and
 * completed to what Notion stores and answers, with Notion's limits: 100 children per request
 * array, two levels of nesting in one request, 1,000 blocks in all.
 */
import {shouldBe, validation} from './errors.js';
import {normalizeId} from './ids.js';
import {type MentionResolver, richText} from './richtext.js';
import {fileObject, type ValueContext} from './values.js';

export const TEXT_BLOCKS = ['paragraph', 'heading_1', 'heading_2', 'heading_3', 'bulleted_list_item', 'numbered_list_item', 'quote', 'to_do', 'toggle', 'callout'];
export const FILE_BLOCKS = ['image', 'file', 'pdf', 'video', 'audio'];
export const BLOCK_TYPES = [
  ...TEXT_BLOCKS, ...FILE_BLOCKS, 'code', 'divider', 'breadcrumb', 'table_of_contents', 'equation', 'bookmark', 'embed', 'link_preview',
  'column_list', 'column', 'table', 'table_row', 'link_to_page', 'synced_block', 'template',
];
const COLORS_OK = /^(default|gray|brown|orange|yellow|green|blue|purple|pink|red)(_background)?$/;
export const MAX_CHILDREN = 100;
export const MAX_DEPTH = 2;
export const MAX_BLOCKS = 1000;

export interface BlockSpec {
  type: string;
  content: Record<string, any>;
  children: BlockSpec[];
}

const isObj = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

export type BlockInputContext = Pick<ValueContext, 'attachUpload'> & {resolver: MentionResolver};

export function blockTypeOf(input: Record<string, any>, path: string): string {
  const type = input.type ?? BLOCK_TYPES.find((t) => t in input) ?? (input.child_page ? 'child_page' : input.child_database ? 'child_database' : undefined);
  if (type === 'child_page' || type === 'child_database') throw validation(`${path}: ${type} blocks cannot be created by appending children; create a ${type === 'child_page' ? 'page' : 'database'} with this block as its parent.`);
  if (!type || !BLOCK_TYPES.includes(type)) throw shouldBe(`${path}.type`, `one of ${BLOCK_TYPES.map((t) => `\`${t}\``).join(', ')}`, input.type);
  if (!isObj(input[type])) throw shouldBe(`${path}.${type}`, 'defined', input[type]);
  return type;
}

/** The stored payload of one block type (merging into `prior` on update). */
export async function blockContent(type: string, v: Record<string, any>, path: string, ctx: BlockInputContext, prior: Record<string, any> = {}): Promise<Record<string, any>> {
  const p = `${path}.${type}`;
  const color = (dflt: string) => {
    const c = v.color ?? prior.color ?? dflt;
    if (!COLORS_OK.test(c)) throw shouldBe(`${p}.color`, 'a valid color', v.color);
    return c;
  };
  const rt = async (key: string) => (v[key] !== undefined ? richText(v[key], `${p}.${key}`, ctx.resolver) : (prior[key] ?? []));
  if (TEXT_BLOCKS.includes(type)) {
    const out: Record<string, any> = {rich_text: await rt('rich_text')};
    if (type === 'paragraph') out.icon = v.icon !== undefined ? v.icon : (prior.icon ?? null);
    if (type === 'to_do') {
      const checked = v.checked ?? prior.checked ?? false;
      if (typeof checked !== 'boolean') throw shouldBe(`${p}.checked`, 'a boolean', v.checked);
      out.checked = checked;
    }
    if (type.startsWith('heading_')) out.is_toggleable = Boolean(v.is_toggleable ?? prior.is_toggleable ?? false);
    if (type === 'callout') out.icon = v.icon !== undefined ? v.icon : (prior.icon ?? {emoji: '💡', type: 'emoji'});
    out.color = color('default');
    return out;
  }
  if (FILE_BLOCKS.includes(type)) {
    const caption = await rt('caption');
    const base = v.type || v.external || v.file_upload ? await fileObject(v, p, ctx) : prior;
    if (!base.type) throw shouldBe(`${p}.external`, 'defined', undefined);
    const {name, ...file} = base;
    return {caption, ...file, ...(type === 'file' ? {name: v.name ?? name ?? prior.name ?? 'file'} : {})};
  }
  switch (type) {
    case 'code': {
      const language = v.language ?? prior.language ?? 'plain text';
      if (typeof language !== 'string') throw shouldBe(`${p}.language`, 'a string', v.language);
      return {caption: await rt('caption'), rich_text: await rt('rich_text'), language};
    }
    case 'divider':
    case 'breadcrumb':
    case 'column_list':
      return {};
    case 'column':
      return v.width_ratio !== undefined ? {width_ratio: v.width_ratio} : {};
    case 'table_of_contents':
      return {color: color('default')};
    case 'equation': {
      const expression = v.expression ?? prior.expression;
      if (typeof expression !== 'string') throw shouldBe(`${p}.expression`, 'a string', v.expression);
      return {expression};
    }
    case 'bookmark':
    case 'embed':
    case 'link_preview': {
      const url = v.url ?? prior.url;
      if (typeof url !== 'string' || url.length > 2000) throw shouldBe(`${p}.url`, 'a string of at most 2000 characters', v.url);
      return type === 'link_preview' ? {url} : {caption: await rt('caption'), url};
    }
    case 'table': {
      const width = v.table_width ?? prior.table_width;
      if (!Number.isInteger(width) || width < 1) throw shouldBe(`${p}.table_width`, 'a positive integer', v.table_width);
      return {has_column_header: Boolean(v.has_column_header ?? prior.has_column_header), has_row_header: Boolean(v.has_row_header ?? prior.has_row_header), table_width: width};
    }
    case 'table_row': {
      const cells = v.cells ?? prior.cells;
      if (!Array.isArray(cells)) throw shouldBe(`${p}.cells`, 'an array', v.cells);
      return {cells: await Promise.all(cells.map((c: unknown, i: number) => (v.cells ? richText(c, `${p}.cells[${i}]`, ctx.resolver) : c)))};
    }
    case 'link_to_page': {
      const kind = v.type ?? (v.page_id ? 'page_id' : v.database_id ? 'database_id' : undefined);
      const id = normalizeId(v[kind ?? 'page_id']);
      if (!kind || !id) throw shouldBe(`${p}.page_id`, 'a valid uuid', v.page_id);
      return {[kind]: id, type: kind};
    }
    case 'synced_block':
      return {synced_from: v.synced_from ?? null};
    case 'template':
      return {rich_text: await rt('rich_text')};
  }
  throw validation(`${path}: unsupported block type ${type}.`);
}

/** Validate a `children` array (recursively) into block specs. */
export async function blockSpecs(input: unknown, path: string, ctx: BlockInputContext, depth = 1, count = {n: 0}): Promise<BlockSpec[]> {
  if (!Array.isArray(input)) throw shouldBe(path, 'an array', input);
  if (input.length > MAX_CHILDREN) throw shouldBe(`${path}.length`, `≤ \`${MAX_CHILDREN}\``, input.length);
  const out: BlockSpec[] = [];
  for (const [i, item] of input.entries()) {
    const p = `${path}[${i}]`;
    if (!isObj(item)) throw shouldBe(p, 'an object', item);
    if (++count.n > MAX_BLOCKS) throw validation(`${path}: a request may create at most ${MAX_BLOCKS} blocks.`);
    const type = blockTypeOf(item, p);
    const payload = item[type] as Record<string, any>;
    const kids = payload.children ?? item.children;
    let children: BlockSpec[] = [];
    if (kids !== undefined) {
      const kidsPath = payload.children !== undefined ? `${p}.${type}.children` : `${p}.children`;
      if (depth >= MAX_DEPTH + 1) throw shouldBe(kidsPath, 'not present', 'array');
      children = await blockSpecs(kids, kidsPath, ctx, depth + 1, count);
    }
    if (type === 'column_list' && children.some((c) => c.type !== 'column')) throw validation(`${p}: a column_list may only hold column blocks.`);
    if (type === 'table' && children.some((c) => c.type !== 'table_row')) throw validation(`${p}: a table may only hold table_row blocks.`);
    out.push({children, content: await blockContent(type, payload, p, ctx), type});
  }
  return out;
}
