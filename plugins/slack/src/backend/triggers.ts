import {randomString} from '@asym/template-kit';

/** Slack's trigger_id lifetime: an app must open a modal within 3 seconds of the interaction. */
const TRIGGER_TTL_MS = 3000;

/** trigger_ids handed out with slash commands and interactions, for views.open/push. */
export class Triggers {
  private readonly issued = new Map<string, {userId: string; appId: string; expires: number}>();

  issue(userId: string, appId: string): string {
    const now = Date.now();
    for (const [k, v] of this.issued) if (v.expires < now - 60_000) this.issued.delete(k);
    const id = `${now}.${randomString(10, '0123456789')}.${randomString(32, '0123456789abcdef')}`;
    this.issued.set(id, {appId, expires: now + TRIGGER_TTL_MS, userId});
    return id;
  }

  /** The user a trigger belongs to; `expired_trigger_id` / `invalid_trigger_id` as Slack names them. */
  use(id: string | undefined, appId: string | undefined): {userId: string} | {error: string} {
    const t = id ? this.issued.get(id) : undefined;
    if (!t || t.appId !== appId) return {error: 'invalid_trigger_id'};
    if (t.expires < Date.now()) return {error: 'expired_trigger_id'};
    this.issued.delete(id!);
    return {userId: t.userId};
  }
}
