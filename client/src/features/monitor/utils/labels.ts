// How the monitor names weeks, months and waiting-time buckets for Dutch readers.
import type { WaitBucketId } from "../../../../../shared/schemas/monitor.js";

const monthFormat = new Intl.DateTimeFormat("nl-NL", { timeZone: "UTC", month: "short", year: "numeric" });
const dayFormat = new Intl.DateTimeFormat("nl-NL", { timeZone: "UTC", day: "numeric", month: "short" });
const weekFormat = new Intl.DateTimeFormat("nl-NL", {
  timeZone: "UTC",
  day: "numeric",
  month: "short",
  year: "2-digit",
});
const longDayFormat = new Intl.DateTimeFormat("nl-NL", { timeZone: "UTC", dateStyle: "long" });

/** "mrt 2025" for "2025-03". */
export function monthLabel(month: string): string {
  return monthFormat.format(new Date(`${month}-01T00:00:00Z`));
}

/** "3 mrt" for a calendar day. */
export function dayLabel(day: string): string {
  return dayFormat.format(new Date(`${day}T00:00:00Z`));
}

/** "3 mrt 25": a week's Monday on an axis spanning years. */
export function weekLabel(day: string): string {
  return weekFormat.format(new Date(`${day}T00:00:00Z`));
}

/** "3 maart 2025" for a calendar day. */
export function longDayLabel(day: string): string {
  return longDayFormat.format(new Date(`${day}T00:00:00Z`));
}

export const WAIT_BUCKET_LABELS: Record<WaitBucketId, string> = {
  "0-1": "< 1 dag",
  "1-7": "1–7 dagen",
  "7-14": "1–2 weken",
  "14-28": "2–4 weken",
  "28-56": "4–8 weken",
  "56-91": "8–13 weken",
  "91+": "> 13 weken",
};

/** Whole days with one decimal where it matters: "0,5", "12", "55". */
export function daysLabel(days: number): string {
  return days.toLocaleString("nl-NL", { maximumFractionDigits: days < 10 ? 1 : 0 });
}

/** Series colours: calm, distinguishable, AA against white for the lines. */
export const COLORS = {
  capacity: "#57606a",
  occupied: "#1d4f91",
  reserved: "#b06f00",
  free: "#176b3a",
  out: "#8a3ffc",
  cpwv: "#0f7c8c",
  through: "#b06f00",
  homeward: "#176b3a",
  decline: "#a1262b",
  band: "#9fc4ee",
} as const;
