// The routes `pnpm bench:api` loads, one table per template: how to set a clone up for the bench
// (rate limits off, ids to call with) and its hottest write and read. A new template adds an entry.
// `kind` picks the reference (write: N-1 reads then one insert; read: N list queries); `statements`
// fixes N, else the bench counts what the clone sent (its `/_asym/stats`).

const json = (headers = {}) => ({'content-type': 'application/json; charset=utf-8', ...headers});
const slackOk = (status, body) => status === 200 && JSON.parse(body).ok === true;
const graphqlOk = (status, body) => status === 200 && !JSON.parse(body).errors;

export const TEMPLATES = {
  slack: {
    fixture: 'acme-corp',
    async setup(clone) {
      const off = await fetch(`${clone.base}/_asym/slack/settings`, {body: JSON.stringify({rateLimits: false}), headers: json({'x-asym-control-token': clone.control}), method: 'POST'});
      if (!off.ok) throw new Error(`could not turn Slack rate limits off: ${off.status}`);
      const auth = {authorization: `Bearer ${clone.tokens.botToken}`};
      const list = await (await fetch(`${clone.base}/api/conversations.list?limit=200`, {headers: auth})).json();
      const general = list.channels.find((c) => c.name === 'general') ?? list.channels[0];
      const join = await (await fetch(`${clone.base}/api/conversations.join`, {body: JSON.stringify({channel: general.id}), headers: json(auth), method: 'POST'})).json();
      if (!join.ok) throw new Error(`the bot could not join #${general.name}: ${join.error}`);
      return {auth, channel: general.id};
    },
    scenarios: ({auth, channel}) => [
      {name: 'chat.postMessage', kind: 'write', method: 'POST', path: '/api/chat.postMessage', headers: json(auth), body: JSON.stringify({channel, text: 'load test message'}), ok: slackOk},
      {name: 'conversations.history', kind: 'read', method: 'GET', path: `/api/conversations.history?channel=${channel}&limit=20`, headers: auth, ok: slackOk},
      {name: 'auth.test (token check)', kind: 'read', method: 'POST', path: '/api/auth.test', headers: auth, ok: slackOk},
      {name: 'api.test (no auth)', kind: 'read', method: 'POST', path: '/api/api.test', headers: {}, ok: slackOk, statements: 1},
    ],
  },
  stripe: {
    fixture: 'acct',
    async setup(clone) {
      return {auth: {authorization: `Bearer ${clone.tokens.apiKey}`}};
    },
    scenarios: ({auth}) => [
      {
        name: 'POST /v1/customers', kind: 'write', method: 'POST', path: '/v1/customers',
        headers: {...auth, 'content-type': 'application/x-www-form-urlencoded'}, body: 'email=load%40acme.test&name=Load+Test&metadata[run]=bench',
        ok: (status) => status === 200,
      },
      {name: 'GET /v1/customers', kind: 'read', method: 'GET', path: '/v1/customers?limit=10', headers: auth, ok: (status) => status === 200},
    ],
  },
  linear: {
    fixture: 'acme',
    async setup(clone) {
      const auth = {authorization: clone.tokens.apiKey};
      const teams = await (await fetch(`${clone.base}/graphql`, {body: JSON.stringify({query: '{ teams { nodes { id } } }'}), headers: json(auth), method: 'POST'})).json();
      return {auth, team: teams.data.teams.nodes[0].id};
    },
    scenarios: ({auth, team}) => [
      {
        name: 'issueCreate', kind: 'write', method: 'POST', path: '/graphql', headers: json(auth),
        body: JSON.stringify({query: `mutation { issueCreate(input: {teamId: "${team}", title: "load test"}) { success issue { id } } }`}),
        ok: graphqlOk,
      },
      {name: 'issues(first: 20)', kind: 'read', method: 'POST', path: '/graphql', headers: json(auth), body: JSON.stringify({query: '{ issues(first: 20) { nodes { id title } } }'}), ok: graphqlOk},
    ],
  },
  github: {
    fixture: 'acme',
    async setup(clone) {
      // GitHub's 5,000 requests an hour would end a load test in seconds: the control switch raises it.
      const raised = await fetch(`${clone.base}/_asym/github/rate-limit`, {body: JSON.stringify({limit: 1e9, resource: 'core'}), headers: json({'x-asym-control-token': clone.control}), method: 'POST'});
      if (!raised.ok) throw new Error(`could not raise the GitHub rate limit: ${raised.status}`);
      return {auth: {accept: 'application/vnd.github+json', authorization: `Bearer ${clone.tokens.apiKey}`}};
    },
    scenarios: ({auth}) => [
      {name: 'POST /repos/{o}/{r}/issues', kind: 'write', method: 'POST', path: '/repos/acme/hello-world/issues', headers: json(auth), body: JSON.stringify({title: 'load test'}), ok: (status) => status === 201},
      {name: 'GET /repos/{o}/{r}/issues', kind: 'read', method: 'GET', path: '/repos/acme/hello-world/issues?per_page=20', headers: auth, ok: (status) => status === 200},
    ],
  },
  notion: {
    fixture: 'acme-wiki',
    async setup(clone) {
      const off = await fetch(`${clone.base}/_asym/notion/settings`, {body: JSON.stringify({rateLimits: false}), headers: json({'x-asym-control-token': clone.control}), method: 'POST'});
      if (!off.ok) throw new Error(`could not turn Notion rate limits off: ${off.status}`);
      const auth = {authorization: `Bearer ${clone.tokens.apiKey}`, 'notion-version': '2025-09-03'};
      const found = await (await fetch(`${clone.base}/v1/search`, {body: JSON.stringify({filter: {property: 'object', value: 'page'}}), headers: json(auth), method: 'POST'})).json();
      return {auth, page: found.results[0].id};
    },
    scenarios: ({auth, page}) => [
      {
        name: 'POST /v1/pages', kind: 'write', method: 'POST', path: '/v1/pages', headers: json(auth),
        body: JSON.stringify({parent: {page_id: page}, properties: {title: {title: [{text: {content: 'load test'}}]}}}),
        ok: (status) => status === 200,
      },
      {name: 'GET /v1/blocks/{id}/children', kind: 'read', method: 'GET', path: `/v1/blocks/${page}/children?page_size=20`, headers: auth, ok: (status) => status === 200},
    ],
  },
  hubspot: {
    fixture: 'acme',
    async setup(clone) {
      const raised = await fetch(`${clone.base}/_asym/hubspot/rate-limits`, {body: JSON.stringify({burst: 1e9, daily: 1e9, searchPerSecond: 1e9}), headers: json({'x-asym-control-token': clone.control}), method: 'POST'});
      if (!raised.ok) throw new Error(`could not raise the HubSpot rate limits: ${raised.status}`);
      return {auth: {authorization: `Bearer ${clone.tokens.apiKey}`}};
    },
    scenarios: ({auth}) => [
      {
        name: 'POST /crm/v3/objects/contacts', kind: 'write', method: 'POST', path: '/crm/v3/objects/contacts', headers: json(auth),
        body: JSON.stringify({properties: {firstname: 'Load', lastname: 'Test'}}),
        ok: (status) => status === 201,
      },
      {name: 'GET /crm/v3/objects/contacts', kind: 'read', method: 'GET', path: '/crm/v3/objects/contacts?limit=20', headers: auth, ok: (status) => status === 200},
    ],
  },
};
