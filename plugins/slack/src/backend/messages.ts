import {BoundedCache, onDatabaseSwapped} from '@asym/template-kit';
import type pg from 'pg';

export interface MsgRow {
  channel_id: string;
  ts: string;
  team_id: string;
  user_id: string | null;
  bot_id: string | null;
  app_id: string | null;
  subtype: string | null;
  text: string;
  thread_ts: string | null;
  blocks: unknown;
  attachments: unknown;
  metadata: unknown;
  username: string | null;
  icons: unknown;
  files: string[];
  client_msg_id: string | null;
  edited_user: string | null;
  edited_ts: string | null;
  extra: Record<string, unknown> | null;
  streaming?: boolean;
}

export async function loadMessage(db: pg.Pool, channel: string, ts: string): Promise<MsgRow | undefined> {
  const {rows} = await db.query('SELECT * FROM messages WHERE channel_id = $1 AND ts = $2', [channel, ts]);
  return rows[0];
}

export function botProfile(b: {id: string; deleted: boolean; name: string; updated: string | number; app_id: string | null; team_id: string; user_id?: string | null}) {
  const icon = (s: number) => `https://a.slack-edge.com/80588/img/plugins/app/bot_${s}.png`;
  return {
    id: b.id,
    deleted: b.deleted,
    name: b.name,
    updated: Number(b.updated),
    app_id: b.app_id ?? '',
    icons: {image_36: icon(36), image_48: icon(48), image_72: icon(72)},
    team_id: b.team_id,
    ...(b.user_id ? {user_id: b.user_id} : {}),
  };
}

export interface RenderOpts {
  /** Include reply stats for thread parents (history, replies). */
  threads?: boolean;
  reactions?: boolean;
  files?: boolean;
  origin?: string;
  /** conversations.replies and reactions.get never carry client_msg_id in Slack's recorded responses. */
  clientMsgId?: boolean;
  /** `pinned_to`/`pinned_info` on pinned messages (history, replies). */
  pins?: boolean;
}

const REACTIONS_JSON = `(SELECT coalesce(json_agg(x ORDER BY x.first), '[]'::json) FROM (
    SELECT ts, name, array_agg(user_id ORDER BY seq) AS users, min(seq) AS first FROM reactions
     WHERE channel_id = $1 AND ts = ANY($2) GROUP BY ts, name) x)`;
const THREADS_JSON = `(SELECT coalesce(json_agg(x), '[]'::json) FROM (
    SELECT thread_ts, count(*)::int AS reply_count, max(ts) AS latest_reply,
           array_agg(DISTINCT user_id) FILTER (WHERE user_id IS NOT NULL) AS users
      FROM messages WHERE channel_id = $1 AND thread_ts = ANY($2) AND ts <> thread_ts
     GROUP BY thread_ts) x)`;

type BotRow = Parameters<typeof botProfile>[0];
/** Bot rows per clone database; only provision writes bots, and it (like a reset) clears this. */
const botCaches = new WeakMap<pg.Pool, BoundedCache<string, BotRow>>();

function botCache(db: pg.Pool): BoundedCache<string, BotRow> {
  let cache = botCaches.get(db);
  if (!cache) {
    const made = new BoundedCache<string, BotRow>(200);
    onDatabaseSwapped(db, () => made.clear());
    botCaches.set(db, made);
    cache = made;
  }
  return cache;
}

export function forgetBots(db: pg.Pool): void {
  botCaches.get(db)?.clear();
}

async function loadBots(db: pg.Pool, ids: string[]): Promise<BotRow[]> {
  if (ids.length === 0) return [];
  const cache = botCache(db);
  const found: BotRow[] = [];
  const missing: string[] = [];
  for (const id of ids) {
    const hit = cache.get(id);
    if (hit) found.push(hit);
    else missing.push(id);
  }
  if (missing.length) {
    const {rows} = await db.query('SELECT * FROM bots WHERE id = ANY($1)', [missing]);
    for (const b of rows) {
      cache.set(b.id, b);
      found.push(b);
    }
  }
  return found;
}

