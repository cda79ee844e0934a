import {expect} from 'chai';

import {startSlack, type SlackClone} from './helpers.js';

/**
 * Hostile and unlucky input (issue 16): every answer is Slack's envelope with the method's error
 * (`invalid_arguments`, `invalid_form_data`, `invalid_blocks` …), never `internal_error`, and the clone
 * keeps serving afterwards.
 */
describe('slack clone: bad input and poisoned requests', function () {
  this.timeout(30_000);
  let s: SlackClone;
  let general: string;
  before(async () => {
    s = await startSlack({rateLimits: false});
    const list = await s.bot.conversations.list({limit: 100});
    general = list.channels!.find((c) => c.name === 'general')!.id!;
  });
  after(async () => s?.dispose());

  const post = async (method: string, body: BodyInit, contentType?: string, user = false) => {
    const headers: Record<string, string> = {authorization: `Bearer ${user ? s.tokens.userToken : s.tokens.botToken}`};
    if (contentType) headers['content-type'] = contentType;
    const res = await fetch(`${s.url}/api/${method}`, {body, headers, method: 'POST'});
    return {body: (await res.json()) as {ok: boolean; error?: string}, status: res.status};
  };
  const form = (args: Record<string, string>) => new URLSearchParams(args).toString();
  const stillServing = async () => {
    const ok = await s.bot.chat.postMessage({channel: general, text: 'still here'});
    expect(ok.ok).to.equal(true);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  };
  // Arrays nested n deep (a 200 KB body for 100,000 levels).
  const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;

  const table: Array<{name: string; method: string; body: () => BodyInit; type?: string; error: string | string[]; user?: boolean}> = [
    {body: () => form({channel: 'C0', text: 'a\u0000b'}), error: 'invalid_arguments', method: 'chat.postMessage', name: 'NUL in text', type: 'application/x-www-form-urlencoded'},
    {body: () => JSON.stringify({channel: 'C0', text: 'a\u0000b'}), error: 'invalid_arguments', method: 'chat.postMessage', name: 'NUL in a JSON text', type: 'application/json'},
    {body: () => form({channel: 'C0', metadata: JSON.stringify({event_payload: {k: 'v\u0000'}, event_type: 't'}), text: 'x'}), error: 'invalid_arguments', method: 'chat.postMessage', name: 'NUL in metadata', type: 'application/x-www-form-urlencoded'},
    {body: () => 'channel=C0&text=x', error: 'invalid_form_data', method: 'chat.postMessage', name: 'multipart without a boundary', type: 'multipart/form-data'},
    {body: () => '--other\r\nContent-Disposition: form-data; name="text"\r\n\r\nx\r\n--other--', error: 'invalid_form_data', method: 'chat.postMessage', name: 'multipart with a bad boundary', type: 'multipart/form-data; boundary=abc'},
    {body: () => form({blocks: deep(100_000), channel: 'C0', text: 'x'}), error: 'invalid_blocks', method: 'chat.postMessage', name: 'blocks nested 100,000 deep', type: 'application/x-www-form-urlencoded'},
    {body: () => form({filename: 'a.txt', length: '1' + '0'.repeat(30)}), error: 'invalid_arguments', method: 'files.getUploadURLExternal', name: 'length beyond range', type: 'application/x-www-form-urlencoded'},
    {body: () => form({text: 'x', time: '9'.repeat(30)}), error: ['invalid_arguments', 'cannot_parse'], method: 'reminders.add', name: 'time beyond range', type: 'application/x-www-form-urlencoded', user: true},
    {body: () => '{"__proto__": {"polluted": true}, "channel": "CNOPE", "text": "x"}', error: 'channel_not_found', method: 'chat.postMessage', name: 'a JSON body with __proto__', type: 'application/json'},
    {body: () => 'channel=CNOPE&text=x&__proto__=1&constructor=2', error: 'channel_not_found', method: 'chat.postMessage', name: 'form keys __proto__ and constructor', type: 'application/x-www-form-urlencoded'},
  ];
  for (const t of table) {
    it(`${t.name}: ${[t.error].flat().join(' or ')}, the clone stays up`, async () => {
      const r = await post(t.method, t.body().toString().replaceAll('C0', general), t.type, t.user);
      expect(r.body.ok, JSON.stringify(r.body)).to.equal(false);
      expect([t.error].flat(), JSON.stringify(r.body)).to.include(r.body.error);
      await stillServing();
    });
  }
});
