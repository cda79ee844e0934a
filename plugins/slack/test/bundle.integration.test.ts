import {type ChildProcess, spawn} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {existsSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

import {applySqlDir, applySqlFile, dbUrl, testPostgresUrl, testRedisUrl} from '@asym/template-kit/testing';
import {WebClient} from '@slack/web-api';
import {expect} from 'chai';
import pg from 'pg';
import WebSocket from 'ws';

import {ACME, MIGRATIONS} from './helpers.js';

const BUNDLE = fileURLToPath(new URL('../dist/backend.js', import.meta.url));

/** The bundled backend as the CLI runs it: `node dist/backend.js` with the CLI's environment. */
describe('slack clone: the bundled backend (dist/backend.js)', function () {
  this.timeout(30_000);
  let child: ChildProcess;
  let database: string;
  let url: string;
  const control = 'ctl-' + randomBytes(8).toString('hex');

  before(async () => {
    expect(existsSync(BUNDLE), 'build first: pnpm --filter @asym/template-slack build').to.equal(true);
    database = `slack_bundle_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({connectionString: testPostgresUrl()});
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    await applySqlDir(dbUrl(testPostgresUrl(), database), MIGRATIONS);
    await applySqlFile(dbUrl(testPostgresUrl(), database), ACME);
    child = spawn(process.execPath, [BUNDLE], {
      env: {
        ...process.env, ASYM_CLONE_ID: database, ASYM_CONTROL_TOKEN: control, DATABASE_URL: dbUrl(testPostgresUrl(), database), HOST: '127.0.0.1',
        // It reads its URL from the "listening" line: that needs info, whatever another suite set.
        ASYM_LOG_LEVEL: 'info', JWT_SECRET: 'bundle-test', PORT: '0', REDIS_PREFIX: `${database}:`, REDIS_URL: testRedisUrl(),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d) => {
        out += d;
        const m = /"msg":"listening".*?"url":"([^"]+)"/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`backend exited ${code}: ${out}`)));
    });
  });

  after(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    const admin = new pg.Client({connectionString: testPostgresUrl()});
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });

  it('serves health, guards the control routes, provisions and answers the Web API and Socket Mode', async () => {
    expect((await (await fetch(`${url}/_asym/health`)).json())).to.include({ok: true, template: 'slack'});
    const denied = await fetch(`${url}/_asym/provision`, {body: '{"kind":"new"}', headers: {'content-type': 'application/json'}, method: 'POST'});
    expect(denied.status).to.equal(401);
    const res = await fetch(`${url}/_asym/provision`, {body: '{"kind":"new"}', headers: {'content-type': 'application/json', 'x-asym-control-token': control}, method: 'POST'});
    const tokens = (await res.json()) as {botToken: string; extra: Record<string, string>};
    const bot = new WebClient(tokens.botToken, {slackApiUrl: `${url}/api/`});
    const posted = await bot.chat.postMessage({channel: 'C0ACGENRL1', text: 'from the bundle'});
    expect(posted.ok).to.equal(true);
    const open = await new WebClient(tokens.extra.appToken, {slackApiUrl: `${url}/api/`}).apps.connections.open();
    const ws = new WebSocket(open.url!);
    const hello = await new Promise<any>((resolve, reject) => {
      ws.once('message', (d) => resolve(JSON.parse(String(d))));
      ws.once('error', reject);
    });
    ws.close();
    expect(hello.type).to.equal('hello');
  });
});
