// The Amsterdam day of an instant, remembered per UTC hour (shared/calendar.ts): it must be the day Intl gives for
// that very instant, at every hour, on the nights the clocks change, around midnight and going back in time.
import { describe, expect, it } from "vitest";
import { amsterdamToday } from "../../shared/calendar.js";

const intl = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Amsterdam" });
const MINUTE = 60_000;

describe("amsterdamToday", () => {
  it("when asked for every ten minutes of two years, forwards and backwards, then it gives Intl's day each time", () => {
    const from = Date.UTC(2026, 0, 1);
    const to = Date.UTC(2028, 0, 1);
    const differing: string[] = [];
    const check = (ms: number) => {
      const day = amsterdamToday(new Date(ms));
      if (day !== intl.format(new Date(ms))) differing.push(new Date(ms).toISOString());
    };
    for (let ms = from; ms < to; ms += 10 * MINUTE) check(ms);
    for (let ms = to; ms > from; ms -= 10 * MINUTE) check(ms);
    expect(differing).toEqual([]);
  });

  it("when the clocks change or midnight passes, then the millisecond before and after each get their own day", () => {
    // 2026-03-29 01:00 UTC: 02:00 CET becomes 03:00 CEST; 2026-10-25 01:00 UTC: 03:00 CEST becomes 02:00 CET.
    // Amsterdam's midnight is 23:00 UTC in winter and 22:00 UTC in summer.
    const moments = [
      Date.UTC(2026, 2, 29, 1),
      Date.UTC(2026, 9, 25, 1),
      Date.UTC(2026, 0, 14, 23),
      Date.UTC(2026, 6, 14, 22),
      Date.UTC(2026, 11, 31, 23),
    ];
    for (const at of moments) {
      for (const ms of [at - 1, at, at + 1, at - 1])
        expect(amsterdamToday(new Date(ms))).toBe(intl.format(new Date(ms)));
    }
    expect(amsterdamToday(new Date(Date.UTC(2026, 0, 14, 22, 59, 59, 999)))).toBe("2026-01-14");
    expect(amsterdamToday(new Date(Date.UTC(2026, 0, 14, 23)))).toBe("2026-01-15");
    expect(amsterdamToday(new Date(Date.UTC(2026, 6, 14, 21, 59, 59, 999)))).toBe("2026-07-14");
    expect(amsterdamToday(new Date(Date.UTC(2026, 6, 14, 22)))).toBe("2026-07-15");
  });

  it("when the instant is from before 1946, then it is Intl's day too, whatever the zone data says of those years", () => {
    // Amsterdam kept its own mean time (UTC+00:19:32) until 1937; zone data since 2022 gives Brussels' hours instead.
    // Either way the answer is the runtime's own.
    for (const ms of [
      Date.UTC(1930, 4, 1, 22, 40, 29),
      Date.UTC(1930, 4, 1, 23, 40, 27),
      Date.UTC(1930, 4, 1, 23, 40, 29),
    ]) {
      expect(amsterdamToday(new Date(ms))).toBe(intl.format(new Date(ms)));
    }
  });
});
