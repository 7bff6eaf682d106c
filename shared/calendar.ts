// Calendar days in Europe/Amsterdam: "today" for the planning rules and the monitor, and the day a forecast starts from.
const dayFormat = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Amsterdam" });

/** Today's calendar day in Amsterdam, "2026-11-23", wherever the server runs. */
export function amsterdamToday(now = new Date()): string {
  return dayFormat.format(now);
}

/**
 * The forecast origin of a calendar day: its midnight in UTC. Planned dates are plain calendar days (JJJJ-MM-DD), so
 * "origin + 7 x week days" then names the same days the providers typed, whatever the server's time zone.
 */
export function originOf(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}
