/** The OAuth scopes the default app's tokens carry (a typical bot + user install). */
export const DEFAULT_BOT_SCOPES = [
  'app_mentions:read', 'assistant:write', 'bookmarks:read', 'bookmarks:write', 'bots:read', 'channels:history', 'channels:join', 'channels:manage', 'channels:read',
  'chat:write', 'chat:write.customize', 'chat:write.public', 'dnd:read', 'emoji:read', 'files:read', 'files:write',
  'groups:history', 'groups:read', 'groups:write', 'im:history', 'im:read', 'im:write', 'mpim:history',
  'mpim:read', 'mpim:write', 'pins:read', 'pins:write', 'reactions:read', 'reactions:write', 'team:read',
  'usergroups:read', 'usergroups:write', 'users.profile:read', 'users:read', 'users:read.email', 'users:write',
];

export const DEFAULT_USER_SCOPES = [
  'bookmarks:read', 'bookmarks:write', 'bots:read', 'dnd:read', 'dnd:write', 'reminders:read', 'reminders:write', 'channels:history', 'channels:read', 'channels:write', 'chat:write', 'emoji:read', 'files:read',
  'files:write', 'groups:history', 'groups:read', 'groups:write', 'im:history', 'im:read', 'im:write',
  'mpim:history', 'mpim:read', 'mpim:write', 'pins:read', 'pins:write', 'reactions:read', 'reactions:write',
  'search:read', 'team:read', 'usergroups:read', 'usergroups:write', 'users.profile:read', 'users.profile:write', 'users:read', 'users:read.email', 'users:write',
];

export const APP_TOKEN_SCOPES = ['connections:write'];

export type ConvKind = 'channel' | 'private' | 'im' | 'mpim';

/** The scope family of a conversation type: channels:*, groups:*, im:*, mpim:*. */
export const scopeFamily = (kind: ConvKind): string =>
  ({channel: 'channels', im: 'im', mpim: 'mpim', private: 'groups'})[kind];

/**
 * Scopes that let a token write to a conversation's membership/settings: bots use channels:manage,
 * user tokens channels:write (Slack's split since granular bot permissions).
 */
export const manageScope = (kind: ConvKind, tokenKind: 'bot' | 'user' | 'app'): string[] => {
  if (kind === 'channel') return tokenKind === 'bot' ? ['channels:manage', 'channels:write'] : ['channels:write', 'channels:manage'];
  return [`${scopeFamily(kind)}:write`];
};
