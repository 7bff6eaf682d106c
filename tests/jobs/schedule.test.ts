// Daily slots are an hour on the Amsterdam clock, through the changes to and from summer time; intervals count from
// the claim; the beheerder reads each schedule in words.
import { describe, expect, it } from "vitest";
import { nextRunAfter, scheduleInWords } from "../../server/jobs/schedule.js";

describe("job schedules", () => {
  it("when a daily job ran, then its next slot is the hour on the Amsterdam clock, in winter and in summer time", () => {
    // 13:00 in Amsterdam in January (UTC+1) and in July (UTC+2).
    expect(nextRunAfter({ dailyAtHour: 3 }, new Date("2031-01-15T12:00:00Z"))).toEqual(
      new Date("2031-01-16T02:00:00Z"),
    );
    expect(nextRunAfter({ dailyAtHour: 3 }, new Date("2031-07-15T11:00:00Z"))).toEqual(
      new Date("2031-07-16T01:00:00Z"),
    );
    // Before the hour on the same day: today's slot; on the hour itself: tomorrow's.
    expect(nextRunAfter({ dailyAtHour: 7 }, new Date("2031-01-15T05:59:00Z"))).toEqual(
      new Date("2031-01-15T06:00:00Z"),
    );
    expect(nextRunAfter({ dailyAtHour: 7 }, new Date("2031-01-15T06:00:00Z"))).toEqual(
      new Date("2031-01-16T06:00:00Z"),
    );
  });

  it("when the clocks change overnight, then the daily slot keeps its local hour", () => {
    // 30 March 2031: 02:00 becomes 03:00 (UTC+1 to UTC+2); 26 October 2031: 03:00 becomes 02:00.
    expect(nextRunAfter({ dailyAtHour: 7 }, new Date("2031-03-29T12:00:00Z"))).toEqual(
      new Date("2031-03-30T05:00:00Z"),
    );
    expect(nextRunAfter({ dailyAtHour: 7 }, new Date("2031-10-25T12:00:00Z"))).toEqual(
      new Date("2031-10-26T06:00:00Z"),
    );
    // The hour that does not exist in spring runs an hour later on the clock, once.
    expect(nextRunAfter({ dailyAtHour: 2 }, new Date("2031-03-29T12:00:00Z"))).toEqual(
      new Date("2031-03-30T01:00:00Z"),
    );
  });

  it("when an interval job ran, then its next slot is its interval after the claim", () => {
    expect(nextRunAfter({ everySeconds: 2 }, new Date("2031-01-15T12:00:00Z"))).toEqual(
      new Date("2031-01-15T12:00:02Z"),
    );
  });

  it("schedules read in Dutch", () => {
    expect(scheduleInWords({ everySeconds: 2 })).toBe("elke 2 seconden");
    expect(scheduleInWords({ everySeconds: 60 })).toBe("elke minuut");
    expect(scheduleInWords({ everySeconds: 300 })).toBe("elke 5 minuten");
    expect(scheduleInWords({ everySeconds: 3600 })).toBe("elk uur");
    expect(scheduleInWords({ dailyAtHour: 7 })).toBe("dagelijks om 07:00");
  });
});
