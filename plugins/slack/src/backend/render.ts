import type pg from 'pg';

import type {ConvKind} from './scopes.js';

export interface ConvRow {
  id: string;
  team_id: string;
  name: string | null;
  kind: ConvKind;
  is_general: boolean;
  is_archived: boolean;
  creator: string | null;
  im_user: string | null;
  topic: string;
  topic_creator: string;
  topic_last_set: string;
  purpose: string;
  purpose_creator: string;
  purpose_last_set: string;
  previous_names: string[];
  created: string;
  updated: string;
  num_members?: number;
  is_member?: boolean;
  last_read?: string | null;
  im_user_deleted?: boolean;
  /** For an IM: the member who is not the viewer (the DM's other side). */
  im_other?: string | null;
}

const CONV_COLUMNS = `c.*, (SELECT count(*) FROM members m WHERE m.conversation_id = c.id)::int AS num_members`;

/** Conversation rows with member counts and whether `viewer` is a member. */
export function convSelect(viewerParam: string): string {
  return `SELECT ${CONV_COLUMNS},
    EXISTS (SELECT 1 FROM members m WHERE m.conversation_id = c.id AND m.user_id = ${viewerParam}) AS is_member,
    (SELECT m.last_read FROM members m WHERE m.conversation_id = c.id AND m.user_id = ${viewerParam}) AS last_read,
    (SELECT m.user_id FROM members m WHERE c.kind = 'im' AND m.conversation_id = c.id AND m.user_id <> ${viewerParam} LIMIT 1) AS im_other,
    (SELECT u.deleted FROM users u WHERE u.id = coalesce((SELECT m.user_id FROM members m WHERE c.kind = 'im' AND m.conversation_id = c.id AND m.user_id <> ${viewerParam} LIMIT 1), c.im_user)) AS im_user_deleted
    FROM conversations c`;
}

export async function loadConv(db: pg.Pool, id: string, viewer: string): Promise<ConvRow | undefined> {
  const {rows} = await db.query(`${convSelect('$2')} WHERE c.id = $1`, [id, viewer]);
  return rows[0];
}

export interface ChannelOpts {
  numMembers?: boolean;
  lastRead?: boolean;
  /** For an IM: the user on the other side, seen from the viewer. */
  viewer?: string;
  locale?: boolean;
  /** users.conversations lists the user's own conversations: no is_member. */
  isMember?: boolean;
  /** The org-level flags conversations.list/info and users.conversations carry. */
  org?: boolean;
  /** setTopic/setPurpose answer a slimmer object (no is_moved, internal_team_ids). */
  slim?: boolean;
}

/** A conversation object as conversations.list/info/create return it. */
export function renderChannel(c: ConvRow, opts: ChannelOpts = {}): Record<string, unknown> {
  const created = Number(c.created);
  const updated = Number(c.updated);
  if (c.kind === 'im') {
    const out: Record<string, unknown> = {
      id: c.id,
      created,
      is_archived: c.is_archived,
      is_im: true,
      is_org_shared: false,
      context_team_id: c.team_id,
      updated,
      user: c.im_other ?? c.im_user,
      is_user_deleted: Boolean(c.im_user_deleted),
      priority: 0,
    };
    if (opts.lastRead) out.last_read = c.last_read ?? '0000000000.000000';
    return out;
  }
  const out: Record<string, unknown> = {
    id: c.id,
    name: c.name,
    is_channel: c.kind === 'channel',
    is_group: c.kind === 'private',
    is_im: false,
    is_mpim: c.kind === 'mpim',
    is_private: c.kind !== 'channel',
    created,
    is_archived: c.is_archived,
    is_general: c.is_general,
    unlinked: 0,
    parent_conversation: null,
    name_normalized: c.name,
    is_shared: false,
    is_org_shared: false,
    is_pending_ext_shared: false,
    pending_shared: [],
    context_team_id: c.team_id,
    updated,
    creator: c.creator ?? '',
    is_ext_shared: false,
    shared_team_ids: [c.team_id],
    pending_connected_team_ids: [],
    topic: {value: c.topic, creator: c.topic_creator, last_set: Number(c.topic_last_set)},
    purpose: {value: c.purpose, creator: c.purpose_creator, last_set: Number(c.purpose_last_set)},
    previous_names: c.previous_names,
  };
  if (!opts.slim) {
    out.is_moved = 0;
    out.internal_team_ids = [];
  }
  if (opts.org) {
    out.is_global_shared = false;
    out.is_org_default = false;
    out.is_org_mandatory = false;
  }
  if (opts.isMember !== false) out.is_member = Boolean(c.is_member);
  if (opts.lastRead) out.last_read = c.last_read ?? '0000000000.000000';
  if (opts.numMembers) out.num_members = c.num_members ?? 0;
  return out;
}

