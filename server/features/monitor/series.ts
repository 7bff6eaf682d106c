// Pure functions that turn the monitor's database aggregates into complete series: every week and month of the period
// present (zero where nothing happened), counts added up from the log's changes. Calendar days are JJJJ-MM-DD strings.
import { type CareType, isMoreHomeLike } from "../../../shared/domain.js";
import type { FlowMonth, OccupancyWeek, Waiting } from "../../../shared/schemas/monitor.js";
import { WAIT_BUCKETS } from "../../../shared/schemas/monitor.js";

const DAY_MS = 86_400_000;

/** What the log says changed on one calendar day, summed over locations. */
export interface DayChange {
  day: string;
  capacity: number;
  occupied: number;
  reserved: number;
  /** Places taken and freed that day. */
  taken: number;
  freed: number;
}

const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function addDays(day: string, days: number): string {
  return dayOf(dayMs(day) + days * DAY_MS);
}

/** The Monday of the week (Monday to Sunday) a day falls in. */
export function mondayOf(day: string): string {
  const weekday = new Date(dayMs(day)).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}

/** The Mondays of every week that overlaps from..to. */
export function weeksBetween(from: string, to: string): string[] {
  const weeks: string[] = [];
  for (let monday = mondayOf(from); monday <= to; monday = addDays(monday, 7)) weeks.push(monday);
  return weeks;
}

/** Every month (JJJJ-MM) from the month of `from` to the month of `to`. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = from.split("-").map(Number) as [number, number];
  const last = to.slice(0, 7);
  for (;;) {
    const key = `${year}-${String(month).padStart(2, "0")}`;
    if (key > last) return months;
    months.push(key);
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
}

/** The first day of the month `months` before the month of `day`. */
export function monthStartBefore(day: string, months: number): string {
  const [year, month] = day.split("-").map(Number) as [number, number];
  const index = year * 12 + (month - 1) - months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}-01`;
}

/**
 * Counts at the end of each week: every change up to that Sunday added up, history before the period included.
 * The changes must cover the log from its start; the current week ends at the last day the changes cover.
 */
export function occupancyByWeek(changes: readonly DayChange[], weeks: readonly string[]): OccupancyWeek[] {
  const sorted = [...changes].sort((a, b) => a.day.localeCompare(b.day));
  const totals = { capacity: 0, occupied: 0, reserved: 0 };
  let i = 0;
  return weeks.map((week) => {
    const nextMonday = addDays(week, 7);
    for (; i < sorted.length && (sorted[i] as DayChange).day < nextMonday; i++) {
      const change = sorted[i] as DayChange;
      totals.capacity += change.capacity;
      totals.occupied += change.occupied;
      totals.reserved += change.reserved;
    }
    const free = Math.max(0, totals.capacity - totals.occupied - totals.reserved);
    return { week, ...totals, free };
  });
}

/** A month's flows as counted, before any is withheld from a reader (service.ts, withholdSmallCells). */
export type CountedFlowMonth = { [K in keyof FlowMonth]: NonNullable<FlowMonth[K]> };

/** Placements of youths who lived in one zorgvorm (`from`) into another (`to`), per month: the doorstroom. */
export interface TransferCount {
  month: string;
  from: CareType;
  to: CareType;
  placements: number;
}

/**
 * Instroom and uitstroom per month from the day changes within from..to, the CPWV's share, and the doorstroom with the
 * part of it that moved to a more home-like zorgvorm ("zo thuis mogelijk", the order of CARE_TYPES).
 */
export function flowsByMonth(
  changes: readonly DayChange[],
  cpwv: readonly { month: string; places: number }[],
  transfers: readonly TransferCount[],
  months: readonly string[],
  from: string,
): CountedFlowMonth[] {
  const flows = new Map<string, CountedFlowMonth>(
    months.map((month) => [
      month,
      { month, instroom: 0, uitstroom: 0, viaCpwv: 0, doorstroom: 0, naarThuisnabijer: 0 },
    ]),
  );
  for (const change of changes) {
    const flow = change.day >= from ? flows.get(change.day.slice(0, 7)) : undefined;
    if (!flow) continue;
    flow.instroom += change.taken;
    flow.uitstroom += change.freed;
  }
  for (const { month, places } of cpwv) {
    const flow = flows.get(month);
    if (flow) flow.viaCpwv += places;
  }
  for (const transfer of transfers) {
    const flow = flows.get(transfer.month);
    if (!flow) continue;
    flow.doorstroom += transfer.placements;
    if (isMoreHomeLike(transfer.to, transfer.from)) flow.naarThuisnabijer += transfer.placements;
  }
  return [...flows.values()];
}

/** A count per month for every month of the period, zero where the database had no row. */
export function perMonth<K extends string>(
  rows: readonly ({ month: string } & Record<K, number>)[],
  months: readonly string[],
  key: K,
): ({ month: string } & Record<K, number>)[] {
  const found = new Map(rows.map((row) => [row.month, row[key]]));
  return months.map((month) => ({ month, [key]: found.get(month) ?? 0 }) as { month: string } & Record<K, number>);
}

/** How many waits fall in each bucket of WAIT_BUCKETS. */
export function waitBuckets(days: readonly number[]): Waiting["buckets"] {
  return WAIT_BUCKETS.map((bucket) => ({
    ...bucket,
    placements: days.filter((d) => d >= bucket.fromDays && (bucket.toDays === null || d < bucket.toDays)).length,
  }));
}
