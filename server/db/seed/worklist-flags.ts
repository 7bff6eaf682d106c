// The demo's soort plek (#22 part 7): a respite request whose matches are the region's logeer-/respijtplekken only,
// and a request that asks for behandeling, whose matches say which places include it. Searching, made through the use
// cases like the rest of the worklist.
import type { CareType, RequestFlag } from "../../../shared/domain.js";
import { type Day, dayAfter, redate, submit, youth } from "./worklist.js";

const DAY = 86_400_000;
const HOUR = 3_600_000;

export async function placeFlagRequests(day: Day): Promise<void> {
  const snapshot = await day.deps.matchIndex.current();
  const open = [...snapshot.locations.values()].map((c) => c.location).sort((a, b) => a.id - b.id);
  const stories: { flags: RequestFlag[]; careTypes: CareType[]; at: (typeof open)[number] | undefined }[] = [
    {
      flags: ["logeer-respijt"],
      careTypes: ["pleegzorg", "gezinshuis"],
      at: open.find((l) => l.flags.includes("logeer-respijt") && l.free > 0),
    },
    {
      flags: ["behandeling"],
      careTypes: ["kleinschalig-wonen", "residentieel"],
      at: open.find((l) => l.treatment && l.careType === "residentieel" && l.free > l.crisisPlaces),
    },
  ];
  for (const [i, story] of stories.entries()) {
    if (!story.at) continue;
    const input = youth(day, story.at, {
      flags: story.flags,
      acceptableCareTypes: [...new Set([...story.careTypes, story.at.careType])],
      wantedStart: dayAfter(day.today, 10),
    });
    const request = await submit(day, input, { record: true, search: true });
    const made = day.now - (3 + i) * DAY - 5 * HOUR;
    await redate(day, request.id, [made, made + HOUR, made + 2 * HOUR]);
  }
}
