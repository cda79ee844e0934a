/** The Stripe clone's backend: `/v1/*` routes over a JSON document store, events and signed webhooks. */
import type {BackendDefinition} from '@asym/template-kit';

import {Api} from './api.js';
import {mountStripeMcp} from './mcp.js';
import {provision} from './provision.js';
import * as balance from './resources/balance.js';
import * as billingPortal from './resources/billing_portal.js';
import * as charges from './resources/charges.js';
import * as checkout from './resources/checkout.js';
import * as connect from './resources/connect.js';
import * as coupons from './resources/coupons.js';
import * as creditNotes from './resources/credit_notes.js';
import * as customerBalance from './resources/customer_balance.js';
import * as customers from './resources/customers.js';
import * as disputes from './resources/disputes.js';
import * as events from './resources/events.js';
import * as generic from './resources/generic.js';
import * as invoiceItems from './resources/invoiceitems.js';
import * as invoices from './resources/invoices.js';
import * as issuing from './resources/issuing.js';
import * as misc from './resources/misc.js';
import * as paymentIntents from './resources/payment_intents.js';
import * as paymentLinks from './resources/payment_links.js';
import * as paymentMethods from './resources/payment_methods.js';
import * as payouts from './resources/payouts.js';
import * as prices from './resources/prices.js';
import * as products from './resources/products.js';
import * as quotes from './resources/quotes.js';
import * as refunds from './resources/refunds.js';
import * as setupIntents from './resources/setup_intents.js';
import * as sources from './resources/sources.js';
import * as subscriptionItems from './resources/subscription_items.js';
import * as subscriptionSchedules from './resources/subscription_schedules.js';
import * as subscriptions from './resources/subscriptions.js';
import * as testClocks from './resources/test_clocks.js';
import * as tokens from './resources/tokens.js';
import * as webhookEndpoints from './resources/webhook_endpoints.js';
import {Router} from './router.js';

export const RESOURCES = [customers, products, prices, paymentMethods, paymentIntents, charges, refunds, setupIntents, invoiceItems, invoices, subscriptions, subscriptionItems, subscriptionSchedules, testClocks, coupons, creditNotes, checkout, paymentLinks, billingPortal, quotes, disputes, sources, payouts, misc, issuing, connect, balance, events, webhookEndpoints, tokens, customerBalance];

const apis = new WeakMap<object, Api>();

export const stripeBackend: BackendDefinition = {
  template: 'stripe',
  routes(app, ctx) {
    const api = new Api(ctx);
    apis.set(ctx, api);
    mountStripeMcp(app, ctx);
    const router = new Router();
    for (const r of RESOURCES) r.register(router);
    // Last: every route of the SDK's catalogue that no resource family serves.
    generic.register(router);
    router.mount(app, api);
  },
  async provision(ctx, request) {
    apis.get(ctx)?.keys.clear();
    return provision(ctx, request);
  },
  onReset(ctx) {
    const api = apis.get(ctx);
    api?.keys.clear();
    api?.store.forgetCaches();
    api?.events.reset();
  },
  async onClose(ctx) {
    const api = apis.get(ctx);
    await api?.settle();
    api?.events.queue.close();
  },
};

/** The Api of a running backend (tests wait on its webhook queue). */
export const apiOf = (ctx: object): Api | undefined => apis.get(ctx);
