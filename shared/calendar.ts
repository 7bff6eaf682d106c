// Calendar days in Europe/Amsterdam: "today" for the planning rules and the monitor, and the day a forecast starts from.
const dayFormat = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Amsterdam" });

const HOUR_MS = 3_600_000;
// Since 1946 (at the latest) Amsterdam's offset from UTC is a whole number of hours (CET, CEST), so its midnight
// falls on a UTC hour and every instant of one UTC hour has the same Amsterdam day. Formatting takes tens of
// microseconds, and a match call or a change asks for the day several times.
const WHOLE_HOURS_FROM = Date.UTC(1946, 0, 1);
let lastHour = Number.NaN;
let lastDay = "";

/** Today's calendar day in Amsterdam, "2026-11-23", wherever the server runs. */
export function amsterdamToday(now = new Date()): string {
  const ms = now.getTime();
  if (ms < WHOLE_HOURS_FROM) return dayFormat.format(now);
  const hour = Math.floor(ms / HOUR_MS);
  if (hour !== lastHour) {
    lastDay = dayFormat.format(now);
    lastHour = hour;
  }
  return lastDay;
}

/**
 * The forecast origin of a calendar day: its midnight in UTC. Planned dates are plain calendar days (JJJJ-MM-DD), so
 * "origin + 7 x week days" then names the same days the providers typed, whatever the server's time zone.
 */
export function originOf(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}
