// The demo's region rules (#22): places that come free next week at full groups, with a request they fit, so "vrij
// per" shows in its matches; JeugdzorgPlus requests with and without the kinderrechter's machtiging, so one lists the
// secure places as allowed and the other as not allowed. Made through the use cases, like the rest of the worklist.
import type { CareType, Characteristic } from "../../../shared/domain.js";
import { plannedMoveInputSchema } from "../../../shared/schemas/forecast.js";
import { registerMove } from "../../features/forecast/planning.js";
import { type Day, dayAfter, ownLocations, redate, submit, youth } from "./worklist.js";

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** The Monday after `today` (JJJJ-MM-DD): "next week" on any day the demo is seeded. */
function nextMonday(today: string): string {
  const weekday = new Date(`${today}T12:00:00Z`).getUTCDay();
  return dayAfter(today, (8 - weekday) % 7 || 7);
}

/**
 * Zeker departures next week (Monday and Wednesday) at the demo aanbieder's first full kleinschalig wonen and
 * residential group, registered by it; then a request for a youth the first one fits, searching, whose matches list
 * that group "vrij per" next week after the places free now.
 */
export async function comingFree(day: Day): Promise<void> {
  const rows = await ownLocations(day.deps.db, day.providerId);
  const full = (careType: CareType) => rows.find((l) => l.careType === careType && l.free === 0 && l.occupied > 0);
  const groups = [full("kleinschalig-wonen"), full("residentieel")].filter((l) => l !== undefined);
  const monday = nextMonday(day.today);
  for (const [i, group] of groups.entries()) {
    const move = { direction: "uitstroom", expectedDate: dayAfter(monday, 2 * i), certainty: "zeker" };
    await registerMove(
      { db: day.deps.db, changed: () => {} },
      group.id,
      plannedMoveInputSchema.parse(move),
      day.as.aanbieder,
    );
  }
  const first = groups[0] && (await day.own()).find((l) => l.id === groups[0]?.id);
  if (!first) return;
  const request = await submit(day, youth(day, first, { wantedStart: dayAfter(day.today, 21) }), {
    record: true,
    search: true,
  });
  const made = day.now - 2 * DAY - 4 * HOUR;
  await redate(day, request.id, [made, made + HOUR, made + 3 * HOUR]);
}

/** Two spoed requests for JeugdzorgPlus only: one with the machtiging (machtiging-jz), one still without it. */
export async function jeugdzorgPlus(day: Day): Promise<void> {
  const snapshot = await day.deps.matchIndex.current();
  // The one with the most free places (then the lowest id): the request with the machtiging must find a place now,
  // whatever the history left at this hour; the lowest id alone was sometimes full.
  const secure = [...snapshot.locations.values()]
    .map((c) => c.location)
    .filter((l) => l.careType === "jeugdzorgplus")
    .sort((a, b) => b.free - a.free || a.id - b.id)[0];
  if (!secure) return;
  const variants: Characteristic[][] = [["machtiging-jz"], []];
  for (const [i, characteristics] of variants.entries()) {
    const input = youth(day, secure, {
      urgency: "spoed",
      characteristics,
      acceptableCareTypes: ["jeugdzorgplus"],
      wantedStart: dayAfter(day.today, 7),
    });
    const request = await submit(day, input, { record: true, search: true });
    const made = day.now - (i + 1) * DAY - 6 * HOUR;
    await redate(day, request.id, [made, made + 2 * HOUR, made + 3 * HOUR]);
  }
}
