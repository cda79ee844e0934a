import type {BackendContext} from '@asym/template-kit';

import type {Events} from './events.js';
import {insertMessage, openIm} from './post.js';
import {loadConv} from './render.js';

/** How often the scheduler looks anyway, for rows written by hand in SQL (none of the clone's methods need it). */
const FALLBACK_MS = 60_000;

/**
 * Posts scheduled messages and reminders once they are due. Instead of polling (which kept a
 * connection busy in every idle clone), it sleeps until the earliest due row; the methods that add
 * one call `events.wakeScheduler(at)`, and a reset wakes it to look at the new database.
 */
export function startScheduler(ctx: BackendContext, events: Events): () => void {
  let running = false;
  let again = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let armedFor = Number.POSITIVE_INFINITY;
  const arm = (atMs: number) => {
    if (stopped || (timer && atMs >= armedFor)) return;
    if (timer) clearTimeout(timer);
    armedFor = atMs;
    timer = setTimeout(() => void run(), Math.min(FALLBACK_MS, Math.max(0, atMs - Date.now())));
    timer.unref();
  };
  const run = async () => {
    timer = undefined;
    armedFor = Number.POSITIVE_INFINITY;
    if (running) {
      again = true;
      return;
    }
    running = true;
    let next = Date.now() + FALLBACK_MS;
    try {
      do {
        again = false;
        await tick(ctx, events);
      } while (again);
      const {rows} = await ctx.db.query<{at: string | null}>(
        `SELECT least((SELECT min(post_at) FROM scheduled_messages WHERE posted_ts IS NULL),
                      (SELECT min(time) FROM reminders WHERE NOT fired AND complete_ts = 0)) AS at`,
      );
      if (rows[0]?.at != null) next = Math.min(next, Number(rows[0].at) * 1000);
    } catch (error) {
      const msg = (error as Error).message;
      // The database is swapped away during a reset: look again shortly.
      if (!/terminat|does not exist|ECONNREFUSED|Connection/i.test(msg)) ctx.log('warn', 'scheduled message delivery failed', {error: msg});
      next = Date.now() + 500;
    } finally {
      running = false;
    }
    arm(next);
  };
  events.wakeScheduler = (atSec) => arm(atSec === undefined ? Date.now() : Number(atSec) * 1000);
  arm(Date.now());
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    events.wakeScheduler = undefined;
  };
}

/** Post what is due now. */
async function tick(ctx: BackendContext, events: Events): Promise<void> {
  const {rows} = await ctx.db.query(
    `UPDATE scheduled_messages SET posted_ts = 'posting' WHERE id IN (
       SELECT id FROM scheduled_messages WHERE posted_ts IS NULL AND post_at <= extract(epoch from now()) ORDER BY post_at LIMIT 50 FOR UPDATE SKIP LOCKED)
     RETURNING *`,
  );
  for (const r of rows) {
    const conv = await loadConv(ctx.db, r.channel_id, r.user_id);
    if (!conv || conv.is_archived) continue;
    const a = r.args ?? {};
    const caller = {appId: r.app_id ?? undefined, botId: r.bot_id ?? undefined, kind: r.bot_id ? ('bot' as const) : ('user' as const), scopes: [], teamId: r.team_id, tokenHash: '', userId: r.user_id};
    const {row} = await insertMessage(ctx.db, events, caller, conv, {
      attachments: a.attachments ?? undefined, blocks: a.blocks ?? undefined, icons: a.icons ?? undefined, metadata: a.metadata ?? undefined,
      replyBroadcast: a.reply_broadcast, text: r.text, threadTs: a.thread_ts ?? undefined, username: a.username ?? undefined,
    });
    await ctx.db.query('UPDATE scheduled_messages SET posted_ts = $2 WHERE id = $1', [r.id, row.ts]);
  }
  if (rows.length === 50) events.wakeScheduler?.();
  await deliverReminders(ctx, events);
}

/** Due reminders arrive as a Slackbot DM ("Reminder: …"), as in Slack. */
async function deliverReminders(ctx: BackendContext, events: Events): Promise<void> {
  const {rows} = await ctx.db.query(
    `UPDATE reminders SET fired = true WHERE id IN (
       SELECT id FROM reminders WHERE NOT fired AND complete_ts = 0 AND time <= extract(epoch from now()) ORDER BY time LIMIT 50 FOR UPDATE SKIP LOCKED)
     RETURNING *`,
  );
  for (const r of rows) {
    const {rows: bot} = await ctx.db.query(`SELECT 1 FROM users WHERE id = 'USLACKBOT' AND team_id = $1`, [r.team_id]);
    if (!bot.length) continue;
    const im = await openIm(ctx.db, r.team_id, 'USLACKBOT', r.user_id);
    const conv = await loadConv(ctx.db, im, 'USLACKBOT');
    if (!conv) continue;
    await insertMessage(ctx.db, events, {kind: 'user', scopes: [], teamId: r.team_id, tokenHash: '', userId: 'USLACKBOT'}, conv, {
      text: `Reminder: ${r.text}`,
    });
  }
}
