// The owned servers' password: ${home}/infra/password (mode 0600, 32 random bytes as hex, so it needs
// no escaping in a URL or in SQL). The owned Postgres (scram-sha-256) and Redis (requirepass) are
// started with it, so other local users cannot read clone data; it is generated on the first start
// of an owned server, including one of a home whose servers ran without a password before.
import {randomBytes} from 'node:crypto';
import {chmod, mkdir, readFile, rename, writeFile} from 'node:fs/promises';
import {join} from 'node:path';

export const passwordFile = (infra: string): string => join(infra, 'password');

const valid = (s: string | undefined): s is string => Boolean(s && /^[0-9a-f]{32,}$/.test(s));

/** The password when one was generated, else undefined (never creates it). */
export async function readOwnedPassword(infra: string): Promise<string | undefined> {
  const text = (await readFile(passwordFile(infra), 'utf8').catch(() => '')).trim();
  return valid(text) ? text : undefined;
}

/** The password, generated (0600) when missing; an existing file gets its mode back to 0600. Call under the infra lock. */
export async function ownedPassword(infra: string): Promise<string> {
  const file = passwordFile(infra);
  const known = await readOwnedPassword(infra);
  if (known) {
    await chmod(file, 0o600);
    return known;
  }
  await mkdir(infra, {recursive: true});
  const password = randomBytes(32).toString('hex');
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${password}\n`, {mode: 0o600});
  await rename(tmp, file);
  return password;
}
