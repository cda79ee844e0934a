// Deliveries from a clone in Docker to the app under test on the host, registered with the same
// loopback URLs a user writes in process mode: Stripe webhooks and Slack's Events API.
import {createServer, type IncomingMessage, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';

import type {CloneInstance} from '@asym/contract';
import {App, LogLevel} from '@slack/bolt';
import {WebClient} from '@slack/web-api';
import {expect} from 'chai';
import Stripe from 'stripe';

import {removeCloneResources} from '../src/providers/docker/doctor.js';
import type {DockerEngine} from '../src/providers/docker/engine.js';
import {sharedNames} from '../src/providers/docker/settings.js';
import {removeSharedInfra, type SharedInfraOptions} from '../src/providers/docker/shared-infra.js';
import {dockerCliEnv, requireDocker} from './docker-support.js';
import {runCli} from './helpers/cli.js';
import {tempHome} from './helpers/home.js';

const until = async <T>(probe: () => Promise<T | undefined> | T | undefined, ms = 20_000): Promise<T | undefined> => {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    const v = await probe();
    if (v) return v;
  }
  return undefined;
};

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let body = '';
    req.on('data', (d) => (body += d)).on('end', () => resolve(body));
  });

describe('docker provider: deliveries to loopback URLs reach the app on the host', function () {
  this.timeout(600_000);
  let engine: DockerEngine;
  let home: ReturnType<typeof tempHome>;
  let env: NodeJS.ProcessEnv;
  let infraOpts: SharedInfraOptions;
  const clones: CloneInstance[] = [];
  const run = (args: string[]) => runCli(args, env, 240_000);

  before(async function () {
    const ready = await requireDocker(this);
    engine = ready.engine;
    home = tempHome('asym-docker-deliveries-');
    const from = 24_000 + Math.floor(Math.random() * 100) * 100;
    env = dockerCliEnv(ready.images, home.home, 'asym-deliveries');
    infraOpts = {engine, images: ready.images, ...sharedNames(env)};
    expect((await run(['config', 'set', 'portRange', `${from}-${from + 99}`])).code).to.equal(0);
    // Two images to build and start on the first spin: give it more than one command's usual time.
    const r = await runCli(['spin', 'slack', 'stripe', '--seed', 'slack=acme-corp', '--json'], env, 480_000);
    expect(r.code, r.stderr + r.stdout).to.equal(0);
    clones.push(...r.json<CloneInstance[]>());
  });

  after(async function () {
    this.timeout(120_000);
    if (!env) return;
    for (const c of clones) {
      await run(['destroy', c.id, '--force']);
      await removeCloneResources(engine, c.id);
    }
    await removeSharedInfra(infraOpts, {volumes: true});
    home.cleanup();
  });

  it('a Stripe webhook endpoint at http://127.0.0.1:<port> gets a signed event that constructEvent verifies', async () => {
    const clone = clones.find((c) => c.template === 'stripe')!;
    const got: Array<{body: string; signature: string}> = [];
    // Listening as apps do by default (all interfaces): from a container the host is the gateway.
    const server: Server = createServer(async (req, res) => {
      got.push({body: await readBody(req), signature: String(req.headers['stripe-signature'])});
      res.writeHead(200).end('{}');
    });
    await new Promise<void>((r) => server.listen(0, r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
      const api = new URL(clone.endpoints.api!);
      const stripe = new Stripe(clone.tokens!.apiKey!, {host: api.hostname, maxNetworkRetries: 0, port: Number(api.port), protocol: 'http'});
      const endpoint = await stripe.webhookEndpoints.create({enabled_events: ['customer.created'], url});
      expect(endpoint.url, 'the URL is shown back as registered').to.equal(url);
      const customer = await stripe.customers.create({email: 'docker@acme.test'});
      expect(await until(() => got.length > 0), 'a delivery arrived').to.equal(true);
      const event = Stripe.webhooks.constructEvent(got[0]!.body, got[0]!.signature, endpoint.secret!);
      expect(event.type).to.equal('customer.created');
      expect((event.data.object as Stripe.Customer).id).to.equal(customer.id);
    } finally {
      server.close();
    }
  });

  it('a Bolt app at http://localhost:<port>/slack/events passes URL verification and receives a message event', async () => {
    const clone = clones.find((c) => c.template === 'slack')!;
    const api = `${clone.endpoints.api}/`;
    const bolt = new App({clientOptions: {slackApiUrl: api}, logLevel: LogLevel.ERROR, signingSecret: clone.tokens!.extra!.signingSecret!, token: clone.tokens!.botToken});
    const heard: string[] = [];
    bolt.message(async ({message}) => {
      heard.push((message as {text?: string}).text ?? '');
    });
    const server = (await bolt.start(0)) as Server;
    try {
      const url = `http://localhost:${(server.address() as AddressInfo).port}/slack/events`;
      const set = await run(['request-url', clone.id, url, '--json']);
      expect(set.code, set.stderr + set.stdout).to.equal(0);
      const bot = new WebClient(clone.tokens!.botToken!, {retryConfig: {retries: 0}, slackApiUrl: api});
      const user = new WebClient(clone.tokens!.userToken!, {retryConfig: {retries: 0}, slackApiUrl: api});
      const general = ((await user.conversations.list({types: 'public_channel'})).channels ?? []).find((c) => c.name === 'general')!;
      await bot.conversations.join({channel: general.id!});
      await user.chat.postMessage({channel: general.id!, text: 'hello from the host'});
      expect(await until(() => heard.includes('hello from the host')), 'Bolt heard the message').to.equal(true);
    } finally {
      await bolt.stop();
    }
  });
});
