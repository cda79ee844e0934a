/**
 * git's smart HTTP protocol, served by the real `git upload-pack` / `git receive-pack` in
 * --stateless-rpc mode: `git clone http://127.0.0.1:<port>/<owner>/<repo>.git` with the token as
 * the password (or the user name). A push moves refs in the repository itself, so the REST API sees
 * it at once; the ref changes then run what every ref update runs (push webhooks, pull heads).
 */
import {spawn} from 'node:child_process';
import {gunzipSync} from 'node:zlib';

import type {Context, Hono} from '@asym/template-kit';

import type {Gh} from './gh.js';
import {gitEnv} from './git.js';
import {type GhEnv, tokenFrom} from './http.js';
import {afterRefUpdates, type RefUpdate, ZERO} from './pushes.js';

const PATH = /^\/([^/]+)\/([^/]+?)(?:\.git)?\/(info\/refs|git-upload-pack|git-receive-pack)$/;

const pkt = (s: string) => `${(s.length + 4).toString(16).padStart(4, '0')}${s}`;

function unauthorized(c: Context, message = 'Authentication failed'): Response {
  return c.text(`${message}\n`, 401, {'www-authenticate': 'Basic realm="GitHub"'});
}

function runService(service: string, dir: string, input: Buffer | undefined, advertise: boolean, protocol: string | undefined): Promise<{code: number; out: Buffer; err: string}> {
  return new Promise((resolve, reject) => {
    const args = [service.replace(/^git-/, ''), '--stateless-rpc', ...(advertise ? ['--advertise-refs'] : []), dir];
    const child = spawn('git', args, {env: gitEnv(dir, protocol ? {GIT_PROTOCOL: protocol} : {}), stdio: ['pipe', 'pipe', 'pipe']});
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.once('error', reject);
    child.once('close', (code) => resolve({code: code ?? 1, err: Buffer.concat(err).toString(), out: Buffer.concat(out)}));
    child.stdin.on('error', () => {});
    child.stdin.end(input ?? '');
  });
}

export function mountSmartHttp(app: Hono<GhEnv>, gh: Gh): void {
  app.use('*', async (c, next) => {
    const m = PATH.exec(c.req.path);
    if (!m) return next();
    const [, owner, name, action] = m;
    const service = action === 'info/refs' ? c.req.query('service') : action;
    if (service !== 'git-upload-pack' && service !== 'git-receive-pack') return c.text('Service not supported\n', 403);
    if (action === 'info/refs' ? c.req.method !== 'GET' : c.req.method !== 'POST') return c.text('Method not allowed\n', 405);
    const header = c.req.header('authorization');
    const viewer = header ? await gh.viewerFor(tokenFrom(header)) : undefined;
    if (header && !viewer) return unauthorized(c, 'Invalid username or token. Password authentication is not supported for Git operations.');
    const write = service === 'git-receive-pack';
    if (write && !viewer) return unauthorized(c);
    const row = (await gh.db.query(`SELECT r.*, u.login AS owner_login, u.type AS owner_type FROM repos r JOIN users u ON u.id = r.owner_id WHERE lower(u.login) = lower($1) AND lower(r.name) = lower($2)`, [owner, name])).rows[0];
    const perm = row ? await gh.permission(row, viewer?.id) : 'none';
    if (!row || perm === 'none') return viewer ? c.text('Repository not found.\n', 404) : unauthorized(c);
    if (write && perm !== 'admin' && perm !== 'write') return c.text(`Permission to ${row.owner_login}/${row.name}.git denied to ${viewer!.login}.\n`, 403);
    const dir = gh.store.path(row.id);
    const protocol = c.req.header('git-protocol');
    const headers = {'cache-control': 'no-cache, max-age=0, must-revalidate', expires: 'Fri, 01 Jan 1980 00:00:00 GMT', pragma: 'no-cache'};
    if (action === 'info/refs') {
      const r = await runService(service, dir, undefined, true, protocol);
      if (r.code !== 0) return c.text(r.err, 500);
      const v2 = protocol?.includes('version=2') && service === 'git-upload-pack';
      const prefix = v2 ? Buffer.alloc(0) : Buffer.from(`${pkt(`# service=${service}\n`)}0000`);
      return c.body(new Uint8Array(Buffer.concat([prefix, r.out])), 200, {...headers, 'content-type': `application/x-${service}-advertisement`});
    }
    let input = Buffer.from(await c.req.arrayBuffer());
    if ((c.req.header('content-encoding') ?? '').includes('gzip')) input = gunzipSync(input);
    const before = write ? await gh.git(row).refs() : [];
    const r = await runService(service, dir, input, false, protocol);
    if (write) {
      const after = await gh.git(row).refs();
      const updates: RefUpdate[] = [];
      const old = new Map(before.map((x) => [x.ref, x.sha]));
      for (const x of after) if (old.get(x.ref) !== x.sha) updates.push({after: x.sha, before: old.get(x.ref) ?? ZERO, ref: x.ref});
      for (const [ref, sha] of old) if (!after.some((x) => x.ref === ref)) updates.push({after: ZERO, before: sha, ref});
      for (const u of updates) if (u.before !== ZERO && u.after !== ZERO) u.forced = !(await gh.git(row).isAncestor(u.before, u.after));
      const heads = after.filter((x) => x.ref.startsWith('refs/heads/'));
      if (before.filter((x) => x.ref.startsWith('refs/heads/')).length === 0 && heads.length > 0 && !heads.some((x) => x.ref === `refs/heads/${row.default_branch}`)) {
        const first = heads[0]!.ref.slice('refs/heads/'.length);
        await gh.git(row).setHead(first);
        await gh.db.query('UPDATE repos SET default_branch = $2 WHERE id = $1', [row.id, first]);
      }
      await afterRefUpdates(gh, new URL(c.req.url).origin, row, updates, viewer!.id);
    }
    return c.body(new Uint8Array(r.out), 200, {...headers, 'content-type': `application/x-${service}-result`});
  });
}
