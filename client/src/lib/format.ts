// Dates and times as Dutch users read them: nl-NL, Europe/Amsterdam, whatever the browser's own settings.
const LOCALE = "nl-NL";
const TIME_ZONE = "Europe/Amsterdam";

const dateTimeFormat = new Intl.DateTimeFormat(LOCALE, { timeZone: TIME_ZONE, dateStyle: "long", timeStyle: "short" });
const relativeFormat = new Intl.RelativeTimeFormat(LOCALE, { numeric: "auto" });

/** "23 november 2025 om 10:15". */
export function formatDateTime(value: string | Date): string {
  return dateTimeFormat.format(typeof value === "string" ? new Date(value) : value);
}

// No weeks: "10 dagen geleden" tells a regisseur more than "1 week geleden".
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

/** "3 uur geleden", "gisteren", "zojuist". Rounds down: a confirmation of 47 hours ago is not yet "2 dagen geleden". */
export function formatRelative(value: string | Date, now: Date): string {
  const then = typeof value === "string" ? Date.parse(value) : value.getTime();
  const elapsedSeconds = (now.getTime() - then) / 1000;
  const magnitude = Math.abs(elapsedSeconds);
  if (magnitude < 60) return "zojuist";
  for (const [unit, seconds] of UNITS) {
    if (magnitude >= seconds) {
      const amount = Math.floor(magnitude / seconds);
      return relativeFormat.format(elapsedSeconds >= 0 ? -amount : amount, unit);
    }
  }
  return "zojuist";
}

const timestampFormat = new Intl.DateTimeFormat(LOCALE, {
  timeZone: TIME_ZONE,
  dateStyle: "medium",
  timeStyle: "medium",
});

/** "23 nov 2025, 10:15:03": to the second, for logs where the order of events matters. */
export function formatTimestamp(value: string | Date): string {
  return timestampFormat.format(typeof value === "string" ? new Date(value) : value);
}

const offsetFormat = new Intl.DateTimeFormat("en-US", { timeZone: TIME_ZONE, timeZoneName: "longOffset" });

/** Amsterdam's offset from UTC at an instant, in minutes: 60 in winter, 120 in summer. */
function amsterdamOffsetMinutes(instantMs: number): number {
  const name = offsetFormat.formatToParts(instantMs).find((p) => p.type === "timeZoneName")?.value ?? "";
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0;
  return (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

/**
 * The UTC instant of midnight in Amsterdam at the start of a calendar day ("2025-11-23"), whatever the browser's own
 * time zone: a day picked in a filter means the Dutch day.
 */
export function amsterdamDayStartIso(day: string): string {
  const wallClockAsUtc = Date.parse(`${day}T00:00:00Z`);
  const guess = wallClockAsUtc - amsterdamOffsetMinutes(wallClockAsUtc) * 60_000;
  // Near a DST switch the offset at the guess can differ from the one at the wall-clock reading; the guess's wins.
  return new Date(wallClockAsUtc - amsterdamOffsetMinutes(guess) * 60_000).toISOString();
}

/** The last millisecond of that day in Amsterdam, for an inclusive "tot en met". */
export function amsterdamDayEndIso(day: string): string {
  const next = new Date(Date.parse(`${day}T00:00:00Z`) + 24 * 3_600_000).toISOString().slice(0, 10);
  return new Date(Date.parse(amsterdamDayStartIso(next)) - 1).toISOString();
}

// A calendar day (JJJJ-MM-DD) has no time zone: formatted as UTC it stays the day it says.
const dayFormat = new Intl.DateTimeFormat(LOCALE, { timeZone: "UTC", dateStyle: "long" });

/** "23 november 2026" for a calendar day "2026-11-23". */
export function formatDate(day: string): string {
  return dayFormat.format(new Date(`${day}T00:00:00Z`));
}

/** Today's calendar day in Amsterdam, "2026-11-23": the default of date fields. */
export function amsterdamToday(now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE }).format(now);
}

/** Whole days from an instant to another (or now): the waiting time of a request. */
export function daysBetween(from: string, to: string | Date = new Date()): number {
  const end = typeof to === "string" ? Date.parse(to) : to.getTime();
  return Math.max(0, Math.floor((end - Date.parse(from)) / 86_400_000));
}
