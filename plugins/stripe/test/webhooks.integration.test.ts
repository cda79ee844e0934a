import {createServer, type IncomingMessage, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';

import {expect} from 'chai';
import Stripe from 'stripe';

import {type StripeClone, startStripeClone} from './helpers.js';

interface Received {
  body: string;
  signature: string;
}

/** A local webhook receiver on a port the OS picks; `failFirst` answers 500 to that many deliveries. */
async function receiver(failFirst = 0): Promise<{url: string; got: Received[]; attempts: number; server: Server}> {
  const state = {attempts: 0, got: [] as Received[]};
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      state.attempts++;
      if (state.attempts <= failFirst) {
        res.writeHead(500).end('try again');
        return;
      }
      state.got.push({body: Buffer.concat(chunks).toString('utf8'), signature: String(req.headers['stripe-signature'])});
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const {port} = server.address() as AddressInfo;
  return {
    get attempts() {
      return state.attempts;
    },
    got: state.got,
    server,
    url: `http://127.0.0.1:${port}/hooks`,
  };
}

describe('stripe clone: signed webhooks', () => {
  let c: StripeClone;
  const servers: Server[] = [];
  before(async () => {
    process.env.ASYM_STRIPE_WEBHOOK_RETRY_MS = '50,100';
    c = await startStripeClone();
  });
  after(async () => {
    delete process.env.ASYM_STRIPE_WEBHOOK_RETRY_MS;
    await c?.dispose();
    for (const s of servers) s.close();
  });

  it('delivers the enabled events, signed so stripe.webhooks.constructEvent verifies them', async () => {
    const r = await receiver();
    servers.push(r.server);
    const endpoint = await c.stripe.webhookEndpoints.create({enabled_events: ['customer.created', 'payment_intent.succeeded'], url: r.url});
    expect(endpoint.secret).to.match(/^whsec_/);
    const again = await c.stripe.webhookEndpoints.retrieve(endpoint.id);
    expect(again.secret).to.equal(undefined);

    const customer = await c.stripe.customers.create({email: 'hook@example.com'});
    await c.stripe.customers.update(customer.id, {name: 'not enabled'});
    const pi = await c.stripe.paymentIntents.create({amount: 999, confirm: true, currency: 'usd', payment_method: 'pm_card_visa', payment_method_types: ['card']});
    await c.webhooksIdle();

    const events = r.got.map((g) => Stripe.webhooks.constructEvent(g.body, g.signature, endpoint.secret!));
    expect(events.map((e) => e.type)).to.deep.equal(['customer.created', 'payment_intent.succeeded']);
    expect((events[0]!.data.object as Stripe.Customer).id).to.equal(customer.id);
    expect((events[1]!.data.object as Stripe.PaymentIntent).id).to.equal(pi.id);
    const stored = await c.stripe.events.retrieve(events[0]!.id);
    expect(stored.type).to.equal('customer.created');
    expect(() => Stripe.webhooks.constructEvent(r.got[0]!.body, r.got[0]!.signature, 'whsec_wrong')).to.throw(/signature/i);
    const tampered = r.got[0]!.body.replace(customer.id, 'cus_someoneelse');
    expect(() => Stripe.webhooks.constructEvent(tampered, r.got[0]!.signature, endpoint.secret!)).to.throw(/signature/i);
    await c.stripe.webhookEndpoints.del(endpoint.id);
    const typo = await c.stripe.webhookEndpoints.create({enabled_events: ['customer.craeted' as 'customer.created'], url: r.url}).catch((e: Stripe.errors.StripeError) => e);
    expect((typo as Stripe.errors.StripeError).statusCode).to.equal(400);
    expect((typo as Stripe.errors.StripeError).param).to.equal('enabled_events[0]');
  });

  it('retries a failed delivery until the endpoint accepts it', async () => {
    const r = await receiver(2);
    servers.push(r.server);
    const endpoint = await c.stripe.webhookEndpoints.create({enabled_events: ['product.created'], url: r.url});
    const product = await c.stripe.products.create({name: 'Retried'});
    await c.webhooksIdle();
    expect(r.attempts).to.equal(3);
    expect(r.got).to.have.length(1);
    const event = Stripe.webhooks.constructEvent(r.got[0]!.body, r.got[0]!.signature, endpoint.secret!);
    expect((event.data.object as Stripe.Product).id).to.equal(product.id);
    const stored = await c.stripe.events.retrieve(event.id);
    expect(stored.pending_webhooks).to.equal(0);
    await c.stripe.webhookEndpoints.del(endpoint.id);
  });
});
