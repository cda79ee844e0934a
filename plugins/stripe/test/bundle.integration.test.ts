import {type ChildProcess, spawn, spawnSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';

import {applySqlDir, applySqlFile, dbUrl, testPostgresUrl, testRedisUrl} from '@asym/template-kit/testing';
import {expect} from 'chai';
import pg from 'pg';
import Stripe from 'stripe';

import {root} from './helpers.js';

/** What the CLI does: bundle, database from migrations + fixture, `node dist/backend.js` with its environment. */
describe('stripe clone: the bundled backend as the CLI runs it', function () {
  this.timeout(60_000);
  let child: ChildProcess | undefined;
  let database = '';

  after(async () => {
    if (child && child.exitCode === null) child.kill('SIGTERM');
    if (database) {
      const admin = new pg.Client({connectionString: testPostgresUrl()});
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
    }
  });

  it('starts from its environment, answers health, provisions behind the control token, serves the SDK, stops on SIGTERM', async () => {
    const bundled = spawnSync(process.execPath, [`${root}scripts/bundle.mjs`], {encoding: 'utf8'});
    expect(bundled.status, bundled.stderr).to.equal(0);
    database = `stripe_bundle_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({connectionString: testPostgresUrl()});
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    const url = dbUrl(testPostgresUrl(), database);
    await applySqlDir(url, `${root}migrations`);
    await applySqlFile(url, `${root}seeds/acct.sql`);

    const control = randomBytes(8).toString('hex');
    child = spawn(process.execPath, [`${root}dist/backend.js`], {
      env: {...process.env, ASYM_CLONE_ID: database, ASYM_LOG_LEVEL: 'info', ASYM_CONTROL_TOKEN: control, DATABASE_URL: url, HOST: '127.0.0.1', JWT_SECRET: 'x', PORT: '0', REDIS_PREFIX: `${database}:`, REDIS_URL: testRedisUrl()},
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const base = await new Promise<string>((resolve, reject) => {
      let buf = '';
      child!.stdout!.on('data', (d: Buffer) => {
        buf += d.toString();
        const m = /"msg":"listening"[^\n]*"url":"([^"]+)"/.exec(buf);
        if (m) resolve(m[1]!);
      });
      child!.once('exit', (code) => reject(new Error(`backend exited with ${code}`)));
    });
    const health = await fetch(`${base}/_asym/health`);
    expect(await health.json()).to.deep.include({ok: true, template: 'stripe'});
    const denied = await fetch(`${base}/_asym/provision`, {body: '{"kind":"new"}', headers: {'content-type': 'application/json'}, method: 'POST'});
    expect(denied.status).to.equal(401);
    const res = await fetch(`${base}/_asym/provision`, {body: '{"kind":"new"}', headers: {'content-type': 'application/json', 'x-asym-control-token': control}, method: 'POST'});
    const tokens = (await res.json()) as {apiKey: string; workspaceId: string};
    expect(tokens.workspaceId).to.equal('acct_1AsymmetricSeed');
    const port = Number(new URL(base).port);
    const stripe = new Stripe(tokens.apiKey, {host: '127.0.0.1', maxNetworkRetries: 0, port, protocol: 'http'});
    const customer = await stripe.customers.create({email: 'bundle@example.com'});
    expect((await stripe.customers.retrieve(customer.id)).id).to.equal(customer.id);
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).to.equal(0);
  });
});
