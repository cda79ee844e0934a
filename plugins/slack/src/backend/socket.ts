import {randomUUID} from 'node:crypto';
import type {IncomingMessage, Server} from 'node:http';
import type {Duplex} from 'node:stream';

import {randomString, type BackendContext} from '@asym/template-kit';
import {WebSocket, WebSocketServer} from 'ws';

import type {SocketHub} from './events.js';

const TICKET_TTL_MS = 60_000;
const ACK_TIMEOUT_MS = 3000;
const PING_EVERY_MS = 10_000;
const MAX_RETRIES = 3;

interface Pending {
  appId: string;
  message: Record<string, unknown>;
  timer: NodeJS.Timeout;
  attempt: number;
  /** For requests that wait for the acknowledgement (slash commands, interactions). */
  resolve?: (ack: {payload?: unknown} | undefined) => void;
}

/**
 * Socket Mode: apps.connections.open hands out a single-use ticket URL on this server; connections
 * get `hello`, then events in envelopes (`envelope_id`, `type: events_api`) that the app must
 * acknowledge by echoing the envelope_id, or they are sent again with `retry_attempt` raised.
 */
export class SocketModeHub implements SocketHub {
  private readonly tickets = new Map<string, {appId: string; expires: number}>();
  private readonly sockets = new Map<string, Set<WebSocket>>();
  private readonly pending = new Map<string, Pending>();
  private readonly wss = new WebSocketServer({noServer: true});
  private pinger?: NodeJS.Timeout;
  private turn = 0;

  constructor(private readonly ctx: BackendContext) {}

  /** A fresh connection URL for an app (the origin is where the client reached the API). */
  openUrl(origin: string, appId: string): string {
    const ticket = randomUUID();
    this.tickets.set(ticket, {appId, expires: Date.now() + TICKET_TTL_MS});
    const ws = origin.replace(/^http/, 'ws');
    return `${ws}/link/?ticket=${ticket}&app_id=${appId}`;
  }

  attach(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname !== '/link/' && url.pathname !== '/link') return;
      const ticket = this.tickets.get(url.searchParams.get('ticket') ?? '');
      this.tickets.delete(url.searchParams.get('ticket') ?? '');
      if (!ticket || ticket.expires < Date.now()) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, ticket.appId));
    });
    this.pinger = setInterval(() => {
      for (const set of this.sockets.values()) for (const ws of set) if (ws.readyState === WebSocket.OPEN) ws.ping(Buffer.from(`ping-${Date.now()}`));
    }, PING_EVERY_MS);
    this.pinger.unref();
  }

  private onConnection(ws: WebSocket, appId: string): void {
    const set = this.sockets.get(appId) ?? new Set<WebSocket>();
    this.sockets.set(appId, set);
    set.add(ws);
    ws.on('message', (data) => {
      let msg: {envelope_id?: string; payload?: unknown};
      try {
        msg = JSON.parse(String(data));
      } catch {
        return;
      }
      const p = msg.envelope_id ? this.pending.get(msg.envelope_id) : undefined;
      if (p) {
        clearTimeout(p.timer);
        this.pending.delete(msg.envelope_id!);
        p.resolve?.({payload: msg.payload});
      }
    });
    ws.on('close', () => set.delete(ws));
    ws.on('error', (err) => this.ctx.log('warn', 'socket mode connection error', {appId, error: err.message}));
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: set.size,
        debug_info: {host: `applink-asym-${randomString(6).toLowerCase()}`, build_number: 1, approximate_connection_time: 18060},
        connection_info: {app_id: appId},
      }),
    );
  }

  connected(appId: string): boolean {
    return [...(this.sockets.get(appId) ?? [])].some((ws) => ws.readyState === WebSocket.OPEN);
  }

  sendEvent(appId: string, payload: Record<string, unknown>): void {
    const envelopeId = randomUUID();
    this.dispatch(appId, {envelope_id: envelopeId, payload, type: 'events_api', accepts_response_payload: false, retry_attempt: 0, retry_reason: ''}, 0);
  }

  /**
   * Send an envelope that expects an answer (slash_commands, interactive) and wait for its
   * acknowledgement; resolves undefined when none came in time (Slack shows a timeout then).
   */
  request(appId: string, type: string, payload: Record<string, unknown>): Promise<{payload?: unknown} | undefined> {
    return new Promise((resolve) => {
      const open = [...(this.sockets.get(appId) ?? [])].filter((ws) => ws.readyState === WebSocket.OPEN);
      if (!open.length) return resolve(undefined);
      const envelopeId = randomUUID();
      open[this.turn++ % open.length]!.send(JSON.stringify({envelope_id: envelopeId, payload, type, accepts_response_payload: true}));
      const timer = setTimeout(() => {
        this.pending.delete(envelopeId);
        resolve(undefined);
      }, ACK_TIMEOUT_MS);
      timer.unref();
      this.pending.set(envelopeId, {appId, attempt: 0, message: {}, resolve, timer});
    });
  }

  private dispatch(appId: string, message: Record<string, unknown>, attempt: number): void {
    const open = [...(this.sockets.get(appId) ?? [])].filter((ws) => ws.readyState === WebSocket.OPEN);
    if (!open.length) return;
    const ws = open[this.turn++ % open.length]!;
    ws.send(JSON.stringify(message));
    const id = message.envelope_id as string;
    const timer = setTimeout(() => {
      this.pending.delete(id);
      if (attempt < MAX_RETRIES) this.dispatch(appId, {...message, retry_attempt: attempt + 1, retry_reason: 'timeout'}, attempt + 1);
    }, ACK_TIMEOUT_MS);
    timer.unref();
    this.pending.set(id, {appId, attempt, message, timer});
  }

  /** Tell every connection to reconnect (as Slack does before a server restart), then close. */
  close(): void {
    if (this.pinger) clearInterval(this.pinger);
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
    for (const set of this.sockets.values())
      for (const ws of set) {
        try {
          ws.send(JSON.stringify({type: 'disconnect', reason: 'warning', debug_info: {host: 'applink-asym'}}));
        } catch {
          // already gone
        }
        ws.terminate();
      }
    this.sockets.clear();
    this.wss.close();
  }
}
