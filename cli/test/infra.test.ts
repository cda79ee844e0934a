// Unit tests of the infra pieces that need no server: the file lock, ports, URL redaction, settings.
import {isErrorCode} from '@asym/contract';
import {expect} from 'chai';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {createServer} from 'node:net';
import {hostname, tmpdir} from 'node:os';
import {join} from 'node:path';

import {resolveInfraSettings} from '../src/infra/index.js';
import {withLock} from '../src/infra/lock.js';
import {freePort, portIsFree, reusePortOr} from '../src/infra/ports.js';
import {redactUrl} from '../src/infra/probe.js';

describe('infra: file lock', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'asym-lock-'));
  });
  afterEach(() => rmSync(dir, {force: true, recursive: true}));

  it('lets one holder in at a time', async () => {
    const file = join(dir, 'infra.lock');
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({length: 10}, () =>
        withLock(file, async () => {
          inside++;
          most = Math.max(most, inside);
          await new Promise((r) => setTimeout(r, 5));
          inside--;
        }),
      ),
    );
    expect(most).to.equal(1);
  });

  it('breaks a lock left by a process that died', async () => {
    const file = join(dir, 'infra.lock');
    writeFileSync(file, JSON.stringify({host: hostname(), pid: 2 ** 22 + 1, token: 'dead'})); // above pid_max: no such process
    expect(await withLock(file, async () => 'got it', 2000)).to.equal('got it');
  });

  it('waits for a live holder, then gives up with INFRA_UNAVAILABLE naming the lock file', async () => {
    const file = join(dir, 'infra.lock');
    writeFileSync(file, JSON.stringify({host: hostname(), pid: process.pid, token: 'other'}));
    try {
      await withLock(file, async () => 'no', 300);
      expect.fail('should time out');
    } catch (error) {
      expect(isErrorCode(error, 'INFRA_UNAVAILABLE')).to.equal(true);
      expect((error as Error).message).to.include(file);
    }
  });
});

describe('infra: ports', () => {
  it('a port someone holds is not free, and is not reused', async () => {
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const held = (srv.address() as {port: number}).port;
    try {
      expect(await portIsFree(held)).to.equal(false);
      expect(await reusePortOr(held)).to.not.equal(held);
    } finally {
      srv.close();
    }
    const p = await freePort();
    expect(await portIsFree(p)).to.equal(true);
    expect(await reusePortOr(p)).to.equal(p);
  });
});

describe('infra: settings and messages', () => {
  it('drops the password from URLs shown to people', () => {
    expect(redactUrl('postgres://u:secret@127.0.0.1:5432/db')).to.equal('postgres://u@127.0.0.1:5432/db');
    expect(redactUrl('redis://:secret@127.0.0.1:6379')).to.equal('redis://127.0.0.1:6379');
    expect(redactUrl('postgres://u@h/db')).to.equal('postgres://u@h/db');
  });

  it('environment URLs win over config.json; empty ones do not count', () => {
    expect(resolveInfraSettings({redisUrl: 'redis://127.0.0.1:1'}, {ASYM_POSTGRES_URL: 'postgres://p@127.0.0.1:2/p', ASYM_REDIS_URL: ' '})).to.deep.equal({
      postgresUrl: 'postgres://p@127.0.0.1:2/p',
      redisUrl: 'redis://127.0.0.1:1',
    });
  });
});
