/**
 * MCP for the Stripe clone: the tools of Stripe's official agent toolkit / MCP server, with its tool
 * names and arguments, each running the clone's own `/v1` route in-process with the caller's
 * secret key (Bearer), so auth, validation, objects and events are exactly those of the REST API.
 */
import {type BackendContext, credentialFromHeader, hashToken, type Hono, type McpRoute, type McpTool, mountMcp} from '@asym/template-kit';

const str = (description: string) => ({description, type: 'string'});
const int = (description: string) => ({description, type: 'integer'});
const limit = {description: 'A limit on the number of objects to be returned. Limit can range between 1 and 100.', maximum: 100, minimum: 1, type: 'integer'};
const object = (properties: Record<string, unknown>, required: string[] = []) => ({properties, type: 'object', ...(required.length > 0 ? {required} : {})});
/** Only the arguments that were given (the routes treat an absent parameter as its default). */
const given = (a: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.filter((k) => a[k] !== undefined && a[k] !== null).map((k) => [k, a[k]]));
const enc = encodeURIComponent;

type Tool = Omit<McpTool, 'route'> & {route?: (a: Record<string, any>) => McpRoute};
const get = (path: string, query: Record<string, unknown> = {}): McpRoute => ({method: 'GET', path, query});
const post = (path: string, form: Record<string, unknown> = {}): McpRoute => ({form, method: 'POST', path});

