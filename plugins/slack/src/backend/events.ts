import {type BackendContext, BoundedCache, onDatabaseSwapped, outboundFetch, randomString} from '@asym/template-kit';
import type pg from 'pg';

import {signingSecretFor} from './provision.js';
import type {SettingsStore} from './settings.js';
import {Triggers} from './triggers.js';
import {signedHeaders, verificationToken} from './signing.js';

interface AppRow {
  id: string;
  team_id: string;
  bot_user_id: string | null;
  signing_secret: string;
  request_url: string | null;
}

/** Where Socket Mode connections live (the socket module implements it). */
export interface SocketHub {
  /** A fresh single-use WebSocket URL for an app. */
  openUrl(origin: string, appId: string): string;
  connected(appId: string): boolean;
  /** Send an Events API envelope over the app's socket; retried on another connection if not acknowledged. */
  sendEvent(appId: string, payload: Record<string, unknown>): void;
  /** Send an envelope that expects an acknowledgement (with an optional response payload). */
  request(appId: string, type: string, payload: Record<string, unknown>): Promise<{payload?: unknown} | undefined>;
}

const appCaches = new WeakMap<pg.Pool, BoundedCache<string, AppRow[]>>();

function appCache(db: pg.Pool): BoundedCache<string, AppRow[]> {
  let cache = appCaches.get(db);
  if (!cache) {
    const made = new BoundedCache<string, AppRow[]>(50);
    onDatabaseSwapped(db, () => made.clear());
    appCaches.set(db, made);
    cache = made;
  }
  return cache;
}

/** Drop the cached app rows (after writing to `apps`, a provision or a reset). */
export function forgetApps(db: pg.Pool): void {
  appCaches.get(db)?.clear();
}

/** Events whose audience is every app in the workspace (public-channel lifecycle). */
const WORKSPACE_EVENTS = new Set(['channel_created', 'file_deleted']);
const DELIVERY_TIMEOUT_MS = 3000;

export interface Delivery {
  url: string;
  attempt: number;
  status?: number;
  reason?: string;
  ok: boolean;
}

/**
 * The Events API: decides which apps see an event (the bot must be in the conversation, mentions go
 * to the mentioned bot), wraps it in an `event_callback` envelope and delivers it over Socket Mode
 * when the app has a connection, else to its request URL, signed and retried like Slack does.
 */
export class Events {
  socket?: SocketHub;
  /** trigger_ids of interactions, which views.open/push consume. */
  readonly triggers = new Triggers();
  readonly deliveries: Delivery[] = [];
  /** Set by the scheduler: look for due scheduled messages and reminders at `atSec` (epoch seconds; now when omitted). */
  wakeScheduler?: (atSec?: number) => void;
  private chain: Promise<void> = Promise.resolve();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(
    readonly ctx: BackendContext,
    /** The clone's switches (methods read them through the events hub they already hold). */
    readonly settings: SettingsStore,
  ) {}

  emit(teamId: string, channelId: string | null, event: Record<string, unknown>): void {
    if (this.closed) return;
    const eventTs = (event.event_ts as string | undefined) ?? `${(Date.now() / 1000).toFixed(6)}`;
    this.chain = this.chain.then(() => this.route(teamId, channelId, {...event, event_ts: eventTs})).catch((error) => {
      this.ctx.log('warn', 'event routing failed', {error: (error as Error).message, type: event.type});
    });
  }

