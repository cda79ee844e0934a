import {asymError} from '@asym/contract';

import {sseMessages} from './bridge.js';

export interface McpToolInfo {
  name: string;
  description?: string;
  inputSchema?: {properties?: Record<string, unknown>; required?: string[]};
}

/** One JSON-RPC request to a Streamable HTTP MCP endpoint; JSON or SSE answers. */
async function rpc(target: {url: string; token?: string}, session: string | undefined, method: string, params: unknown): Promise<{result: any; session?: string}> {
  const res = await fetch(target.url, {
    body: JSON.stringify({id: 1, jsonrpc: '2.0', method, params}),
    headers: {
      accept: 'application/json, text/event-stream',
      'content-type': 'application/json',
      ...(target.token ? {authorization: `Bearer ${target.token}`} : {}),
      ...(session ? {'mcp-session-id': session} : {}),
    },
    method: 'POST',
    signal: AbortSignal.timeout(10_000),
  }).catch((error: Error) => {
    throw asymError('INVALID_INPUT', {detail: `The clone's MCP server at ${target.url} did not answer (${error.message}). Is the clone running? asym status`});
  });
  const text = await res.text();
  const body = JSON.parse((res.headers.get('content-type') ?? '').includes('text/event-stream') ? (sseMessages(text)[0] ?? '{}') : text || '{}');
  if (!res.ok || body.error) throw asymError('INVALID_INPUT', {detail: `The clone's MCP server answered ${method} with HTTP ${res.status}: ${body.error?.message ?? text.slice(0, 200)}`});
  return {result: body.result, session: res.headers.get('mcp-session-id') ?? session};
}

/** The tools a clone's MCP server offers (initialize, then tools/list). */
export async function listTools(target: {url: string; token?: string}): Promise<{server?: {name: string; version: string}; tools: McpToolInfo[]}> {
  const init = await rpc(target, undefined, 'initialize', {capabilities: {}, clientInfo: {name: 'asymmetric-cli', version: '0'}, protocolVersion: '2025-06-18'});
  const list = await rpc(target, init.session, 'tools/list', {});
  return {server: init.result?.serverInfo, tools: (list.result?.tools ?? []) as McpToolInfo[]};
}
