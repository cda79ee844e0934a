import type {MethodDef} from '../types.js';
import {appMethods} from './apps.js';
import {assistantMethods} from './assistant.js';
import {bookmarkMethods} from './bookmarks.js';
import {chatEditMethods} from './chat-edit.js';
import {chatMethods} from './chat.js';
import {conversationMethods} from './conversations.js';
import {fileMethods} from './files.js';
import {membershipMethods} from './membership.js';
import {pinMethods, reactionMethods} from './reactions.js';
import {dndMethods, reminderMethods} from './reminders.js';
import {scheduledMethods} from './scheduled.js';
import {searchMethods} from './search.js';
import {teamMethods} from './team.js';
import {usergroupMethods} from './usergroups.js';
import {userMethods} from './users.js';
import {viewMethods} from './views.js';

/** Every Web API method the clone serves, by name. */
export const METHODS: Record<string, MethodDef> = {
  ...teamMethods,
  ...userMethods,
  ...conversationMethods,
  ...membershipMethods,
  ...chatMethods,
  ...chatEditMethods,
  ...scheduledMethods,
  ...reactionMethods,
  ...pinMethods,
  ...searchMethods,
  ...fileMethods,
  ...appMethods,
  ...viewMethods,
  ...usergroupMethods,
  ...assistantMethods,
  ...bookmarkMethods,
  ...reminderMethods,
  ...dndMethods,
};
