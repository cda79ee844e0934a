/**
 * Pages as Markdown (Notion's enhanced Markdown, the common part): blocks to Markdown for
 * GET /v1/pages/{id}/markdown, and Markdown to blocks for PATCH (insert, replace, update by
 * search-and-replace). Inline **bold**, *italic*, `code`, ~~strike~~ and [links](url).
 */
import {type RichText, textItem} from './richtext.js';
import type {BlockSpec} from './blockinput.js';
import type {BlockRow} from './store.js';

const inlineMd = (items: RichText[] = []): string =>
  items
    .map((t) => {
      let s = t.plain_text;
      const a = t.annotations;
      if (a.code) s = `\`${s}\``;
      if (a.bold) s = `**${s}**`;
      if (a.italic) s = `*${s}*`;
      if (a.strikethrough) s = `~~${s}~~`;
      if (t.href && t.type === 'text') s = `[${s}](${t.href})`;
      return s;
    })
    .join('');

/** One block (and its children, indented) as Markdown lines. */
export function blockMarkdown(row: BlockRow, title: string, children: string[], indent = ''): string[] {
  const c = row.content;
  const rt = inlineMd(c.rich_text);
  let line: string;
  switch (row.kind === 'page' ? 'child_page' : row.kind === 'database' ? 'child_database' : row.type) {
    case 'heading_1': line = `# ${rt}`; break;
    case 'heading_2': line = `## ${rt}`; break;
    case 'heading_3': line = `### ${rt}`; break;
    case 'bulleted_list_item': line = `- ${rt}`; break;
    case 'numbered_list_item': line = `1. ${rt}`; break;
    case 'to_do': line = `- [${c.checked ? 'x' : ' '}] ${rt}`; break;
    case 'quote': line = `> ${rt}`; break;
    case 'callout': line = `> ${c.icon?.emoji ? `${c.icon.emoji} ` : ''}${rt}`; break;
    case 'toggle': line = `<details><summary>${rt}</summary></details>`; break;
    case 'code': line = `\`\`\`${c.language ?? ''}\n${(c.rich_text ?? []).map((t: RichText) => t.plain_text).join('')}\n\`\`\``; break;
    case 'divider': line = '---'; break;
    case 'equation': line = `$$${c.expression}$$`; break;
    case 'image': line = `![${inlineMd(c.caption)}](${c.external?.url ?? c.file?.url ?? ''})`; break;
    case 'bookmark':
    case 'embed': line = `[${c.url}](${c.url})`; break;
    case 'child_page': line = `<page>${title}</page>`; break;
    case 'child_database': line = `<database>${title}</database>`; break;
    case 'table_row': line = `| ${(c.cells ?? []).map((cell: RichText[]) => inlineMd(cell)).join(' | ')} |`; break;
    case 'paragraph': line = rt; break;
    default: line = rt;
  }
  return [indent + line, ...children];
}

/** Inline Markdown to rich text. */
export function inlineRichText(s: string): RichText[] {
  const out: RichText[] = [];
  const re = /\*\*(.+?)\*\*|\*(.+?)\*|`(.+?)`|~~(.+?)~~|\[(.+?)\]\((.+?)\)/g;
  let last = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    if (m.index > last) out.push(textItem(s.slice(last, m.index)));
    if (m[1] !== undefined) out.push(textItem(m[1], {annotations: {bold: true}}));
    else if (m[2] !== undefined) out.push(textItem(m[2], {annotations: {italic: true}}));
    else if (m[3] !== undefined) out.push(textItem(m[3], {annotations: {code: true}}));
    else if (m[4] !== undefined) out.push(textItem(m[4], {annotations: {strikethrough: true}}));
    else out.push(textItem(m[5]!, {link: m[6]}));
    last = m.index + m[0].length;
  }
  if (last < s.length) out.push(textItem(s.slice(last)));
  return out;
}

const text = (type: string, s: string, extra: Record<string, unknown> = {}): BlockSpec => ({
  children: [],
  content: {rich_text: inlineRichText(s), ...(type === 'paragraph' ? {icon: null} : {}), ...extra, color: 'default'},
  type,
});

/** Markdown to block specs (one level; blank lines separate nothing). */
export function markdownBlocks(md: string): BlockSpec[] {
  const lines = md.replace(/\r\n/g, '\n').split('\n');
  const out: BlockSpec[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    let m: RegExpExecArray | null;
    if (line.startsWith('```')) {
      const body: string[] = [];
      for (i++; i < lines.length && !lines[i]!.startsWith('```'); i++) body.push(lines[i]!);
      out.push({children: [], content: {caption: [], language: line.slice(3).trim() || 'plain text', rich_text: [textItem(body.join('\n'))]}, type: 'code'});
    } else if ((m = /^(#{1,3}) (.*)$/.exec(line))) out.push(text(`heading_${m[1]!.length}`, m[2]!, {is_toggleable: false}));
    else if ((m = /^\s*[-*] \[( |x)\] (.*)$/i.exec(line))) out.push(text('to_do', m[2]!, {checked: m[1]!.toLowerCase() === 'x'}));
    else if ((m = /^\s*[-*] (.*)$/.exec(line))) out.push(text('bulleted_list_item', m[1]!));
    else if ((m = /^\s*\d+\. (.*)$/.exec(line))) out.push(text('numbered_list_item', m[1]!));
    else if ((m = /^> ?(.*)$/.exec(line))) out.push(text('quote', m[1]!));
    else if (/^(---|\*\*\*)$/.test(line.trim())) out.push({children: [], content: {}, type: 'divider'});
    else if ((m = /^\$\$(.+)\$\$$/.exec(line.trim()))) out.push({children: [], content: {expression: m[1]!}, type: 'equation'});
    else out.push(text('paragraph', line));
  }
  return out;
}
