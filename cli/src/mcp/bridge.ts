import {createInterface} from 'node:readline';

/** Parse the `data:` payloads of a server-sent-events body. */
export function sseMessages(body: string): string[] {
  return body
    .split(/\r?\n\r?\n/)
    .map((event) =>
      event
        .split(/\r?\n/)
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trimStart())
        .join('\n'),
    )
    .filter((d) => d.length > 0);
}

/**
 * Bridge stdio to the clone's Streamable HTTP MCP endpoint, for clients that launch a command:
 * each JSON-RPC message read from stdin is POSTed; JSON or SSE answers are written to stdout,
 * one message per line. The session id the server assigns is sent back on every request.
 */
export async function bridgeStdio(target: {url: string; token?: string}, input = process.stdin, output = process.stdout): Promise<void> {
  let session: string | undefined;
  const rl = createInterface({crlfDelay: Infinity, input});
  for await (const line of rl) {
    if (!line.trim()) continue;
    let res: Response;
    try {
      res = await fetch(target.url, {
        body: line,
        headers: {
          accept: 'application/json, text/event-stream',
          'content-type': 'application/json',
          ...(target.token ? {authorization: `Bearer ${target.token}`} : {}),
          ...(session ? {'mcp-session-id': session} : {}),
        },
        method: 'POST',
      });
    } catch (error) {
      const id = (() => {
        try {
          return JSON.parse(line).id;
        } catch {
          return null;
        }
      })();
      if (id !== undefined && id !== null) output.write(JSON.stringify({error: {code: -32000, message: `clone unreachable: ${(error as Error).message}`}, id, jsonrpc: '2.0'}) + '\n');
      continue;
    }
    session = res.headers.get('mcp-session-id') ?? session;
    const body = await res.text();
    if (!body) continue;
    const type = res.headers.get('content-type') ?? '';
    const messages = type.includes('text/event-stream') ? sseMessages(body) : [body];
    for (const m of messages) output.write(m.replaceAll('\n', ' ') + '\n');
  }
}
