// The wire around the CRM: the /api prefix, OAuth tokens and scopes, rate limits and their headers,
// signed webhook deliveries, MCP, and provisioning.
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';

import {Signature} from '@hubspot/api-client/lib/src/utils/signature.js';
import {expect} from 'chai';

import {webhooksOf} from '../src/backend/app.js';
import {type HubSpotClone, provision, startHubSpotClone} from './helpers.js';

describe('hubspot clone: wire, auth, limits, webhooks, MCP', function () {
  this.timeout(60_000);
  let h: HubSpotClone;
  before(async () => {
    h = await startHubSpotClone({limits: {burst: 1000, searchPerSecond: 1000}});
  });
  after(async () => h?.dispose());

  it('serves the same routes under /api', async () => {
    const root = await h.call('GET', '/crm/v3/objects/companies?limit=1');
    const prefixed = await h.call('GET', '/api/crm/v3/objects/companies?limit=1');
    expect(prefixed.status).to.equal(200);
    expect(prefixed.body.results[0].id).to.equal(root.body.results[0].id);
    expect(prefixed.body.paging.next.link).to.contain('/api/crm/v3/objects/companies?');
  });

  it('mints OAuth tokens through authorize and token, and enforces their scopes (403 MISSING_SCOPES)', async () => {
    const {clientId, clientSecret} = h.tokens.extra!;
    const authorize = await fetch(`${h.clone.url}/oauth/authorize?client_id=${clientId}&redirect_uri=${encodeURIComponent('http://127.0.0.1/cb')}&scope=crm.objects.contacts.read&state=s1`, {redirect: 'manual'});
    expect(authorize.status).to.equal(302);
    const location = new URL(authorize.headers.get('location')!);
    expect(location.searchParams.get('state')).to.equal('s1');
    const client = h.hubspot;
    const tokens = await client.oauth.tokensApi.create('authorization_code', location.searchParams.get('code')!, 'http://127.0.0.1/cb', clientId, clientSecret);
    expect(tokens.expiresIn).to.equal(1800);
    const info = await client.oauth.accessTokensApi.get(tokens.accessToken);
    expect(info.scopes).to.deep.equal(['crm.objects.contacts.read']);
    const oauth = h.sdk(tokens.accessToken);
    expect((await oauth.crm.contacts.basicApi.getPage(1)).results).to.have.length(1);
    const denied = await h.call('GET', '/crm/v3/objects/companies', undefined, tokens.accessToken);
    expect(denied.status).to.equal(403);
    expect(denied.body.category).to.equal('MISSING_SCOPES');
    expect(denied.body.errors[0].context.requiredGranularScopes).to.deep.equal(['crm.objects.companies.read']);
    const write = await h.call('POST', '/crm/v3/objects/contacts', {properties: {email: 'x@scope.test'}}, tokens.accessToken);
    expect(write.status).to.equal(403);
    const refreshed = await client.oauth.tokensApi.create('refresh_token', undefined, undefined, clientId, clientSecret, tokens.refreshToken);
    expect((await h.call('GET', '/crm/v3/objects/contacts?limit=1', undefined, refreshed.accessToken)).status).to.equal(200);
    const badSecret = await fetch(`${h.clone.url}/oauth/v1/token`, {method: 'POST', body: new URLSearchParams({grant_type: 'refresh_token', refresh_token: tokens.refreshToken, client_id: clientId!, client_secret: 'nope'})});
    expect(badSecret.status).to.equal(400);
  });

  it('sends the private-app rate limit headers and answers 429 with a policyName past the 10-second burst', async () => {
    const ok = await h.call('GET', '/crm/v3/owners');
    expect(ok.headers.get('x-hubspot-ratelimit-max')).to.equal('1000');
    expect(ok.headers.get('x-hubspot-ratelimit-interval-milliseconds')).to.equal('10000');
    expect(Number(ok.headers.get('x-hubspot-ratelimit-daily-remaining'))).to.be.lessThan(Number(ok.headers.get('x-hubspot-ratelimit-daily')));
    expect(ok.headers.has('x-hubspot-ratelimit-secondly')).to.equal(true);
    const limits = (l: unknown) => fetch(`${h.clone.url}/_asym/hubspot/rate-limits`, {body: JSON.stringify(l), method: 'POST'});
    const strict = h;
    await limits({burst: 3, searchPerSecond: 1});
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await strict.call('GET', '/crm/v3/owners')).status);
      expect(statuses).to.deep.equal([200, 200, 200, 429]);
      const limited = await strict.call('GET', '/crm/v3/owners');
      expect(limited.body).to.include({category: 'RATE_LIMITS', policyName: 'TEN_SECONDLY_ROLLING', status: 'error'});
      expect(limited.headers.get('x-hubspot-ratelimit-remaining')).to.equal('0');
      await limits({burst: 100, searchPerSecond: 1});
      const first = await strict.call('POST', '/crm/v3/objects/contacts/search', {limit: 1});
      const second = await strict.call('POST', '/crm/v3/objects/contacts/search', {limit: 1});
      expect([first.status, second.status]).to.deep.equal([200, 429]);
      expect(second.body.policyName).to.equal('SECONDLY');
      await limits({daily: 1});
      const daily = [(await strict.call('GET', '/crm/v3/owners')).status, (await strict.call('GET', '/crm/v3/owners')).body.policyName];
      expect(daily).to.deep.equal([200, 'DAILY']);
    } finally {
      await limits({burst: 1000, daily: 625_000, searchPerSecond: 1000});
    }
  });

  it('delivers creation and property-change events, signed with X-HubSpot-Signature-v3', async () => {
    const received: Array<{headers: Record<string, string | string[] | undefined>; body: string; url: string}> = [];
    const server: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        received.push({body, headers: req.headers, url: req.url!});
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const target = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
      const {developerApiKey, clientSecret} = h.tokens.extra!;
      const appId = h.tokens.appId!;
      h.hubspot.setDeveloperApiKey(developerApiKey!);
      await h.hubspot.webhooks.settingsApi.configure(Number(appId), {targetUrl: target, throttling: {maxConcurrentRequests: 10}} as never);
      await h.hubspot.webhooks.subscriptionsApi.create(Number(appId), {eventType: 'contact.creation' as never, active: true});
      const sub = await h.hubspot.webhooks.subscriptionsApi.create(Number(appId), {eventType: 'contact.propertyChange' as never, propertyName: 'firstname', active: true});
      expect(sub.propertyName).to.equal('firstname');
      expect((await h.hubspot.webhooks.subscriptionsApi.getAll(Number(appId))).results).to.have.length(2);

      const c = await h.hubspot.crm.contacts.basicApi.create({properties: {email: 'hook@example.test'}, associations: []});
      await h.hubspot.crm.contacts.basicApi.update(c.id, {properties: {firstname: 'Hooked', lastname: 'Ignored'}});
      await new Promise((r) => setTimeout(r, 50));
      await webhooksOf(h.clone.ctx)!.queue.idle();
      const events = received.flatMap((r) => JSON.parse(r.body));
      expect(events.map((e: {subscriptionType: string}) => e.subscriptionType)).to.deep.equal(['contact.creation', 'contact.propertyChange']);
      expect(events[1]).to.include({objectId: Number(c.id), propertyName: 'firstname', propertyValue: 'Hooked', appId: Number(appId)});
      for (const r of received) {
        const valid = Signature.isValid({signatureVersion: 'v3', signature: String(r.headers['x-hubspot-signature-v3']), clientSecret: clientSecret!, requestBody: r.body, url: target, method: 'POST', timestamp: Number(r.headers['x-hubspot-request-timestamp'])});
        expect(valid).to.equal(true);
        expect(Signature.isValid({signatureVersion: 'v1', signature: String(r.headers['x-hubspot-signature']), clientSecret: clientSecret!, requestBody: r.body})).to.equal(true);
      }
      received.length = 0;
      await h.hubspot.webhooks.subscriptionsApi.create(Number(appId), {eventType: 'contact.deletion' as never, active: true});
      await h.hubspot.webhooks.subscriptionsApi.create(Number(appId), {eventType: 'contact.associationChange' as never, active: true});
      const company = (await h.call('GET', '/crm/v3/objects/companies?limit=1')).body.results[0].id;
      await h.hubspot.crm.associations.v4.basicApi.createDefault('contacts', c.id, 'companies', company);
      await h.hubspot.crm.contacts.basicApi.archive(c.id);
      await new Promise((r) => setTimeout(r, 50));
      await webhooksOf(h.clone.ctx)!.queue.idle();
      const later = received.flatMap((r) => JSON.parse(r.body));
      expect(later.map((e: {subscriptionType: string; objectId: number}) => [e.subscriptionType, e.objectId])).to.deep.equal([['contact.associationChange', Number(c.id)], ['contact.deletion', Number(c.id)]]);
      const bad = await fetch(`${h.clone.url}/webhooks/v3/${appId}/subscriptions?hapikey=wrong`);
      expect(bad.status).to.equal(401);
    } finally {
      server.close();
    }
  });

  it('answers MCP with the official server\'s tool names, backed by the API with the caller\'s token', async () => {
    const rpc = async (method: string, params: unknown, token = h.tokens.apiKey!) => {
      const res = await fetch(`${h.clone.url}/mcp`, {method: 'POST', headers: {authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream'}, body: JSON.stringify({jsonrpc: '2.0', id: 1, method, params})});
      return {status: res.status, body: res.status === 200 ? ((await res.json()) as any) : undefined};
    };
    expect((await rpc('initialize', {protocolVersion: '2025-06-18', capabilities: {}, clientInfo: {name: 't', version: '1'}})).status).to.equal(200);
    const tools = (await rpc('tools/list', {})).body.result.tools.map((t: {name: string}) => t.name);
    expect(tools).to.include.members(['hubspot-get-user-details', 'hubspot-list-objects', 'hubspot-search-objects', 'hubspot-batch-create-objects', 'hubspot-batch-update-objects', 'hubspot-batch-read-objects', 'hubspot-list-associations', 'hubspot-batch-create-associations', 'hubspot-get-association-definitions', 'hubspot-list-properties', 'hubspot-get-property', 'hubspot-create-property', 'hubspot-update-property', 'hubspot-create-engagement', 'hubspot-get-engagement', 'hubspot-update-engagement', 'hubspot-get-schemas', 'hubspot-get-link']);
    const call = async (name: string, args: unknown) => (await rpc('tools/call', {name, arguments: args})).body.result;
    const me = await call('hubspot-get-user-details', {});
    expect(JSON.parse(me.content[0].text).hubId).to.equal(Number(h.tokens.workspaceId));
    const search = await call('hubspot-search-objects', {objectType: 'companies', query: 'globex'});
    expect(JSON.parse(search.content[0].text).total).to.equal(1);
    const note = await call('hubspot-create-engagement', {type: 'NOTE', associations: {contactIds: [(await h.call('GET', '/crm/v3/objects/contacts?limit=1')).body.results[0].id]}, metadata: {body: 'from MCP'}});
    expect(note.isError).to.equal(false);
    const noteId = JSON.parse(note.content[0].text).id;
    const got = await call('hubspot-get-engagement', {engagementId: noteId});
    expect(JSON.parse(got.content[0].text).associations.contacts.results).to.have.length(1);
    const bad = await call('hubspot-list-objects', {objectType: 'unicorns'});
    expect(bad.isError).to.equal(true);
    expect((await rpc('tools/list', {}, 'pat-na1-nope')).status).to.equal(401);
  });

  it('reprovisions (the old token stops working) and restores the same token after a reset', async () => {
    const old = h.tokens.apiKey!;
    const next = await provision(h.clone, {kind: 'reprovision', previous: h.tokens});
    expect(next.apiKey).to.match(/^pat-na1-[0-9a-f-]{36}$/);
    expect((await h.call('GET', '/crm/v3/owners', undefined, old)).status).to.equal(401);
    expect((await h.call('GET', '/crm/v3/owners', undefined, next.apiKey)).status).to.equal(200);
    const stored = await h.clone.ctx.db.query('SELECT count(*)::int AS n FROM tokens WHERE hash = $1', [next.apiKey]);
    expect(stored.rows[0].n).to.equal(0);
    const restored = await provision(h.clone, {kind: 'restore', previous: next});
    expect(restored.apiKey).to.equal(next.apiKey);
    h.tokens.apiKey = next.apiKey;
  });
});
