/** Billing periods: add `count` intervals to a time, keeping the anchor's day of month (clamped to month end). */
export function addInterval(ts: number, interval: string, count: number, anchorDay?: number): number {
  const d = new Date(ts * 1000);
  switch (interval) {
    case 'day':
      return ts + 86_400 * count;
    case 'week':
      return ts + 7 * 86_400 * count;
    case 'year':
      count *= 12;
    // falls through
    case 'month': {
      const months = d.getUTCMonth() + count;
      const year = d.getUTCFullYear() + Math.floor(months / 12);
      const month = ((months % 12) + 12) % 12;
      const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
      const day = Math.min(anchorDay ?? d.getUTCDate(), last);
      return Math.floor(Date.UTC(year, month, day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()) / 1000);
    }
    default:
      throw new Error(`unknown interval ${interval}`);
  }
}
