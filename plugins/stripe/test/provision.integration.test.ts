import {readFileSync} from 'node:fs';

import {expect} from 'chai';
import Stripe from 'stripe';

import {provision, root, startStripeClone} from './helpers.js';

const sdk = (port: number, key: string) => new Stripe(key, {host: '127.0.0.1', maxNetworkRetries: 0, port, protocol: 'http'});

describe('stripe clone: provisioning keys', () => {
  it('mints a working sk_test_ key on an empty database and on the fixture; the fixture\'s well-known key is revoked', async () => {
    for (const fixture of [false, true]) {
      const c = await startStripeClone({fixture});
      try {
        expect(c.tokens.apiKey).to.match(/^sk_test_51/);
        expect(c.tokens.workspaceId).to.match(/^acct_/);
        expect(c.tokens.extra?.publishableKey).to.match(/^pk_test_51/);
        expect((await c.stripe.customers.list()).object).to.equal('list');
        if (fixture) {
          expect(c.tokens.workspaceId).to.equal('acct_1AsymmetricSeed');
          const seeded = sdk(c.clone.port, 'sk_test_asymmetric000000000000stripe');
          expect(await seeded.customers.list().catch((e: Stripe.errors.StripeError) => e)).to.be.instanceOf(Stripe.errors.StripeAuthenticationError);
          // Not after a reset's restore or a reprovision either.
          await fetch(`${c.clone.url}/_asym/reset`, {method: 'POST'});
          await c.clone.ctx.db.query(readFileSync(`${root}seeds/acct.sql`, 'utf8').replace(/INSERT INTO accounts[^;]*;/, ''));
          await provision(c.clone, {kind: 'restore', previous: c.tokens});
          expect(await seeded.customers.list().catch((e: Stripe.errors.StripeError) => e)).to.be.instanceOf(Stripe.errors.StripeAuthenticationError);
          await c.clone.ctx.db.query(readFileSync(`${root}seeds/acct.sql`, 'utf8').replace(/INSERT INTO accounts[^;]*;/, ''));
          await provision(c.clone, {kind: 'reprovision', previous: c.tokens});
          expect(await seeded.customers.list().catch((e: Stripe.errors.StripeError) => e)).to.be.instanceOf(Stripe.errors.StripeAuthenticationError);
        }
      } finally {
        await c.dispose();
      }
    }
  });

  it('reprovision revokes the old key; restore after a reset brings back the same key', async () => {
    const c = await startStripeClone();
    try {
      const first = c.tokens;
      const cust = await c.stripe.customers.create({email: 'before-reset@example.com'});
      const second = await provision(c.clone, {kind: 'reprovision', previous: first});
      expect(second.apiKey).to.not.equal(first.apiKey);
      const old = await sdk(c.clone.port, first.apiKey!).customers.list().catch((e: Stripe.errors.StripeError) => e);
      expect(old).to.be.instanceOf(Stripe.errors.StripeAuthenticationError);
      const fresh = sdk(c.clone.port, second.apiKey!);
      expect((await fresh.customers.retrieve(cust.id)).id).to.equal(cust.id);

      // What the CLI's reset does: the database goes back to migrations + fixture, then /_asym/reset.
      const db = c.clone.ctx.db;
      await db.query('TRUNCATE accounts, api_keys, objects, idempotency_keys CASCADE');
      await db.query(readFileSync(`${root}seeds/acct.sql`, 'utf8'));
      await fetch(`${c.clone.url}/_asym/reset`, {method: 'POST'});
      const gone = await fresh.customers.list().catch((e: Stripe.errors.StripeError) => e);
      expect(gone).to.be.instanceOf(Stripe.errors.StripeAuthenticationError);

      const restored = await provision(c.clone, {kind: 'restore', previous: second});
      expect(restored).to.deep.equal(second);
      const after = await fresh.customers.list();
      expect(after.data).to.have.length(0);
    } finally {
      await c.dispose();
    }
  });
});
