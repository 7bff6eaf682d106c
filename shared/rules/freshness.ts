// Freshness: numbers a provider has not confirmed for a while are shown as stale, never as current.

/** Default threshold; the server's STALE_AFTER_HOURS overrides it and tells clients. */
export const DEFAULT_STALE_AFTER_HOURS = 72;

export function isStale(lastConfirmedAt: string | Date, now: Date, staleAfterHours: number): boolean {
  const confirmed = typeof lastConfirmedAt === "string" ? Date.parse(lastConfirmedAt) : lastConfirmedAt.getTime();
  return now.getTime() - confirmed > staleAfterHours * 3_600_000;
}
