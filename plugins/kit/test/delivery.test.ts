// The kit's rate limiter (in memory) and delivery queue (against a real local HTTP receiver).
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';

import {expect} from 'chai';

import {RateLimiter} from '../src/ratelimit.js';
import {DeliveryQueue} from '../src/webhooks.js';

describe('kit: RateLimiter.consume and DeliveryQueue bodies per attempt', () => {
  it('takes a cost from the bucket and reports what remains', async () => {
    const limiter = new RateLimiter();
    const a = await limiter.consume('k', 10, 60, 4);
    expect(a).to.deep.equal({remaining: 6, waitMs: 0});
    const b = await limiter.consume('k', 10, 60, 7);
    expect(b.remaining).to.equal(6);
    expect(b.waitMs).to.be.greaterThan(0);
    expect(await limiter.take('k', 10, 60)).to.equal(0);
  });

  it('builds the body of each attempt and signs the headers over it', async () => {
    const got: Array<{body: string; sig: string | undefined}> = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        got.push({body, sig: req.headers['x-sig'] as string | undefined});
        res.statusCode = got.length < 2 ? 500 : 200;
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const queue = new DeliveryQueue({retryDelaysMs: [10, 10]});
      queue.enqueue('lane', {
        body: JSON.stringify({attempt: 0}),
        bodyFor: (attempt) => JSON.stringify({attempt}),
        headers: (_attempt, body) => ({'content-type': 'application/json', 'x-sig': `sig(${body})`}),
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
      });
      await queue.idle();
      expect(got).to.deep.equal([
        {body: '{"attempt":1}', sig: 'sig({"attempt":1})'},
        {body: '{"attempt":2}', sig: 'sig({"attempt":2})'},
      ]);
    } finally {
      server.close();
    }
  });
});
