/**
 * MCP for any template: a template declares its tools (name, input schema, and either the backend
 * route the tool runs or a function) and the kit serves them over Streamable HTTP (JSON-RPC
 * requests answered with JSON). Route tools run in-process against the backend's own routes with
 * the MCP request's Authorization header, so auth, scopes, rate limits and events behave exactly
 * as for a direct API call.
 */
import {randomUUID} from 'node:crypto';

import type {Hono} from 'hono';

/** Protocol versions this server speaks, newest first. */
export const MCP_PROTOCOLS = ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05'];

export interface McpRoute {
  method: string;
  path: string;
  query?: Record<string, unknown>;
  json?: unknown;
  /** Sent form-encoded with bracketed nested keys (`metadata[k]=v`), as Stripe-style APIs take it. */
  form?: Record<string, unknown>;
  headers?: Record<string, string>;
}

export interface McpRouteResult {
  status: number;
  body: unknown;
}

export interface McpCallContext {
  authorization?: string;
  request: Request;
  /** Run one of the backend's routes in-process with the caller's Authorization header. */
  call(route: McpRoute): Promise<McpRouteResult>;
}

export interface McpTool {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
  annotations?: {title?: string; readOnlyHint?: boolean; destructiveHint?: boolean; idempotentHint?: boolean; openWorldHint?: boolean};
  /** Run the tool in code; its return value becomes the result's text (JSON unless a string). */
  run?(args: Record<string, any>, ctx: McpCallContext): Promise<unknown> | unknown;
  /** Or declare the backend route the tool runs; a status ≥ 400 makes an `isError` result. */
  route?(args: Record<string, any>): McpRoute;
}

export interface McpServerOptions {
  name: string;
  version: string;
  tools: McpTool[];
  instructions?: string;
  /** Whether a route tool's answer is a failure (default: HTTP status ≥ 400; Slack says `ok: false`). */
  isError?(result: McpRouteResult): boolean;
  /** Refuse the request with HTTP 401 unless this accepts its Authorization header. */
  authenticate?(authorization: string | undefined): Promise<boolean> | boolean;
}

/** A tool failure the agent should see as an `isError` result rather than a protocol error. */
export class McpToolError extends Error {}

type RpcId = string | number | null;
interface RpcMessage {
  jsonrpc: '2.0';
  id?: RpcId;
  method?: string;
  params?: any;
}

const rpcError = (id: RpcId | undefined, code: number, message: string) => ({error: {code, message}, id: id ?? null, jsonrpc: '2.0'});
const textResult = (value: unknown, isError: boolean) => ({content: [{text: typeof value === 'string' ? value : JSON.stringify(value), type: 'text'}], isError});

/** `{a: {b: 1}, c: [x, y]}` → `a[b]=1&c[0]=x&c[1]=y` (undefined and null are left out). */
export function formEncode(value: Record<string, unknown>): string {
  const out = new URLSearchParams();
  const walk = (prefix: string, v: unknown): void => {
    if (v === undefined || v === null) return;
    if (Array.isArray(v)) v.forEach((x, i) => walk(`${prefix}[${i}]`, x));
    else if (typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(prefix ? `${prefix}[${k}]` : k, x);
    else out.append(prefix, String(v));
  };
  walk('', value);
  return out.toString();
}

function toRequest(origin: string, route: McpRoute, authorization: string | undefined): Request {
  const url = new URL(route.path, origin);
  for (const [k, v] of Object.entries(route.query ?? {})) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) for (const x of v) url.searchParams.append(k, String(x));
    else url.searchParams.set(k, String(v));
  }
  const headers: Record<string, string> = {...(authorization ? {authorization} : {}), ...route.headers};
  let body: string | undefined;
  if (route.json !== undefined) {
    body = JSON.stringify(route.json);
    headers['content-type'] = 'application/json; charset=utf-8';
  } else if (route.form) {
    body = formEncode(route.form);
    headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  return new Request(url, {body, headers, method: route.method.toUpperCase()});
}

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return text;
  }
}

/** The missing required arguments of a call, by the tool's input schema. */
export function missingArguments(tool: McpTool, args: Record<string, unknown>): string[] {
  const required = (tool.inputSchema.required as string[] | undefined) ?? [];
  return required.filter((k) => args[k] === undefined || args[k] === null || args[k] === '');
}

