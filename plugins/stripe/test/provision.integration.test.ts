import {readFileSync} from 'node:fs';

import {expect} from 'chai';
import Stripe from 'stripe';

import {FIXTURE_KEY} from '../src/backend/provision.js';
import {provision, root, startStripeClone, type StripeClone} from './helpers.js';

/** What the CLI's reset does to the database: back to migrations + the fixture, then /_asym/reset. */
async function reseed(c: StripeClone, fixture = 'acct-known-key') {
  await c.clone.ctx.db.query('TRUNCATE accounts, api_keys, objects, idempotency_keys CASCADE');
  await c.clone.ctx.db.query(readFileSync(`${root}seeds/${fixture}.sql`, 'utf8'));
  await fetch(`${c.clone.url}/_asym/reset`, {method: 'POST'});
}

describe('stripe clone: provisioning keys', () => {
  it('mints a working sk_test_ key on an empty database and on the fixture; the well-known key works on no clone by default', async () => {
    for (const fixture of [false, true]) {
      const c = await startStripeClone({fixture});
      try {
        expect(c.tokens.apiKey).to.match(/^sk_test_51/);
        expect(c.tokens.workspaceId).to.match(/^acct_/);
        expect(c.tokens.extra?.publishableKey).to.match(/^pk_test_51/);
        expect(c.tokens.extra).to.not.have.property('fixtureKey');
        expect((await c.stripe.customers.list()).object).to.equal('list');
        expect(await c.sdk(FIXTURE_KEY).customers.list().catch((e: Stripe.errors.StripeError) => e)).to.be.instanceOf(Stripe.errors.StripeAuthenticationError);
        if (fixture) expect(c.tokens.workspaceId).to.equal('acct_1AsymmetricSeed');
      } finally {
        await c.dispose();
      }
    }
  });

  it('the opt-in fixture acct-known-key keeps the well-known key: listed in the tokens, kept by a reset, revoked by reprovision for good', async () => {
    const c = await startStripeClone({fixture: 'acct-known-key'});
    try {
      const rejected = async () => expect(await c.sdk(FIXTURE_KEY).customers.list().catch((e: Stripe.errors.StripeError) => e)).to.be.instanceOf(Stripe.errors.StripeAuthenticationError);
      expect(c.tokens.extra?.fixtureKey).to.equal(FIXTURE_KEY);
      expect((await c.sdk(FIXTURE_KEY).customers.list()).object).to.equal('list');
      // A reset: the fixture again, then restore with the clone's tokens (which list the key).
      await reseed(c);
      expect(await provision(c.clone, {kind: 'restore', previous: c.tokens})).to.deep.equal(c.tokens);
      expect((await c.sdk(FIXTURE_KEY).customers.list()).object).to.equal('list');
      // Seeding the plain fixture removes the key, and the tokens stop listing it.
      await reseed(c, 'acct');
      const plain = await provision(c.clone, {kind: 'restore', previous: c.tokens});
      expect(plain.extra).to.not.have.property('fixtureKey');
      expect(plain.apiKey).to.equal(c.tokens.apiKey);
      await rejected();
      await reseed(c);
      expect(await provision(c.clone, {kind: 'restore', previous: c.tokens})).to.deep.equal(c.tokens);
      const fresh = await provision(c.clone, {kind: 'reprovision', previous: c.tokens});
      expect(fresh.extra).to.not.have.property('fixtureKey');
      await rejected();
      // The next reset seeds the fixture again; the tokens no longer list the key, so restore revokes it.
      await reseed(c);
      await provision(c.clone, {kind: 'restore', previous: fresh});
      await rejected();
      expect((await c.sdk(fresh.apiKey!).customers.list()).object).to.equal('list');
    } finally {
      await c.dispose();
    }
  });

  it('reprovision revokes the old key; restore after a reset brings back the same key', async () => {
    const c = await startStripeClone();
    try {
      const first = c.tokens;
      const cust = await c.stripe.customers.create({email: 'before-reset@example.com'});
      const second = await provision(c.clone, {kind: 'reprovision', previous: first});
      expect(second.apiKey).to.not.equal(first.apiKey);
      const old = await c.sdk(first.apiKey!).customers.list().catch((e: Stripe.errors.StripeError) => e);
      expect(old).to.be.instanceOf(Stripe.errors.StripeAuthenticationError);
      const fresh = c.sdk(second.apiKey!);
      expect((await fresh.customers.retrieve(cust.id)).id).to.equal(cust.id);

      await reseed(c, 'acct');
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