export const STRIPE_TOOLS: Tool[] = [
  {
    description: 'This tool will create a customer in Stripe.',
    inputSchema: object({email: str('The email of the customer'), name: str('The name of the customer')}, ['name']),
    name: 'create_customer',
    route: (a) => post('/v1/customers', given(a, ['name', 'email'])),
  },
  {
    description: 'This tool will fetch a list of Customers from Stripe.',
    inputSchema: object({email: str("A case-sensitive filter on the list based on the customer's email field."), limit}),
    name: 'list_customers',
    route: (a) => get('/v1/customers', given(a, ['limit', 'email'])),
  },
  {
    description: 'This tool will create a product in Stripe.',
    inputSchema: object({description: str('The description of the product.'), name: str('The name of the product.')}, ['name']),
    name: 'create_product',
    route: (a) => post('/v1/products', given(a, ['name', 'description'])),
  },
  {
    description: 'This tool will fetch a list of Products from Stripe.',
    inputSchema: object({limit}),
    name: 'list_products',
    route: (a) => get('/v1/products', given(a, ['limit'])),
  },
  {
    description: 'This tool will create a price in Stripe. If a product has not already been specified, a product should be created first.',
    inputSchema: object({currency: str('The currency of the price.'), product: str('The ID of the product to create the price for.'), unit_amount: int('The unit amount of the price in cents.')}, ['product', 'unit_amount', 'currency']),
    name: 'create_price',
    route: (a) => post('/v1/prices', given(a, ['product', 'unit_amount', 'currency'])),
  },
  {
    description: 'This tool will fetch a list of Prices from Stripe.',
    inputSchema: object({limit, product: str('The ID of the product to list prices for.')}),
    name: 'list_prices',
    route: (a) => get('/v1/prices', given(a, ['product', 'limit'])),
  },
  {
    description: 'This tool will create a payment link in Stripe.',
    inputSchema: object({price: str('The ID of the price to create the payment link for.'), quantity: int('The quantity of the product to include.')}, ['price', 'quantity']),
    name: 'create_payment_link',
    route: (a) => post('/v1/payment_links', {line_items: [{price: a.price, quantity: a.quantity}]}),
  },
  {
    description: 'This tool will create an invoice in Stripe.',
    inputSchema: object({customer: str('The ID of the customer to create the invoice for.'), days_until_due: int('The number of days until the invoice is due.')}, ['customer']),
    name: 'create_invoice',
    route: (a) => post('/v1/invoices', {collection_method: 'send_invoice', customer: a.customer, days_until_due: a.days_until_due ?? 30}),
  },
  {
    description: 'This tool will fetch a list of Invoices from Stripe.',
    inputSchema: object({customer: str('The ID of the customer to list invoices for.'), limit}),
    name: 'list_invoices',
    route: (a) => get('/v1/invoices', given(a, ['customer', 'limit'])),
  },
  {
    description: 'This tool will create an invoice item in Stripe.',
    inputSchema: object({customer: str('The ID of the customer to create the invoice item for.'), invoice: str('The ID of the invoice to create the item for.'), price: str('The ID of the price for the item.')}, ['customer', 'price', 'invoice']),
    name: 'create_invoice_item',
    route: (a) => post('/v1/invoiceitems', given(a, ['customer', 'price', 'invoice'])),
  },
  {
    description: 'This tool will finalize an invoice in Stripe.',
    inputSchema: object({invoice: str('The ID of the invoice to finalize.')}, ['invoice']),
    name: 'finalize_invoice',
    route: (a) => post(`/v1/invoices/${enc(a.invoice)}/finalize`),
  },
  {
    description: 'This tool will retrieve the balance from Stripe. It takes no input.',
    inputSchema: object({}),
    name: 'retrieve_balance',
    route: () => get('/v1/balance'),
  },
  {
    description: 'This tool will refund a payment intent in Stripe.',
    inputSchema: object({amount: int('The amount to refund in cents.'), payment_intent: str('The ID of the PaymentIntent to refund.')}, ['payment_intent']),
    name: 'create_refund',
    route: (a) => post('/v1/refunds', given(a, ['payment_intent', 'amount'])),
  },
  {
    description: 'This tool will list payment intents in Stripe.',
    inputSchema: object({customer: str('The ID of the customer to list payment intents for.'), limit}),
    name: 'list_payment_intents',
    route: (a) => get('/v1/payment_intents', given(a, ['customer', 'limit'])),
  },
  {
    description: 'This tool will list all subscriptions in Stripe.',
    inputSchema: object({
      customer: str('The ID of the customer to list subscriptions for.'),
      limit,
      price: str('The ID of the price to list subscriptions for.'),
      status: {description: 'The status of the subscriptions to retrieve.', enum: ['active', 'past_due', 'unpaid', 'canceled', 'incomplete', 'incomplete_expired', 'trialing', 'all'], type: 'string'},
    }),
    name: 'list_subscriptions',
    route: (a) => get('/v1/subscriptions', given(a, ['customer', 'price', 'status', 'limit'])),
  },
  {
    description: 'This tool will cancel a subscription in Stripe.',
    inputSchema: object({subscription: str('The ID of the subscription to cancel.')}, ['subscription']),
    name: 'cancel_subscription',
    route: (a) => ({method: 'DELETE', path: `/v1/subscriptions/${enc(a.subscription)}`}),
  },
  {
    description: 'This tool will update an existing subscription in Stripe: change its items (price, quantity, add or remove) and how the change is prorated.',
    inputSchema: object(
      {
        items: {
          description: 'A list of subscription items to update, add, or remove.',
          items: object({deleted: {description: 'Whether to delete this item.', type: 'boolean'}, id: str('The ID of the subscription item to modify.'), price: str('The ID of the price to switch to.'), quantity: int('The quantity of the plan.')}),
          type: 'array',
        },
        proration_behavior: {description: 'Determines how to handle prorations when the subscription items change.', enum: ['create_prorations', 'none', 'always_invoice'], type: 'string'},
        subscription: str('The ID of the subscription to update.'),
      },
      ['subscription'],
    ),
    name: 'update_subscription',
    route: (a) => post(`/v1/subscriptions/${enc(a.subscription)}`, given(a, ['items', 'proration_behavior'])),
  },
  {
    description: 'This tool will search the Stripe documentation for the given question. The local clone is offline: it answers with where the documentation is.',
    inputSchema: object({language: {description: 'The programming language to search for in the the documentation.', enum: ['dotnet', 'go', 'java', 'node', 'php', 'ruby', 'python', 'curl'], type: 'string'}, question: str('The user question about integrating with Stripe will be used to search the documentation.')}, ['question']),
    name: 'search_documentation',
    run: (a) => `Documentation search is not available in this offline clone of Stripe. The API reference is at https://docs.stripe.com/api (question: ${String(a.question)}).`,
  },
  {
    description: 'This tool will fetch a list of Coupons from Stripe.',
    inputSchema: object({limit}),
    name: 'list_coupons',
    route: (a) => get('/v1/coupons', given(a, ['limit'])),
  },
  {
    description: 'This tool will create a coupon in Stripe: percent_off, or amount_off with a currency.',
    inputSchema: object(
      {
        amount_off: {description: 'A positive integer representing the amount to subtract from an invoice total (required if percent_off is not passed)', type: 'number'},
        currency: str('Three-letter ISO code for the currency of the amount_off parameter (required if amount_off is passed).'),
        duration: {description: 'How long the discount will last. Defaults to "once"', enum: ['once', 'repeating', 'forever'], type: 'string'},
        duration_in_months: {description: 'The number of months the discount will last if duration is repeating', type: 'number'},
        name: str('Name of the coupon displayed to customers on invoices or receipts'),
        percent_off: {description: 'A positive float larger than 0, and smaller or equal to 100, that represents the discount the coupon will apply (required if amount_off is not passed)', maximum: 100, minimum: 0, type: 'number'},
      },
      ['name'],
    ),
    name: 'create_coupon',
    route: (a) => {
      const form = given(a, ['name', 'percent_off', 'amount_off', 'duration', 'duration_in_months']);
      if (a.amount_off !== undefined) form.currency = String(a.currency ?? 'usd').toLowerCase();
      return post('/v1/coupons', form);
    },
  },
  {
    description: 'This tool will fetch a list of disputes in Stripe.',
    inputSchema: object({charge: str('Only return disputes associated to the charge specified by this charge ID.'), limit, payment_intent: str('Only return disputes associated to the PaymentIntent specified by this PaymentIntent ID.')}),
    name: 'list_disputes',
    route: (a) => get('/v1/disputes', given(a, ['charge', 'payment_intent', 'limit'])),
  },
  {
    description: 'When you receive a dispute, contacting your customer is always the best first step. If that doesn’t work, you can submit evidence to help resolve the dispute in your favor. This tool helps.',
    inputSchema: object(
      {
        dispute: str('The ID of the dispute to update'),
        evidence: {description: 'Evidence to upload, to respond to a dispute. Updating any field in the hash will submit all fields in the hash for review.', type: 'object'},
        metadata: {additionalProperties: {type: 'string'}, description: 'Set of key-value pairs that you can attach to an object.', type: 'object'},
        submit: {description: 'Whether to immediately submit evidence to the bank. If false, evidence is staged on the dispute.', type: 'boolean'},
      },
      ['dispute'],
    ),
    name: 'update_dispute',
    route: (a) => post(`/v1/disputes/${enc(a.dispute)}`, given(a, ['evidence', 'metadata', 'submit'])),
  },
  {
    description: 'This tool will search Stripe resources (charges, customers, invoices, payment_intents, prices, products, subscriptions) with Stripe\'s search query language, e.g. email:"amy@rocketrides.io" or metadata["key"]:"value".',
    inputSchema: object({query: str('A search query in Stripe\'s query language'), resource: {enum: ['charges', 'customers', 'invoices', 'payment_intents', 'prices', 'products', 'subscriptions'], type: 'string'}}, ['resource', 'query']),
    name: 'search_stripe_resources',
    route: (a) => get(`/v1/${enc(a.resource)}/search`, {query: a.query}),
  },
  {
    description: 'This tool will retrieve information about the Stripe account the key belongs to.',
    inputSchema: object({}),
    name: 'get_stripe_account_info',
    route: () => get('/v1/account'),
  },
];

/** Serve the tools at POST /mcp; the secret key (Bearer) of the clone's account authorises every call. */
export function mountStripeMcp(app: Hono, ctx: BackendContext): void {
  mountMcp(app, '/mcp', {
    async authenticate(authorization) {
      const key = credentialFromHeader(authorization);
      if (!key) return false;
      const r = await ctx.db.query("SELECT 1 FROM api_keys WHERE hash = $1 AND kind = 'secret'", [hashToken(key)]);
      return (r.rowCount ?? 0) > 0;
    },
    instructions: 'A local clone of Stripe (test mode). Amounts are in the currency\'s smallest unit (cents).',
    name: 'asymmetric-stripe',
    tools: STRIPE_TOOLS,
    version: '0.1.0',
  });
}