export interface UserRow {
  id: string;
  team_id: string;
  name: string;
  real_name: string;
  display_name: string;
  first_name: string;
  last_name: string;
  email: string | null;
  title: string;
  phone: string;
  status_text: string;
  status_emoji: string;
  status_expiration: string;
  tz: string;
  tz_label: string;
  tz_offset: number;
  color: string;
  is_bot: boolean;
  is_app_user: boolean;
  is_admin: boolean;
  is_owner: boolean;
  is_primary_owner: boolean;
  is_restricted: boolean;
  is_ultra_restricted: boolean;
  deleted: boolean;
  bot_id: string | null;
  app_id: string | null;
  presence: string;
  updated: string;
}

const avatarHash = (id: string) => Buffer.from(id).toString('hex').slice(-12);

/** A user's profile object (users.info, users.profile.get). */
export function renderProfile(u: UserRow, opts: {email: boolean}): Record<string, unknown> {
  const img = (size: number | string) => `https://secure.gravatar.com/avatar/${avatarHash(u.id)}.jpg?s=${size}&d=identicon`;
  const p: Record<string, unknown> = {
    title: u.title,
    phone: u.phone,
    skype: '',
    real_name: u.real_name,
    real_name_normalized: u.real_name,
    display_name: u.display_name,
    display_name_normalized: u.display_name,
    status_text: u.status_text,
    status_emoji: u.status_emoji,
    status_emoji_display_info: [],
    status_expiration: Number(u.status_expiration),
    avatar_hash: avatarHash(u.id),
  };
  if (opts.email && u.email && !u.is_bot) p.email = u.email;
  if (u.bot_id) {
    p.bot_id = u.bot_id;
    p.api_app_id = u.app_id ?? '';
  }
  p.always_active = Boolean(u.bot_id);
  p.fields = {};
  p.first_name = u.first_name;
  p.last_name = u.last_name;
  for (const s of [24, 32, 48, 72, 192, 512, 1024]) p[`image_${s}`] = img(s);
  p.image_original = img('original');
  p.is_custom_image = false;
  p.status_text_canonical = '';
  p.team = u.team_id;
  return p;
}

/** A user object as users.list/info return it. */
export function renderUser(u: UserRow, opts: {email: boolean}): Record<string, unknown> {
  return {
    id: u.id,
    team_id: u.team_id,
    name: u.name,
    deleted: u.deleted,
    color: u.color,
    real_name: u.real_name,
    tz: u.tz,
    tz_label: u.tz_label,
    tz_offset: u.tz_offset,
    profile: renderProfile(u, opts),
    is_admin: u.is_admin,
    is_owner: u.is_owner,
    is_primary_owner: u.is_primary_owner,
    is_restricted: u.is_restricted,
    is_ultra_restricted: u.is_ultra_restricted,
    is_bot: u.is_bot,
    is_app_user: u.is_app_user,
    updated: Number(u.updated),
    is_email_confirmed: !u.is_bot && Boolean(u.email),
    is_workflow_bot: false,
    has_2fa: false,
    who_can_share_contact_card: 'EVERYONE',
  };
}
