import {createHmac} from 'node:crypto';

import {expect} from 'chai';

import {SlackError} from '../src/backend/errors.js';
import {microsToTs, mintAppToken, mintBotToken, mintUserToken, nextTs, normTs, slackId} from '../src/backend/ids.js';
import {validateName} from '../src/backend/methods/conversations.js';
import {parseQuery} from '../src/backend/methods/search.js';
import {signingSecretFor} from '../src/backend/provision.js';
import {slackSignature} from '../src/backend/signing.js';

const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof SlackError) return e.code;
    throw e;
  }
  return 'ok';
};

describe('slack template: pure helpers', () => {
  it('makes Slack-format ids, tokens and strictly increasing message timestamps', () => {
    expect(slackId('C')).to.match(/^C[A-Z0-9]{10}$/);
    expect(mintBotToken()).to.match(/^xoxb-\d{13}-\d{13}-[A-Za-z0-9]{24}$/);
    expect(mintUserToken()).to.match(/^xoxp-\d{13}-\d{13}-\d{13}-[0-9a-f]{32}$/);
    expect(mintAppToken('A0123456789')).to.match(/^xapp-1-A0123456789-\d{13}-[0-9a-f]{64}$/);
    const now = Date.now();
    const tss = Array.from({length: 50}, () => nextTs(now));
    expect(new Set(tss).size).to.equal(50);
    expect([...tss].sort()).to.deep.equal(tss);
    expect(tss.every((t) => /^\d{10}\.\d{6}$/.test(t))).to.equal(true);
    expect(microsToTs(1_700_000_000_000_100)).to.equal('1700000000.000100');
  });

  it('normalises user-given timestamps', () => {
    expect(normTs('1700000000')).to.equal('1700000000.000000');
    expect(normTs('1700000000.1')).to.equal('1700000000.100000');
    expect(normTs('1700000000.000100')).to.equal('1700000000.000100');
    expect(normTs('yesterday')).to.equal(undefined);
  });

  it('applies Slack’s channel-name rules', () => {
    expect(code(() => validateName('launch-plans_2'))).to.equal('ok');
    expect(code(() => validateName('Launch'))).to.equal('invalid_name_specials');
    expect(code(() => validateName('has space'))).to.equal('invalid_name_specials');
    expect(code(() => validateName('---'))).to.equal('invalid_name_punctuation');
    expect(code(() => validateName(''))).to.equal('invalid_name_required');
    expect(code(() => validateName('a'.repeat(81)))).to.equal('invalid_name_maxlength');
  });

  it('parses search modifiers', () => {
    const q = parseQuery('deploy "staging db" in:#engineering from:<@U0ACALEX02> in:@dana has:link after:2023-11-14');
    expect(q.words).to.deep.equal(['deploy', 'staging db']);
    expect(q.inChannels).to.deep.equal(['engineering']);
    expect(q.inUsers).to.deep.equal(['dana']);
    expect(q.from).to.deep.equal(['U0ACALEX02']);
    expect(q.has).to.deep.equal(['link']);
    expect(q.after).to.equal(Date.UTC(2023, 10, 15) / 1000);
  });

  it('signs like Slack (v0 HMAC-SHA256 of v0:timestamp:body) and derives a stable signing secret', () => {
    const body = '{"type":"event_callback"}';
    const expected = `v0=${createHmac('sha256', 'secret').update(`v0:1700000000:${body}`).digest('hex')}`;
    expect(slackSignature('secret', 1700000000, body)).to.equal(expected);
    expect(signingSecretFor('jwt', 'A1')).to.equal(signingSecretFor('jwt', 'A1')).and.match(/^[0-9a-f]{32}$/);
    expect(signingSecretFor('jwt', 'A1')).not.to.equal(signingSecretFor('other', 'A1'));
  });
});
