import {expect} from 'chai';

import {isLoopbackHost, outboundUrl} from '../src/outbound.js';

describe('kit: deliveries to the app under test', () => {
  it('knows the loopback names and addresses', () => {
    for (const h of ['localhost', 'app.localhost', '127.0.0.1', '127.1.2.3', '[::1]', '::1', 'LOCALHOST']) expect(isLoopbackHost(h), h).to.equal(true);
    for (const h of ['example.com', '10.0.0.1', '128.0.0.1', 'localhost.example.com', '[::2]']) expect(isLoopbackHost(h), h).to.equal(false);
  });

  it('outside a container a URL is used as registered', () => {
    expect(outboundUrl('http://localhost:3000/webhook', undefined)).to.equal('http://localhost:3000/webhook');
  });

  it('in a container a loopback URL goes to the host alias, keeping port, path and query', () => {
    const alias = 'host.docker.internal';
    expect(outboundUrl('http://localhost:3000/webhook?x=1', alias)).to.equal('http://host.docker.internal:3000/webhook?x=1');
    expect(outboundUrl('http://127.0.0.1:4242/stripe', alias)).to.equal('http://host.docker.internal:4242/stripe');
    expect(outboundUrl('http://[::1]:8080/slack/events', alias)).to.equal('http://host.docker.internal:8080/slack/events');
    expect(outboundUrl('https://hooks.example.com/x', alias)).to.equal('https://hooks.example.com/x');
    expect(outboundUrl('not a url', alias)).to.equal('not a url');
  });
});
