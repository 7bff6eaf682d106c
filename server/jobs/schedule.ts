// When a recurring job runs next, and its schedule in words. Daily slots are an hour on the Amsterdam clock, so they
// stay at 03:00 local through the change to and from summer time.
import { amsterdamToday } from "../../shared/calendar.js";
import type { JobSchedule } from "../../shared/schemas/jobs.js";

const AMSTERDAM = "Europe/Amsterdam";
const clock = new Intl.DateTimeFormat("en-GB", {
  timeZone: AMSTERDAM,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

/** The slot after the one claimed at `now`: intervals count from the claim, so a late check never runs twice. */
export function nextRunAfter(schedule: JobSchedule, now: Date): Date {
  if ("everySeconds" in schedule) return new Date(now.getTime() + schedule.everySeconds * 1000);
  const today = amsterdamToday(now);
  const at = amsterdamHour(today, schedule.dailyAtHour);
  return at > now ? at : amsterdamHour(dayAfter(today), schedule.dailyAtHour);
}

export function scheduleInWords(schedule: JobSchedule): string {
  if ("dailyAtHour" in schedule) return `dagelijks om ${String(schedule.dailyAtHour).padStart(2, "0")}:00`;
  const s = schedule.everySeconds;
  if (s % 3600 === 0) return s === 3600 ? "elk uur" : `elke ${s / 3600} uur`;
  if (s % 60 === 0) return s === 60 ? "elke minuut" : `elke ${s / 60} minuten`;
  return s === 1 ? "elke seconde" : `elke ${s} seconden`;
}

/** The instant the Amsterdam clock shows `hour`:00 on `day` (in the hour skipped in spring: an hour later). */
export function amsterdamHour(day: string, hour: number): Date {
  const [y = 0, m = 1, d = 1] = day.split("-").map(Number);
  const wall = Date.UTC(y, m - 1, d, hour);
  // The offset at a first guess, then at the instant it gives: right on both sides of a change of clock.
  const first = wall - offsetAt(new Date(wall));
  return new Date(wall - offsetAt(new Date(first)));
}

/** How far the Amsterdam clock is ahead of UTC at `at`, in ms (one or two hours). */
function offsetAt(at: Date): number {
  const p = Object.fromEntries(clock.formatToParts(at).map((part) => [part.type, Number(part.value)]));
  const wall = Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

function dayAfter(day: string): string {
  return new Date(Date.parse(`${day}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
