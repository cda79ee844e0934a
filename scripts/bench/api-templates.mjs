// The routes `pnpm bench:api` loads, one table per template: how to set a clone up for the bench
// (rate limits off, ids to call with) and its hottest write and read. A new template adds an entry.
// `kind` picks the reference (write: N-1 reads then one insert; read: N list queries); `statements`
// fixes N, else the bench counts what the clone sent (its `/_asym/stats`).

const json = (headers = {}) => ({'content-type': 'application/json; charset=utf-8', ...headers});
const slackOk = (status, body) => status === 200 && JSON.parse(body).ok === true;

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
};