/** Message objects as history/replies/postMessage return them, enriched with reactions, thread stats, bot profiles and files. */
export async function renderMessages(db: pg.Pool, rows: MsgRow[], opts: RenderOpts = {}): Promise<Record<string, unknown>[]> {
  if (rows.length === 0) return [];
  const channel = rows[0]!.channel_id;
  const tss = rows.map((r) => r.ts);
  const wantReactions = opts.reactions !== false;
  const wantThreads = opts.threads !== false;
  const fileIds = opts.files === false ? [] : [...new Set(rows.flatMap((r) => r.files))];
  // One statement for reactions and thread stats (both JSON-safe: text, int, text[]); bots come from
  // a cache of their rows (only provision writes them); files only when a message has some.
  const [extras, bots, pins, files] = await Promise.all([
    wantReactions || wantThreads
      ? db
          .query(
            `SELECT ${wantReactions ? REACTIONS_JSON : `'[]'::json`} AS reactions, ${wantThreads ? THREADS_JSON : `'[]'::json`} AS stats`,
            [channel, tss],
          )
          .then((r) => r.rows[0] as {reactions: Array<{ts: string; name: string; users: string[]}>; stats: Array<{thread_ts: string; reply_count: number; latest_reply: string; users: string[] | null}>})
      : {reactions: [], stats: []},
    loadBots(db, [...new Set(rows.map((r) => r.bot_id).filter((id): id is string => Boolean(id)))]),
    opts.pins === false
      ? Promise.resolve([])
      : db.query('SELECT ts, created_by, created FROM pins WHERE channel_id = $1 AND ts = ANY($2)', [channel, tss]).then((r) => r.rows),
    fileIds.length === 0
      ? Promise.resolve([])
      : db.query('SELECT id, team_id, user_id, name, title, mimetype, filetype, size, created, complete, deleted, alt_txt FROM files WHERE id = ANY($1)', [fileIds]).then((r) => r.rows),
  ]);
  const {reactions, stats} = extras;
  const botById = new Map(bots.map((b) => [b.id, b]));
  const fileById = new Map(files.map((f) => [f.id, f]));
  const pinByTs = new Map(pins.map((p) => [p.ts, p]));
  const statsByTs = new Map(stats.map((s) => [s.thread_ts, s]));
  const parentUsers = new Map<string, string | null>();
  const replyParents = rows.filter((r) => r.thread_ts && r.thread_ts !== r.ts).map((r) => r.thread_ts!);
  if (replyParents.length) {
    const {rows: parents} = await db.query('SELECT ts, user_id FROM messages WHERE channel_id = $1 AND ts = ANY($2)', [channel, replyParents]);
    for (const p of parents) parentUsers.set(p.ts, p.user_id);
  }
  return rows.map((r) => {
    const m: Record<string, unknown> = {};
    if (r.user_id) m.user = r.user_id;
    m.type = 'message';
    if (r.subtype) m.subtype = r.subtype;
    m.ts = r.ts;
    if (r.bot_id) m.bot_id = r.bot_id;
    if (r.app_id) m.app_id = r.app_id;
    if (r.client_msg_id && opts.clientMsgId !== false) m.client_msg_id = r.client_msg_id;
    m.text = r.text;
    if (r.username) m.username = r.username;
    if (r.icons) m.icons = r.icons;
    if (r.bot_id && botById.has(r.bot_id)) m.bot_profile = botProfile(botById.get(r.bot_id)!);
    m.team = r.team_id;
    if (r.attachments) m.attachments = r.attachments;
    if (r.blocks) m.blocks = r.blocks;
    if (r.metadata) m.metadata = r.metadata;
    if (r.extra) Object.assign(m, r.extra);
    if (r.edited_ts) m.edited = {user: r.edited_user, ts: r.edited_ts};
    if (r.files.length && opts.files !== false) {
      m.files = r.files.map((id) => fileById.get(id)).filter(Boolean).map((f) => renderFileBrief(f, opts.origin));
      m.upload = false;
      m.display_as_bot = false;
    }
    if (r.thread_ts) {
      m.thread_ts = r.thread_ts;
      if (r.thread_ts !== r.ts) {
        const pu = parentUsers.get(r.thread_ts);
        if (pu) m.parent_user_id = pu;
      } else if (opts.threads !== false) {
        const s = statsByTs.get(r.ts);
        m.reply_count = s?.reply_count ?? 0;
        m.reply_users_count = s?.users?.length ?? 0;
        m.latest_reply = s?.latest_reply ?? r.ts;
        m.reply_users = s?.users ?? [];
        m.is_locked = false;
        m.subscribed = false;
      }
    }
    const pin = pinByTs.get(r.ts);
    if (pin) {
      m.pinned_to = [channel];
      m.pinned_info = {[channel]: {pinned_by: pin.created_by, pinned_ts: Number(pin.created)}};
    }
    const rs = reactions.filter((x) => x.ts === r.ts);
    if (rs.length) m.reactions = rs.map((x) => ({name: x.name, users: x.users, count: x.users.length}));
    return m;
  });
}

/** Files as they appear inside a message (files.info gives the full object). */
export function renderFileBrief(f: Record<string, any>, origin = ''): Record<string, unknown> {
  if (f.deleted) return {id: f.id, mode: 'tombstone'};
  return {
    id: f.id,
    created: Number(f.created),
    timestamp: Number(f.created),
    name: f.name,
    title: f.title || f.name,
    mimetype: f.mimetype,
    filetype: f.filetype,
    pretty_type: prettyType(f.filetype),
    user: f.user_id,
    user_team: f.team_id,
    editable: false,
    size: Number(f.size),
    mode: 'hosted',
    is_external: false,
    external_type: '',
    is_public: true,
    public_url_shared: false,
    display_as_bot: false,
    username: '',
    url_private: `${origin}/files-pri/${f.team_id}-${f.id}/${encodeURIComponent(f.name)}`,
    url_private_download: `${origin}/files-pri/${f.team_id}-${f.id}/download/${encodeURIComponent(f.name)}`,
    permalink: `${origin}/files/${f.user_id}/${f.id}/${encodeURIComponent(f.name)}`,
    permalink_public: `${origin}/T-${f.team_id}-${f.id}`,
    has_rich_preview: false,
    file_access: 'visible',
    ...(f.alt_txt ? {alt_txt: f.alt_txt} : {}),
  };
}

export function prettyType(filetype: string): string {
  return ({binary: 'Binary', csv: 'CSV', gif: 'GIF', javascript: 'JavaScript', jpg: 'JPEG', json: 'JSON', markdown: 'Markdown (raw)', pdf: 'PDF', png: 'PNG', text: 'Plain Text', typescript: 'TypeScript', yaml: 'YAML'} as Record<string, string>)[filetype] ?? filetype.toUpperCase();
}
