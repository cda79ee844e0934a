// Signed webhook deliveries to a real HTTP receiver, verified with the SDK's own LinearWebhookClient.
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';

import {LinearWebhookClient} from '@linear/sdk/webhooks';
import {expect} from 'chai';

import {type LinearClone, startLinearClone} from './helpers.js';

interface Received {
  headers: Record<string, string | string[] | undefined>;
  raw: string;
}

async function receiver(status: (n: number) => number): Promise<{server: Server; url: string; got: Received[]}> {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      got.push({headers: req.headers, raw});
      res.statusCode = status(got.length);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {got, server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`};
}

describe('linear template: webhooks', function () {
  let c: LinearClone;
  const servers: Server[] = [];
  const saved = process.env.ASYM_LINEAR_WEBHOOK_RETRY_MS;

  before(async () => {
    process.env.ASYM_LINEAR_WEBHOOK_RETRY_MS = '50,50,50';
    c = await startLinearClone();
  });
  after(async () => {
    if (saved === undefined) delete process.env.ASYM_LINEAR_WEBHOOK_RETRY_MS;
    else process.env.ASYM_LINEAR_WEBHOOK_RETRY_MS = saved;
    await c?.dispose();
    for (const s of servers) s.close();
  });

  it('delivers an issue create and update, signed with Linear-Signature over the raw body', async () => {
    const r = await receiver(() => 200);
    servers.push(r.server);
    const secret = 'lin_wh_test_secret_0123456789';
    const hook = await (await c.linear.createWebhook({label: 'test', resourceTypes: ['Issue'], secret, url: r.url})).webhook;
    expect(hook!.resourceTypes).to.deep.equal(['Issue']);
    const eng = (await c.linear.teams({filter: {key: {eq: 'ENG'}}})).nodes[0]!;
    const issue = (await (await c.linear.createIssue({teamId: eng.id, title: 'Hooked'})).issue)!;
    await c.linear.updateIssue(issue.id, {priority: 1, title: 'Hooked and renamed'});
    await c.linear.createComment({body: 'not subscribed: no delivery', issueId: issue.id});
    await c.webhooksIdle();

    expect(r.got).to.have.length(2);
    const verifier = new LinearWebhookClient(secret);
    const [create, update] = r.got.map((g) => {
      const body = JSON.parse(g.raw);
      expect(verifier.verify(Buffer.from(g.raw), String(g.headers['linear-signature']), body.webhookTimestamp)).to.equal(true);
      expect(g.headers['linear-event']).to.equal('Issue');
      expect(g.headers['linear-delivery']).to.match(/^[0-9a-f-]{36}$/);
      return body;
    });
    expect(create).to.include({action: 'create', type: 'Issue', webhookId: hook!.id});
    expect(create.organizationId).to.equal((await c.linear.organization).id);
    expect(create.data).to.include({id: issue.id, identifier: issue.identifier, title: 'Hooked'});
    expect(create.data.team).to.deep.equal({id: eng.id, key: 'ENG', name: 'Engineering'});
    expect(create.url).to.include(`/issue/${issue.identifier}/`);
    expect(update.action).to.equal('update');
    expect(update.data.title).to.equal('Hooked and renamed');
    expect(update.updatedFrom).to.include({priority: 0, title: 'Hooked'});
    expect(Math.abs(Date.now() - update.webhookTimestamp)).to.be.lessThan(60_000);
    expect(() => verifier.verify(Buffer.from(r.got[0]!.raw), 'f'.repeat(64), create.webhookTimestamp)).to.throw('Invalid webhook signature');
    await c.linear.deleteWebhook(hook!.id);
  });

  it('retries a receiver that fails, with a fresh timestamp and signature each attempt', async () => {
    const r = await receiver((n) => (n < 3 ? 500 : 200));
    servers.push(r.server);
    const secret = 'lin_wh_retry_secret';
    await c.linear.createWebhook({resourceTypes: ['Comment'], secret, url: r.url});
    const issue = (await c.linear.issues({first: 1})).nodes[0]!;
    await c.linear.createComment({body: 'retry me', issueId: issue.id});
    await c.webhooksIdle();
    expect(r.got).to.have.length(3);
    const deliveries = new Set(r.got.map((g) => g.headers['linear-delivery']));
    expect(deliveries.size).to.equal(1);
    const verifier = new LinearWebhookClient(secret);
    for (const g of r.got) {
      const body = JSON.parse(g.raw);
      expect(verifier.verify(Buffer.from(g.raw), String(g.headers['linear-signature']), String(g.headers['linear-timestamp']))).to.equal(true);
      expect(body).to.include({action: 'create', type: 'Comment'});
      expect(body.data.body).to.equal('retry me');
    }
  });
});
