import {Client} from '@modelcontextprotocol/sdk/client/index.js';
import {StreamableHTTPClientTransport} from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {WebClient} from '@slack/web-api';
import {expect} from 'chai';
import {Redis} from 'ioredis';
import pg from 'pg';
import Stripe from 'stripe';

import type {CloneInstance, CloneStatus, DiffResult, SnapshotInfo} from '@asym/contract';

import {cliWorld, PG_URL, REDIS_URL} from './helpers/world.js';

const slackClient = (token: string, api: string) => new WebClient(token, {retryConfig: {retries: 0}, slackApiUrl: api.endsWith('/') ? api : api + '/'});
const stripeClient = (key: string, api: string) => {
  const u = new URL(api);
  return new Stripe(key, {host: u.hostname, maxNetworkRetries: 0, port: Number(u.port), protocol: 'http'});
};

async function snapshotDatabases(cloneDb: string): Promise<string[]> {
  const c = new pg.Client({connectionString: PG_URL});
  await c.connect();
  try {
    const r = await c.query<{datname: string}>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'asym\\_snap\\_%' AND CASE WHEN shobj_description(oid, 'pg_database') LIKE '{%' THEN shobj_description(oid, 'pg_database')::jsonb ->> 'clone' END = $1`,
      [cloneDb],
    );
    return r.rows.map((x) => x.datname);
  } finally {
    await c.end();
  }
}

describe('snapshots, restore and diff (process provider, built CLI, official SDKs)', function () {
  this.timeout(600_000);
  let world: Awaited<ReturnType<typeof cliWorld>>;
  let slack: CloneInstance;
  let stripe: CloneInstance;
  let redis: Redis;
  const diff = async (id: string, ...args: string[]) => {
    const r = await world.run(['diff', id, ...args, '--json']);
    expect(r.code, r.stderr + r.stdout).to.equal(0);
    return r.json<DiffResult>();
  };
  const ok = async (...args: string[]) => {
    const r = await world.run(args);
    expect(r.code, `${args.join(' ')}: ${r.stderr}${r.stdout}`).to.equal(0);
    return r;
  };

  before(async () => {
    world = await cliWorld();
    redis = new Redis(REDIS_URL);
    const r = await world.run(['spin', 'slack', 'stripe', '--group', 'episode', '--seed', 'slack=acme-corp', '--json']);
    expect(r.code, r.stderr + r.stdout).to.equal(0);
    const clones = r.json<CloneInstance[]>();
    slack = clones.find((c) => c.template === 'slack')!;
    stripe = clones.find((c) => c.template === 'stripe')!;
  });
  after(async () => {
    redis?.disconnect();
    await world?.cleanup();
  });

  it('Slack: diff shows exactly the SDK changes since the snapshot, and restore brings database and Redis back', async () => {
    const bot = slackClient(slack.tokens!.botToken!, slack.endpoints.api);
    const user = slackClient(slack.tokens!.userToken!, slack.endpoints.api);
    const general = ((await user.conversations.list({types: 'public_channel'})).channels ?? []).find((c) => c.name === 'general')!;
    const seeded = (await user.conversations.history({channel: general.id!})).messages!;
    await redis.set(`${slack.redisPrefix}evaluation-test`, 'before');

    const snap = await world.run(['snapshot', slack.id, 'before', '--json']);
    expect(snap.code, snap.stderr).to.equal(0);
    const info = snap.json<{snapshot: SnapshotInfo}>().snapshot;
    expect(info.name).to.equal('before');
    expect(info.redisKeys).to.be.greaterThanOrEqual(1);

    const posted = await user.chat.postMessage({channel: general.id!, text: 'agent was here'});
    await user.reactions.add({channel: general.id!, name: 'tada', timestamp: seeded[0]!.ts!});
    await user.conversations.setTopic({channel: general.id!, topic: 'episode 1'});
    await user.chat.delete({channel: general.id!, ts: seeded.at(-1)!.ts!});
    await redis.set(`${slack.redisPrefix}evaluation-test`, 'after');
    await bot.auth.test();

    const d = await diff(slack.id, '--since', 'before');
    expect(d.since).to.deep.equal({snapshot: 'before'});
    const by = Object.fromEntries(d.entities.map((e) => [e.entity, e]));
    // The four calls, and what Slack itself does with them: setTopic posts a channel_topic message,
    // deleting a message takes its reactions and pins with it.
    expect(Object.keys(by)).to.include.members(['channels', 'messages', 'reactions']);
    expect(Object.keys(by).filter((k) => !['channels', 'messages', 'reactions', 'pins'].includes(k))).to.deep.equal([]);
    const deletedTs = seeded.at(-1)!.ts!;
    expect(by.messages!.created.map((c) => c.id)).to.include(`${general.id}:${posted.ts}`);
    expect(by.messages!.created.find((c) => c.id === `${general.id}:${posted.ts}`)!.object).to.include({text: 'agent was here'});
    expect(by.messages!.created.filter((c) => c.id !== `${general.id}:${posted.ts}`).map((c) => c.object.subtype)).to.deep.equal(['channel_topic']);
    expect(by.messages!.deleted.map((c) => c.id)).to.deep.equal([`${general.id}:${deletedTs}`]);
    expect(by.messages!.updated).to.deep.equal([]);
    expect(by.reactions!.created.map((c) => c.id)).to.have.length(1);
    expect(by.reactions!.created[0]!.id).to.match(new RegExp(`^${general.id}:${seeded[0]!.ts!.replace('.', '\\.')}:tada:U`));
    for (const r of by.reactions!.deleted) expect(r.id.startsWith(`${general.id}:${deletedTs}:`), r.id).to.equal(true);
    for (const p of by.pins?.deleted ?? []) expect(p.id).to.equal(`${general.id}:${deletedTs}`);
    expect(by.channels!.updated).to.have.length(1);
    expect(by.channels!.updated[0]!.id).to.equal(general.id);
    expect(by.channels!.updated[0]!.changes.find((c) => c.field === 'topic')).to.deep.include({new: 'episode 1'});
    expect(d.totals.updated).to.equal(1);

    const restored = await world.run(['restore', slack.id, 'before', '--json']);
    expect(restored.code, restored.stderr).to.equal(0);
    expect((await diff(slack.id, '--since', 'before')).entities).to.deep.equal([]);
    expect(await redis.get(`${slack.redisPrefix}evaluation-test`)).to.equal('before');
    const history = (await user.conversations.history({channel: general.id!})).messages!;
    expect(history.map((m) => m.ts)).to.deep.equal(seeded.map((m) => m.ts));
    expect((await bot.auth.test()).ok, 'the same tokens keep working').to.equal(true);
    // Since the seed: only what spin minted (the default app and its bot user); the topic is back.
    const seed = await diff(slack.id, '--seed');
    expect(seed.since).to.deep.equal({seed: 'acme-corp'});
    expect(seed.entities.map((e) => [e.entity, e.created.length, e.updated.length, e.deleted.length])).to.deep.equal([
      ['users', 1, 0, 0],
      ['apps', 1, 0, 0],
    ]);
  });

  it('Stripe: three snapshots, restoring the middle one; updates and deletes show field by field', async () => {
    const s = stripeClient(stripe.tokens!.apiKey!, stripe.endpoints.api);
    await ok('snapshot', stripe.id, 'empty');
    const x = await s.customers.create({email: 'x@acme.test', name: 'X'});
    await ok('snapshot', stripe.id, 'one');
    const y = await s.customers.create({email: 'y@acme.test', name: 'Y'});
    await ok('snapshot', stripe.id, 'two');

    await s.customers.update(x.id, {metadata: {tier: 'gold'}, name: 'X Two'});
    await s.customers.del(y.id);
    const d = await diff(stripe.id, '--since', 'two');
    expect(d.entities.map((e) => e.entity)).to.deep.equal(['customers']);
    const customers = d.entities[0]!;
    expect(customers.deleted.map((c) => c.id)).to.deep.equal([y.id]);
    expect(customers.updated).to.deep.equal([
      {changes: [{field: 'metadata.tier', new: 'gold', old: null}, {field: 'name', new: 'X Two', old: 'X'}], id: x.id},
    ]);

    await ok('restore', stripe.id, 'one');
    expect((await s.customers.list()).data.map((c) => c.id)).to.deep.equal([x.id]);
    expect((await diff(stripe.id, '--since', 'one')).entities).to.deep.equal([]);
    const sinceEmpty = await diff(stripe.id, '--since', 'empty');
    expect(sinceEmpty.entities.map((e) => [e.entity, e.created.map((c) => c.id)])).to.deep.equal([['customers', [x.id]]]);

    const list = await world.run(['snapshots', stripe.id, '--json']);
    expect(list.json<{snapshots: SnapshotInfo[]}>().snapshots.map((x) => x.name)).to.deep.equal(['empty', 'one', 'two']);
    expect((await world.run(['snapshots', stripe.id])).stdout).to.match(/NAME\s+CREATED\s+SIZE/);
  });

  it('snapshots survive stop/start, appear in status --json, and can be deleted', async () => {
    await ok('stop', stripe.id);
    await ok('start', stripe.id);
    const st = (await world.run(['status', stripe.id, '--json'])).json<CloneStatus[]>()[0]!;
    expect(st.snapshots!.map((x) => x.name)).to.deep.equal(['empty', 'one', 'two']);
    await ok('restore', stripe.id, 'two');
    const s = stripeClient(stripe.tokens!.apiKey!, stripe.endpoints.api);
    expect((await s.customers.list()).data).to.have.length(2);
    await ok('snapshots', stripe.id, '--delete', 'empty');
    const gone = await world.run(['restore', stripe.id, 'empty', '--json']);
    expect(gone.code).to.equal(1);
    expect(gone.json<{error: {code: string}}>().error.code).to.equal('SNAPSHOT_NOT_FOUND');
    expect(await snapshotDatabases(stripe.database)).to.have.length(2);
  });

  it('names are validated; an existing name needs --force, which replaces it', async () => {
    const bad = await world.run(['snapshot', stripe.id, 'Not A Name', '--json']);
    expect(bad.code).to.equal(1);
    expect(bad.json<{error: {code: string}}>().error.code).to.equal('INVALID_INPUT');
    const dup = await world.run(['snapshot', stripe.id, 'one', '--json']);
    expect(dup.code).to.equal(1);
    expect(dup.json<{error: {code: string}}>().error.code).to.equal('SNAPSHOT_EXISTS');
    await ok('snapshot', stripe.id, 'one', '--force');
    expect((await diff(stripe.id, '--since', 'one')).entities).to.deep.equal([]);
    expect(await snapshotDatabases(stripe.database)).to.have.length(2);
  });

  it('env snapshot / env restore do every member of a 2-member environment', async () => {
    const snap = await world.run(['env', 'snapshot', 'episode', 'e1', '--json']);
    expect(snap.code, snap.stderr).to.equal(0);
    expect(snap.json<{snapshots: Array<{id: string}>}>().snapshots.map((x) => x.id).sort()).to.deep.equal([slack.id, stripe.id].sort());
    const s = stripeClient(stripe.tokens!.apiKey!, stripe.endpoints.api);
    await s.products.create({name: 'Pro'});
    const user = slackClient(slack.tokens!.userToken!, slack.endpoints.api);
    await user.conversations.create({name: 'agent-made'});
    expect((await diff(stripe.id)).totals.created, 'diff defaults to the newest snapshot').to.equal(1);
    expect((await diff(slack.id, '--since', 'e1')).entities.map((e) => e.entity)).to.include('channels');

    const restore = await world.run(['env', 'restore', 'episode', 'e1', '--json']);
    expect(restore.code, restore.stderr).to.equal(0);
    expect(restore.json<{restored: Array<{id: string}>}>().restored).to.have.length(2);
    expect((await diff(stripe.id, '--since', 'e1')).entities).to.deep.equal([]);
    expect((await diff(slack.id, '--since', 'e1')).entities).to.deep.equal([]);
  });

  it('the Stripe MCP server, driven by the MCP SDK: create a customer, list it back, see it in diff', async () => {
    await ok('snapshot', stripe.id, 'pre-mcp');
    const target = (await world.run(['mcp', stripe.id, '--json'])).json<{url: string; headers: Record<string, string>}>();
    expect(target.url).to.match(/\/mcp$/);
    const client = new Client({name: 'asym-test', version: '1.0.0'});
    await client.connect(new StreamableHTTPClientTransport(new URL(target.url), {requestInit: {headers: target.headers}}));
    try {
      const text = (r: unknown) => JSON.parse((r as {content: Array<{text: string}>}).content[0]!.text);
      const created = text(await client.callTool({arguments: {email: 'mcp@acme.test', name: 'Via MCP'}, name: 'create_customer'}));
      expect(created).to.include({email: 'mcp@acme.test', name: 'Via MCP', object: 'customer'});
      const listed = text(await client.callTool({arguments: {email: 'mcp@acme.test'}, name: 'list_customers'}));
      expect(listed.data.map((c: {id: string}) => c.id)).to.deep.equal([created.id]);
      const refused = await client.callTool({arguments: {payment_intent: 'pi_missing'}, name: 'create_refund'});
      expect(refused.isError).to.equal(true);
      const d = await diff(stripe.id, '--since', 'pre-mcp');
      expect(d.entities.map((e) => [e.entity, e.created.map((c) => c.id)])).to.deep.equal([['customers', [created.id]]]);
    } finally {
      await client.close();
    }
    const bad = await fetch(target.url, {body: JSON.stringify({id: 1, jsonrpc: '2.0', method: 'tools/list'}), headers: {authorization: 'Bearer sk_test_wrong', 'content-type': 'application/json'}, method: 'POST'});
    expect(bad.status).to.equal(401);
  });

  it('asym mcp <id> --list lists the tools of every template', async () => {
    const tools = async (id: string) => {
      const r = await world.run(['mcp', id, '--list', '--json']);
      expect(r.code, r.stderr + r.stdout).to.equal(0);
      return r.json<{tools: Array<{name: string}>}>().tools.map((t) => t.name);
    };
    expect(await tools(stripe.id)).to.include.members(['create_customer', 'list_customers', 'create_product', 'list_products', 'create_price', 'list_prices', 'create_payment_link', 'create_invoice', 'create_invoice_item', 'finalize_invoice', 'retrieve_balance', 'create_refund', 'list_payment_intents', 'list_subscriptions', 'cancel_subscription', 'update_subscription', 'search_documentation', 'list_coupons', 'create_coupon', 'list_disputes', 'update_dispute']);
    expect(await tools(slack.id)).to.include.members(['slack_list_channels', 'slack_post_message']);
    const human = await world.run(['mcp', stripe.id, '--list']);
    expect(human.stdout).to.match(/TOOL\s+REQUIRED\s+DESCRIPTION/).and.match(/create_customer\s+name/);
  });

  it('destroy drops the snapshots', async () => {
    await ok('destroy', stripe.id, '--force');
    expect(await snapshotDatabases(stripe.database)).to.deep.equal([]);
  });
});