/** Serve `opts.tools` over MCP's Streamable HTTP transport at `path` (POST; GET 405; DELETE ends a session). */
export function mountMcp(app: Hono, path: string, opts: McpServerOptions): void {
  const sessions = new Set<string>();
  const listed = opts.tools.map(({route: _r, run: _f, ...t}) => t);

  const callTool = async (msg: RpcMessage, ctx: McpCallContext) => {
    const tool = opts.tools.find((t) => t.name === msg.params?.name);
    if (!tool) return rpcError(msg.id, -32602, `Unknown tool: ${msg.params?.name}`);
    const args = (msg.params?.arguments ?? {}) as Record<string, unknown>;
    const missing = missingArguments(tool, args);
    if (missing.length > 0) return {id: msg.id, jsonrpc: '2.0', result: textResult(`Missing required arguments: ${missing.join(', ')}`, true)};
    try {
      if (tool.route) {
        const res = await ctx.call(tool.route(args));
        const failed = opts.isError ? opts.isError(res) : res.status >= 400;
        return {id: msg.id, jsonrpc: '2.0', result: textResult(res.body, failed)};
      }
      const value = await tool.run?.(args, ctx);
      return {id: msg.id, jsonrpc: '2.0', result: textResult(value ?? null, false)};
    } catch (error) {
      if (error instanceof McpToolError) return {id: msg.id, jsonrpc: '2.0', result: textResult(error.message, true)};
      throw error;
    }
  };

  const handle = async (msg: RpcMessage, ctx: McpCallContext, session: {id?: string}) => {
    switch (msg.method) {
      case 'initialize': {
        const asked = String(msg.params?.protocolVersion ?? '');
        session.id = randomUUID();
        sessions.add(session.id);
        const result = {
          capabilities: {tools: {listChanged: false}},
          protocolVersion: MCP_PROTOCOLS.includes(asked) ? asked : MCP_PROTOCOLS[0],
          serverInfo: {name: opts.name, version: opts.version},
          ...(opts.instructions ? {instructions: opts.instructions} : {}),
        };
        return {id: msg.id, jsonrpc: '2.0', result};
      }
      case 'ping':
        return {id: msg.id, jsonrpc: '2.0', result: {}};
      case 'tools/list':
        return {id: msg.id, jsonrpc: '2.0', result: {tools: listed}};
      case 'tools/call':
        return callTool(msg, ctx);
      default:
        return rpcError(msg.id, -32601, `Method not found: ${msg.method}`);
    }
  };

  app.post(path, async (c) => {
    const authorization = c.req.header('authorization');
    if (opts.authenticate && !(await opts.authenticate(authorization))) {
      c.header('www-authenticate', 'Bearer error="invalid_token"');
      return c.json(rpcError(null, -32001, 'Unauthorized: a valid API token is required as Bearer'), 401);
    }
    const sid = c.req.header('mcp-session-id');
    if (sid && !sessions.has(sid)) return c.json(rpcError(null, -32001, 'Session not found'), 404);
    let body: RpcMessage | RpcMessage[];
    try {
      body = await c.req.json();
    } catch {
      return c.json(rpcError(null, -32700, 'Parse error'), 400);
    }
    const origin = new URL(c.req.url).origin;
    const ctx: McpCallContext = {
      authorization,
      async call(route) {
        const res = await app.fetch(toRequest(origin, route, authorization));
        return {body: await readBody(res), status: res.status};
      },
      request: c.req.raw,
    };
    const batch = Array.isArray(body) ? body : [body];
    const session: {id?: string} = {};
    const out = [];
    for (const msg of batch) {
      if (msg?.id === undefined || msg.id === null) continue; // notifications (initialized, cancelled …)
      out.push(await handle(msg, ctx, session));
    }
    if (session.id) c.header('mcp-session-id', session.id);
    if (out.length === 0) return c.body(null, 202);
    return c.json(Array.isArray(body) ? out : out[0]);
  });

  app.get(path, (c) => c.body(null, 405, {allow: 'POST, DELETE'}));
  app.delete(path, (c) => {
    const sid = c.req.header('mcp-session-id');
    if (sid) sessions.delete(sid);
    return c.body(null, 200);
  });
}
