import type {BackendDefinition} from '@asym/template-kit';

import {mountApi} from './api.js';
import {Events} from './events.js';
import {METHODS} from './methods/index.js';
import {provision} from './provision.js';
import {SettingsStore} from './settings.js';

interface SlackState {
  events: Events;
  settings: SettingsStore;
}

const states = new WeakMap<object, SlackState>();

export const slackBackend: BackendDefinition = {
  template: 'slack',
  routes(app, ctx) {
    const state: SlackState = {events: new Events(ctx), settings: new SettingsStore(ctx.db)};
    states.set(ctx, state);
    mountApi(app, ctx, METHODS, state.events);
  },
  async provision(ctx, request) {
    return provision(ctx, states.get(ctx)!.settings, request);
  },
  onReset(ctx) {
    states.get(ctx)?.settings.forget();
  },
};
