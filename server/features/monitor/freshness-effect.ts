// The effect of the one-tap freshness prompts on the monitor: the share of location time with current (not stale)
// numbers, per week of the period and before and after the first prompt went out.
import { type SQL, sql } from "drizzle-orm";
import type { FreshnessEffect } from "../../../shared/schemas/monitor.js";
import type { Tx } from "../../db/client.js";
import * as repo from "./repository.js";
import { addDays, weeksBetween } from "./series.js";

export async function freshnessEffectRead(
  tx: Tx,
  period: repo.Period,
  staleAfterHours: number,
  now: Date,
): Promise<FreshnessEffect> {
  const first = await repo.firstPromptAt(tx);
  const empty = period.from > period.to;
  const start = repo.dayStart(period.from);
  const end = repo.dayStart(addDays(period.to, 1));
  // Weeks start on Monday; the first and last are cut to the period.
  const weeks = empty ? [] : weeksBetween(period.from, period.to);
  const weekBuckets = weeks.map((monday) => ({
    key: monday,
    start: maxOf(repo.dayStart(monday), start),
    end: minOf(repo.dayStart(addDays(monday, 7)), end),
  }));
  const firstAt = first ? sqlTime(first) : undefined;
  const splitBuckets = empty
    ? []
    : [
        { key: "voor", start, end: firstAt ? minOf(firstAt, end) : end },
        ...(firstAt ? [{ key: "na", start: maxOf(firstAt, start), end }] : []),
      ];
  const measured = await repo.staleTimeIn(tx, period, staleAfterHours, now, [...weekBuckets, ...splitBuckets]);
  const shareOf = new Map(measured.map((m) => [m.key, roundShare(1 - m.staleSeconds / m.coveredSeconds)]));
  return {
    firstPromptAt: first?.toISOString() ?? null,
    before: shareOf.get("voor") ?? null,
    after: shareOf.get("na") ?? null,
    weeks: weeks.map((week) => ({ week, inTimeShare: shareOf.get(week) ?? null })),
  };
}

const roundShare = (share: number) => Math.round(Math.min(1, Math.max(0, share)) * 1000) / 1000;
const maxOf = (a: SQL, b: SQL) => sql`greatest(${a}, ${b})`;
const minOf = (a: SQL, b: SQL) => sql`least(${a}, ${b})`;
const sqlTime = (at: Date) => sql`${at.toISOString()}::timestamptz`;
