/** Slack's published tiers, in calls per minute (bursts up to the same number). */
export const TIER_PER_MINUTE: Record<string, number> = {1: 1, 2: 20, 3: 50, 4: 100};
