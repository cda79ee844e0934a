import {fail} from '../errors.js';
import type {MethodDef} from '../types.js';

export const appMethods: Record<string, MethodDef> = {
  'apps.connections.open': {
    scopes: ['connections:write'],
    tier: 1,
    tokens: ['app'],
    async handler(call) {
      const hub = call.events.socket;
      if (!hub || !call.caller.appId) return fail('not_allowed_token_type');
      return {url: hub.openUrl(call.origin, call.caller.appId)};
    },
  },
};
