import type {BackendContext} from '@asym/template-kit';

import type {Events} from './events.js';
import {insertMessage, openIm} from './post.js';
import {loadConv} from './render.js';

/** Posts scheduled messages once they are due (checked every `everyMs`). */
export function startScheduler(ctx: BackendContext, events: Events, everyMs = 500): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
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
      await deliverReminders(ctx, events);
    } catch (error) {
      const msg = (error as Error).message;
      // The database is swapped away during a reset: skip this tick quietly.
      if (!/terminat|does not exist|ECONNREFUSED|Connection/i.test(msg)) ctx.log('warn', 'scheduled message delivery failed', {error: msg});
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
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
