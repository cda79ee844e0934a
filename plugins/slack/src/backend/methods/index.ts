import type {MethodDef} from '../types.js';
import {chatMethods} from './chat.js';
import {conversationMethods} from './conversations.js';
import {teamMethods} from './team.js';
import {userMethods} from './users.js';

/** Every Web API method the clone serves, by name. */
export const METHODS: Record<string, MethodDef> = {
  ...teamMethods,
  ...userMethods,
  ...conversationMethods,
  ...chatMethods,
};
