/**
 * A bounded map for per-request lookups a backend may keep (token → caller, settings, app rows):
 * at most `max` entries, least recently used evicted first, each valid for `ttlMs` at most. Bounded
 * so a clone's memory does not grow with the number of distinct keys it was ever asked about.
 */
export class BoundedCache<K, V> {
  private readonly map = new Map<K, {value: V; expires: number}>();
  constructor(
    readonly max = 1000,
    readonly ttlMs = Number.POSITIVE_INFINITY,
  ) {}

  get(key: K): V | undefined {
    const hit = this.map.get(key);
    if (!hit) return undefined;
    this.map.delete(key);
    if (hit.expires <= Date.now()) return undefined;
    this.map.set(key, hit);
    return hit.value;
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, {expires: this.ttlMs === Number.POSITIVE_INFINITY ? Number.POSITIVE_INFINITY : Date.now() + this.ttlMs, value});
    while (this.map.size > this.max) this.map.delete(this.map.keys().next().value as K);
  }

  delete(key: K): void {
    this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
  }

  get size(): number {
    return this.map.size;
  }
}
