/**
 * Every request a clone makes to the app under test (webhooks, Events API deliveries, URL
 * verification, interactivity payloads) goes through `outboundFetch`. Users register their app's
 * URL as they know it — `http://localhost:3000/webhook` — and the API shows it back unchanged; when
 * the clone runs in a container, where loopback is the container itself, the delivery goes to the
 * host instead: the provider names the host in ASYM_HOST_ALIAS (`host.docker.internal`, mapped to
 * the host gateway in the clone's compose file).
 */
export const HOST_ALIAS_ENV = 'ASYM_HOST_ALIAS';

/** `localhost`, `*.localhost`, 127.0.0.0/8 and ::1: the addresses that mean "this machine". */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127(?:\.\d{1,3}){3}$/.test(h);
}

/** The URL to actually connect to for a URL the user registered (unchanged outside a container). */
export function outboundUrl(url: string, alias: string | undefined = process.env[HOST_ALIAS_ENV]): string {
  if (!alias) return url;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url;
  }
  if (!isLoopbackHost(u.hostname)) return url;
  u.hostname = alias;
  return u.toString();
}

/** `fetch` for deliveries to the app under test: loopback URLs reach the host from a container. */
export function outboundFetch(url: string, init?: RequestInit): Promise<Response> {
  return fetch(outboundUrl(url), init);
}
