import {randomString} from '@asym/template-kit';

type Element = Record<string, unknown>;

const EMOJI = /:([a-z0-9_+'-]+):/g;

/** Plain text with `:emoji:` codes split into text and emoji elements. */
function textAndEmoji(text: string): Element[] {
  const out: Element[] = [];
  let last = 0;
  for (const m of text.matchAll(EMOJI)) {
    if (m.index! > last) out.push({type: 'text', text: text.slice(last, m.index)});
    out.push({type: 'emoji', name: m[1]});
    last = m.index! + m[0].length;
  }
  if (last < text.length) out.push({type: 'text', text: text.slice(last)});
  return out;
}

/** One `<…>` token of Slack's mrkdwn: a mention, a channel, a broadcast or a link. */
function token(inner: string): Element {
  const [target, label] = inner.split('|', 2) as [string, string | undefined];
  if (target.startsWith('@')) return {type: 'user', user_id: target.slice(1)};
  if (target.startsWith('#')) return {type: 'channel', channel_id: target.slice(1)};
  if (target.startsWith('!subteam^')) return {type: 'usergroup', usergroup_id: target.slice('!subteam^'.length)};
  if (target.startsWith('!')) return {type: 'broadcast', range: target.slice(1)};
  return label ? {type: 'link', url: target, text: label} : {type: 'link', url: target};
}

/**
 * The `rich_text` block Slack builds from a message's plain `text` when the poster sent no blocks:
 * one section with text, emoji, mentions, channels, broadcasts and links as elements.
 */
export function richTextFromText(text: string): Element {
  const elements: Element[] = [];
  let last = 0;
  for (const m of text.matchAll(/<([^<>]+)>/g)) {
    if (m.index! > last) elements.push(...textAndEmoji(text.slice(last, m.index)));
    elements.push(token(m[1]!));
    last = m.index! + m[0].length;
  }
  if (last < text.length) elements.push(...textAndEmoji(text.slice(last)));
  return {type: 'rich_text', block_id: randomString(5), elements: [{type: 'rich_text_section', elements}]};
}
