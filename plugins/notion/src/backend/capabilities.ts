/**
 * An integration's capabilities, as set in Notion's integration settings: read, update and insert
 * content, read and insert comments, and user information (none, without email, with email). A
 * request the integration lacks the capability for answers 403 `restricted_resource`.
 */
import {restricted} from './errors.js';

export interface Capabilities {
  read_content: boolean;
  update_content: boolean;
  insert_content: boolean;
  read_comments: boolean;
  insert_comments: boolean;
  user_information: 'none' | 'without_email' | 'with_email';
}

export const ALL_CAPABILITIES: Capabilities = {insert_comments: true, insert_content: true, read_comments: true, read_content: true, update_content: true, user_information: 'with_email'};

const READS = [/^\/search$/, /\/query$/, /\/queries$/];

/** Which capability a request needs (path without the /v1 prefix). */
export function needed(method: string, path: string): keyof Capabilities | undefined {
  if (path.startsWith('/users')) return 'user_information';
  if (path.startsWith('/comments')) return method === 'GET' ? 'read_comments' : 'insert_comments';
  if (path.startsWith('/file_uploads') || path.startsWith('/async_tasks') || path.startsWith('/custom_emojis')) return undefined;
  if (method === 'GET' || READS.some((r) => r.test(path))) return 'read_content';
  if (method === 'POST' || path.endsWith('/children')) return 'insert_content';
  return 'update_content';
}

export function checkCapability(caps: Capabilities, method: string, path: string): void {
  const cap = needed(method, path);
  if (!cap) return;
  const ok = cap === 'user_information' ? caps.user_information !== 'none' || path === '/users/me' : caps[cap];
  if (!ok) throw restricted();
}