  /** Resolves once every event emitted so far has been routed (first delivery attempts started). */
  idle(): Promise<void> {
    return this.chain;
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private async route(teamId: string, channelId: string | null, event: Record<string, unknown>): Promise<void> {
    const apps = await this.apps(teamId);
    if (!apps.length) return;
    const {__mentions: mentions, ...clean} = event as Record<string, unknown> & {__mentions?: string[]};
    for (const app of apps) {
      if (!app.bot_user_id) continue;
      if (clean.type === 'app_mention' && !mentions?.includes(app.bot_user_id)) continue;
      // Nowhere to deliver: no socket and no request URL (checked before the membership query).
      if (!app.request_url && !this.socket?.connected(app.id)) continue;
      if (!WORKSPACE_EVENTS.has(String(clean.type)) && channelId) {
        const {rows} = await this.ctx.db.query(
          `SELECT c.kind, EXISTS (SELECT 1 FROM members m WHERE m.conversation_id = c.id AND m.user_id = $2) AS member FROM conversations c WHERE c.id = $1`,
          [channelId, app.bot_user_id],
        );
        const c = rows[0];
        const lifecycle = ['channel_rename', 'channel_archive', 'channel_unarchive'].includes(String(clean.type)) && c?.kind === 'channel';
        const aboutBot = clean.type === 'member_left_channel' && clean.user === app.bot_user_id;
        if (!c || (!c.member && !lifecycle && !aboutBot)) continue;
      }
      const envelope = {
        token: verificationToken(app.signing_secret),
        team_id: app.team_id,
        api_app_id: app.id,
        event: clean,
        type: 'event_callback',
        event_id: `Ev${randomString(9, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}`,
        event_time: Math.floor(Date.now() / 1000),
        authorizations: [{enterprise_id: null, team_id: app.team_id, user_id: app.bot_user_id, is_bot: true, is_enterprise_install: false}],
        is_ext_shared_channel: false,
        event_context: `4-${Buffer.from(JSON.stringify({et: clean.type, tid: app.team_id, aid: app.id, cid: channelId})).toString('base64url')}`,
      };
      if (this.socket?.connected(app.id)) this.socket.sendEvent(app.id, envelope);
      else if (app.request_url) void this.deliver(app, JSON.stringify(envelope), 0);
    }
  }

  /** The workspace's apps (cached: only provision and the request-URL routes change them, and they call forgetApps). */
  private async apps(teamId: string): Promise<AppRow[]> {
    const cache = appCache(this.ctx.db);
    const hit = cache.get(teamId);
    if (hit) return hit;
    const {rows} = await this.ctx.db.query<Omit<AppRow, 'signing_secret'>>('SELECT id, team_id, bot_user_id, request_url FROM apps WHERE team_id = $1', [teamId]);
    const apps: AppRow[] = rows.map((r) => ({...r, signing_secret: signingSecretFor(this.ctx.env.jwtSecret, r.id)}));
    cache.set(teamId, apps);
    return apps;
  }

  private async deliver(app: AppRow, body: string, attempt: number, reason?: string): Promise<void> {
    const url = app.request_url!;
    const headers = signedHeaders(app.signing_secret, body);
    if (attempt > 0) {
      headers['x-slack-retry-num'] = String(attempt);
      headers['x-slack-retry-reason'] = reason ?? 'http_error';
    }
    let failure: string | undefined;
    let status: number | undefined;
    let noRetry = false;
    try {
      const res = await outboundFetch(url, {body, headers, method: 'POST', redirect: 'manual', signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS)});
      status = res.status;
      noRetry = res.headers.get('x-slack-no-retry') === '1';
      await res.arrayBuffer().catch(() => {});
      if (res.status < 200 || res.status >= 300) failure = res.status >= 300 && res.status < 400 ? 'too_many_redirects' : 'http_error';
    } catch (error) {
      failure = (error as Error).name === 'TimeoutError' ? 'http_timeout' : 'connection_failed';
    }
    this.deliveries.push({attempt, ok: !failure, reason: failure, status, url});
    if (this.deliveries.length > 200) this.deliveries.shift();
    if (!failure || noRetry || this.closed) return;
    const delays = (await this.settings.get()).eventRetryDelaysMs;
    if (attempt >= delays.length) {
      this.ctx.log('warn', 'event delivery gave up', {attempts: attempt + 1, reason: failure, url});
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.deliver(app, body, attempt + 1, failure);
    }, delays[attempt]);
    timer.unref();
    this.timers.add(timer);
  }

  /** Slack's url_verification handshake: the endpoint must echo the challenge. */
  async verifyUrl(app: {signing_secret: string}, url: string): Promise<{ok: boolean; detail?: string}> {
    const challenge = randomString(48);
    const body = JSON.stringify({token: verificationToken(app.signing_secret), challenge, type: 'url_verification'});
    try {
      const res = await outboundFetch(url, {body, headers: signedHeaders(app.signing_secret, body), method: 'POST', signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS)});
      const text = await res.text();
      if (res.status !== 200) return {detail: `HTTP ${res.status}`, ok: false};
      let echoed = text.trim();
      try {
        const parsed = JSON.parse(text);
        if (parsed && typeof parsed === 'object') echoed = parsed.challenge;
      } catch {
        const form = new URLSearchParams(text).get('challenge');
        if (form) echoed = form;
      }
      return echoed === challenge ? {ok: true} : {detail: 'the response did not contain the challenge', ok: false};
    } catch (error) {
      return {detail: (error as Error).message, ok: false};
    }
  }
}
