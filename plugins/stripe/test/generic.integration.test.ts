// Resource families served by the generic stateful CRUD (no lifecycle of their own), and the small
// ones added beside it, each through a create → retrieve → update → list → delete (or action)
// journey with the official SDK.
import {expect} from 'chai';
import type Stripe from 'stripe';

import {publicView} from '../src/backend/shapes.js';
import {failure, type StripeClone, withStripeClone} from './helpers.js';
import {requiredFindings} from './support/typings.js';

describe('stripe clone: families without a lifecycle, through the generic CRUD', () => {
  let c: StripeClone;
  let stripe: Stripe;
  withStripeClone((clone) => {
    c = clone;
    stripe = clone.stripe;
  });

  it('customer tax ids: create under the customer, retrieve, list, delete; 404 under a missing customer', async () => {
    const customer = await stripe.customers.create({name: 'Acme GmbH'});
    const taxId = await stripe.customers.createTaxId(customer.id, {type: 'eu_vat', value: 'DE123456789'});
    expect(taxId).to.include({customer: customer.id, object: 'tax_id', type: 'eu_vat', value: 'DE123456789'});
    expect(taxId.id).to.match(/^txi_/);
    expect((await stripe.customers.retrieveTaxId(customer.id, taxId.id)).value).to.equal('DE123456789');
    expect((await stripe.customers.listTaxIds(customer.id)).data.map((t) => t.id)).to.deep.equal([taxId.id]);
    expect(await stripe.customers.deleteTaxId(customer.id, taxId.id)).to.include({deleted: true, id: taxId.id});
    expect((await stripe.customers.listTaxIds(customer.id)).data).to.deep.equal([]);
    expect((await failure(stripe.customers.listTaxIds('cus_nope'))).statusCode).to.equal(404);
  });

  it("customer balance transactions move the customer's balance", async () => {
    const customer = await stripe.customers.create({});
    const credit = await stripe.customers.createBalanceTransaction(customer.id, {amount: -1500, currency: 'usd', description: 'goodwill'});
    expect(credit).to.include({amount: -1500, customer: customer.id, ending_balance: -1500, object: 'customer_balance_transaction', type: 'adjustment'});
    await stripe.customers.createBalanceTransaction(customer.id, {amount: 500, currency: 'usd'});
    expect(((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).balance).to.equal(-1000);
    expect((await stripe.customers.listBalanceTransactions(customer.id)).data.map((t) => t.ending_balance)).to.deep.equal([-1000, -1500]);
    expect((await stripe.customers.updateBalanceTransaction(customer.id, credit.id, {description: 'apology'})).description).to.equal('apology');
    expect((await stripe.customers.retrieveBalanceTransaction(customer.id, credit.id)).description).to.equal('apology');
    expect((await failure(stripe.customers.listBalanceTransactions('cus_nope'))).statusCode).to.equal(404);
  });

  it('terminal locations: create, retrieve, update, list, delete', async () => {
    const address = {city: 'Berlin', country: 'DE', line1: 'Unter den Linden 1', postal_code: '10117'};
    const loc = await stripe.terminal.locations.create({address, display_name: 'Flagship', metadata: {floor: '1'}});
    expect(loc).to.include({display_name: 'Flagship', livemode: false, object: 'terminal.location'});
    expect(loc.address).to.deep.include(address);
    expect(loc.id).to.match(/^tml_/);
    const updated = await stripe.terminal.locations.update(loc.id, {display_name: 'Flagship store', metadata: {floor: '2'}});
    expect(updated).to.include({display_name: 'Flagship store'});
    expect(updated.metadata).to.deep.equal({floor: '2'});
    expect(((await stripe.terminal.locations.retrieve(loc.id)) as Stripe.Terminal.Location).display_name).to.equal('Flagship store');
    expect((await stripe.terminal.locations.list()).data.map((l) => l.id)).to.include(loc.id);
    expect(await stripe.terminal.locations.del(loc.id)).to.include({deleted: true});
    const gone = await failure(stripe.terminal.locations.retrieve(loc.id));
    expect(gone.statusCode).to.equal(404);
    expect(gone.code).to.equal('resource_missing');
  });

  it('radar value lists and their items, listed by value_list', async () => {
    const list = await stripe.radar.valueLists.create({alias: 'blocked_emails', item_type: 'email', name: 'Blocked emails'});
    expect(list).to.include({alias: 'blocked_emails', item_type: 'email', object: 'radar.value_list'});
    const item = await stripe.radar.valueListItems.create({value: 'fraud@example.com', value_list: list.id});
    const other = await stripe.radar.valueLists.create({alias: 'other', name: 'Other'});
    await stripe.radar.valueListItems.create({value: 'x@example.com', value_list: other.id});
    expect(item).to.include({object: 'radar.value_list_item', value: 'fraud@example.com', value_list: list.id});
    expect((await stripe.radar.valueListItems.list({value_list: list.id})).data.map((i) => i.id)).to.deep.equal([item.id]);
    expect((await stripe.radar.valueListItems.del(item.id)).deleted).to.equal(true);
    expect((await stripe.radar.valueLists.update(list.id, {name: 'Blocked'})).name).to.equal('Blocked');
  });

  it('connected accounts: persons and external accounts (from a bank account token) under the account', async () => {
    const account = await stripe.accounts.create({country: 'US', type: 'custom'});
    const person = await stripe.accounts.createPerson(account.id, {email: 'dana@example.com', first_name: 'Dana'});
    expect(person).to.include({account: account.id, first_name: 'Dana', object: 'person'});
    expect((await stripe.accounts.updatePerson(account.id, person.id, {last_name: 'Scully'})).last_name).to.equal('Scully');
    expect((await stripe.accounts.listPersons(account.id)).data.map((p) => p.id)).to.deep.equal([person.id]);
    const tok = await stripe.tokens.create({bank_account: {account_number: '000123456789', country: 'US', currency: 'usd', routing_number: '110000000'}});
    const ext = (await stripe.accounts.createExternalAccount(account.id, {external_account: tok.id})) as Stripe.BankAccount;
    expect(ext).to.include({last4: '6789', object: 'bank_account', routing_number: '110000000'});
    expect((await stripe.accounts.listExternalAccounts(account.id)).data.map((e) => e.id)).to.deep.equal([ext.id]);
    expect((await stripe.accounts.deletePerson(account.id, person.id)).deleted).to.equal(true);
    expect((await failure(stripe.accounts.listPersons('acct_nope'))).code).to.equal('resource_missing');
  });

  it('shipping rates, tax settings (a singleton), reference data, and an action that moves status', async () => {
    const rate = await stripe.shippingRates.create({display_name: 'Ground', fixed_amount: {amount: 500, currency: 'usd'}, type: 'fixed_amount'});
    expect(rate).to.include({active: true, display_name: 'Ground', object: 'shipping_rate'});
    expect(rate.id).to.match(/^shr_/);
    expect((await stripe.shippingRates.update(rate.id, {active: false})).active).to.equal(false);
    expect((await stripe.shippingRates.list({active: false})).data.map((r) => r.id)).to.deep.equal([rate.id]);

    const settings = await stripe.tax.settings.update({defaults: {tax_behavior: 'exclusive'}});
    expect(settings.object).to.equal('tax.settings');
    expect((await stripe.tax.settings.retrieve()).defaults).to.deep.include({tax_behavior: 'exclusive'});

    const code = await stripe.taxCodes.retrieve('txcd_99999999');
    expect(code).to.include({id: 'txcd_99999999', object: 'tax_code'});

    const customer = await stripe.customers.create({});
    const topup = await stripe.topups.create({amount: 1000, currency: 'usd'});
    expect(topup.object).to.equal('topup');
    // Top-ups succeed at once here, and Stripe cancels only pending ones.
    expect((await failure(stripe.topups.cancel(topup.id))).code).to.equal('invalid_state');
    const alert = await stripe.billing.alerts.create({alert_type: 'usage_threshold', title: 'High usage', usage_threshold: {gte: 1000, meter: 'mtr_test', recurrence: 'one_time'}});
    expect(alert.object).to.equal('billing.alert');
    expect((await stripe.billing.alerts.archive(alert.id)).status).to.equal('archived');
    const session = await stripe.customerSessions.create({components: {pricing_table: {enabled: true}}, customer: customer.id});
    expect(session).to.include({customer: customer.id, object: 'customer_session'});
  });

  it("every object these families stored carries the fields the current SDK's typings require, with a value", async () => {
    const r = await c.clone.ctx.db.query('SELECT DISTINCT ON (type) type, data FROM objects ORDER BY type, seq DESC');
    const {checked, findings} = requiredFindings(r.rows.map((row: {data: Record<string, unknown>}) => publicView(row.data)));
    expect(checked).to.be.at.least(10);
    expect(findings).to.deep.equal([]);
  });
});
