import type {BackendContext} from '@asym/template-kit';

/** Delivers Events API payloads (filled in by the events module). */
export class Events {
  constructor(readonly ctx: BackendContext) {}
  emit(_teamId: string, _channelId: string | null, _event: Record<string, unknown>): void {}
}
