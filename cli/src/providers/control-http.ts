import {request} from 'node:http';

export const CONTROL_TOKEN_HEADER = 'x-asym-control-token';

export interface ControlAnswer {
  status: number;
  body: unknown;
}

/**
 * POST a JSON body to a clone backend's control route with node:http (not `fetch`: loading undici
 * costs a CLI process more than a whole reset). Rejects on connection errors and on timeout.
 */
export function postControl(serviceUrl: string, path: string, body: unknown, controlToken: string | undefined, timeoutMs: number): Promise<ControlAnswer> {
  const payload = Buffer.from(JSON.stringify(body ?? {}));
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, serviceUrl),
      {
        headers: {'content-length': payload.length, 'content-type': 'application/json', ...(controlToken ? {[CONTROL_TOKEN_HEADER]: controlToken} : {})},
        method: 'POST',
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            parsed = text;
          }
          resolve({body: parsed, status: res.statusCode ?? 0});
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}
