import {type BackendContext, type BackendDefinition, RateLimiter} from '@asym/template-kit';

import {mountApi} from './api.js';
import {forgetCallers} from './auth.js';
import {forgetBots} from './messages.js';
import {mountControl} from './control.js';
import {mountInteractivity} from './interactivity.js';
import {mountSlackMcp} from './mcp.js';
import {SlackError} from './errors.js';
import {Events, forgetApps} from './events.js';
import {mountFileRoutes} from './methods/files.js';
import {METHODS} from './methods/index.js';
import {provision} from './provision.js';
import {mountProvisionWithOptions} from './provision-route.js';
import {TIER_PER_MINUTE} from './ratelimit.js';
import {startScheduler} from './scheduler.js';
import {SettingsStore} from './settings.js';
import {SocketModeHub} from './socket.js';

interface SlackState {
  events: Events;
  settings: SettingsStore;
  limiter: RateLimiter;
  socket: SocketModeHub;
  stop: Array<() => void>;
}

const states = new WeakMap<BackendContext, SlackState>();

export const slackBackend: BackendDefinition = {
  template: 'slack',
  /** The Web API methods `/api/<method>` answers (the others answer `unknown_method`). */
  operations: () => Object.keys(METHODS),
  routes(app, ctx) {
    const settings = new SettingsStore(ctx.db);
    const events = new Events(ctx, settings);
    const limiter = new RateLimiter(ctx.redis);
    const socket = new SocketModeHub(ctx);
    events.socket = socket;
    const state: SlackState = {events, limiter, settings, socket, stop: [() => events.close(), () => socket.close()]};
    states.set(ctx, state);
    mountControl(app, ctx, settings, events);
    mountProvisionWithOptions(app, ctx, settings, events);
    mountFileRoutes(app, ctx);
    mountSlackMcp(app, ctx);
    mountInteractivity(app, ctx, events);
    mountApi(app, ctx, METHODS, events, {
      async beforeCall(method, def, caller, args) {
        const current = await settings.get();
        if (def.tier === 'none' || !current.rateLimits) return;
        const who = caller ? (caller.appId ?? caller.userId) + ':' + caller.kind : 'anon';
        let wait: number;
        if (method === 'chat.postMessage') {
          // Slack: about one message per second per channel, short bursts allowed.
          wait = await limiter.take(`${who}:${method}:${args.str('channel') ?? ''}`, 10, 60);
        } else if (current.appDistribution === 'non_marketplace' && (method === 'conversations.history' || method === 'conversations.replies')) {
          wait = await limiter.take(`${who}:${method}:nm`, 1, 1);
        } else if (def.tier === 'special') {
          wait = await limiter.take(`${who}:${method}`, 600, 600);
        } else {
          const perMinute = TIER_PER_MINUTE[def.tier]!;
          wait = await limiter.take(`${who}:${method}`, perMinute, perMinute);
        }
        if (wait > 0) throw new SlackError('ratelimited', {retryAfter: Math.max(1, Math.ceil(wait / 1000))}, 429);
      },
    });
    state.stop.push(startScheduler(ctx, events));
  },
  async provision(ctx, request) {
    return provision(ctx, states.get(ctx)!.settings, request);
  },
  onReset(ctx) {
    forgetCallers(ctx.db);
    forgetBots(ctx.db);
    forgetApps(ctx.db);
    const s = states.get(ctx);
    s?.settings.forget();
    s?.limiter.clear();
    s?.events.wakeScheduler?.();
  },
  onListen(server, ctx) {
    states.get(ctx)?.socket.attach(server);
  },
  onClose(ctx) {
    for (const stop of states.get(ctx)?.stop ?? []) stop();
  },
};
