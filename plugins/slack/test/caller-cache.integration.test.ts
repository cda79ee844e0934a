import {createHash} from 'node:crypto';

import {expect} from 'chai';
import pg from 'pg';

import {slackError, startSlack, type SlackClone} from './helpers.js';

// The backend caches token → caller; these check that nothing stale is ever answered from it.
describe('slack clone: the token cache never outlives the token', function () {
  this.timeout(30_000);
  let s: SlackClone;
  beforeEach(async () => {
    s = await startSlack({rateLimits: false});
  });
  afterEach(async () => {
    await s.dispose();
  });

  it('refuses the old tokens at once after a reprovision (what `asym tokens --reprovision` sends)', async () => {
    expect((await s.bot.auth.test()).user_id).to.equal(s.ids.botUserId);
    expect((await s.user.auth.test()).user_id).to.equal(s.ids.adminUserId);
    const rotated = await s.provision({kind: 'reprovision', previous: s.tokens});
    expect((await slackError(s.bot.auth.test())).error).to.equal('invalid_auth');
    expect((await slackError(s.user.auth.test())).error).to.equal('invalid_auth');
    expect((await s.client(rotated.botToken!).auth.test()).user_id).to.equal(s.ids.botUserId);
  });

  it('refuses a token the seed does not have at once after a reset', async () => {
    const minted = (await (await s.control('/slack/tokens', {kind: 'bot'})).json()) as {token: string};
    const extra = s.client(minted.token);
    expect((await extra.auth.test()).user_id).to.equal(s.ids.botUserId);
    // The seed has no such token: stand for the swap by deleting its row (without cutting the
    // backend's connections, so only /_asym/reset can tell the backend).
    const db = new pg.Client({connectionString: s.clone.databaseUrl});
    await db.connect();
    try {
      const {rowCount} = await db.query('DELETE FROM tokens WHERE hash = $1', [createHash('sha256').update(minted.token).digest('hex')]);
      expect(rowCount).to.equal(1);
    } finally {
      await db.end();
    }
    expect((await s.control('/reset', {})).status).to.equal(204);
    expect((await slackError(extra.auth.test())).error).to.equal('invalid_auth');
    expect((await s.bot.auth.test()).user_id).to.equal(s.ids.botUserId);
  });

  it('refuses a revoked token at once', async () => {
    const minted = (await (await s.control('/slack/tokens', {kind: 'bot'})).json()) as {token: string};
    const extra = s.client(minted.token);
    await extra.auth.test();
    expect(await extra.auth.revoke({})).to.include({revoked: true});
    expect((await slackError(extra.auth.test())).error).to.equal('invalid_auth');
  });
});
