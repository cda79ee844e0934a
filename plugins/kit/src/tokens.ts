import {createHash, randomBytes} from 'node:crypto';

/** The clone database stores only this hash of a token, never the token itself. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Random string over an alphabet, from a CSPRNG. */
export function randomString(length: number, alphabet = ALNUM): string {
  const bytes = randomBytes(length * 2);
  let out = '';
  for (let i = 0; out.length < length; i++) {
    const b = bytes[i % bytes.length]!;
    if (b < 256 - (256 % alphabet.length)) out += alphabet[b % alphabet.length];
    if (i > length * 8) return out + randomString(length - out.length, alphabet);
  }
  return out;
}

/** Pull the credential out of `Authorization: Bearer x`, `Authorization: x`, or HTTP Basic (user part). */
export function credentialFromHeader(header: string | undefined | null): string | undefined {
  if (!header) return undefined;
  const [scheme, ...rest] = header.trim().split(/\s+/);
  if (!scheme) return undefined;
  const value = rest.join(' ');
  if (/^bearer$/i.test(scheme) || /^token$/i.test(scheme)) return value || undefined;
  if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    return decoded.split(':')[0] || undefined;
  }
  return rest.length === 0 ? scheme : undefined;
}

/**
 * Opaque state a template keeps in its tokens' `extra` (creation times of the minted rows …) so that a
 * restore after a reset writes exactly the rows `new` wrote. Undecodable input gives `{}`.
 */
export const encodeTokenState = (state: Record<string, unknown>): string => Buffer.from(JSON.stringify(state)).toString('base64url');

export function decodeTokenState<T extends Record<string, unknown>>(value: string | undefined): Partial<T> {
  try {
    return value ? (JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Partial<T>) : {};
  } catch {
    return {};
  }
}
