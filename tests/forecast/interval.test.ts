// The 80% interval of a whole-number forecast: a boundary value counts only when at least half of its chance lies
// inside the 10-90% band, so small counts do not get intervals that always hold.
import { describe, expect, it } from "vitest";
import { interval80 } from "../../shared/rules/forecast-distribution.js";

const of = (...p: number[]) => interval80(new Float64Array(p));

describe("interval80", () => {
  it("when one value is nearly certain, then the interval is that value alone", () => {
    expect(of(1)).toEqual({ low: 0, high: 0 });
    expect(of(0.05, 0.9, 0.05)).toEqual({ low: 1, high: 1 });
  });

  it("when 0 free has an 85% chance, then 0-0, not 0-1 (which would hold every time)", () => {
    expect(of(0.85, 0.15)).toEqual({ low: 0, high: 0 });
  });

  it("when two values are equally likely, then both are in the interval", () => {
    expect(of(0.5, 0.5)).toEqual({ low: 0, high: 1 });
  });

  it("when ten values are equally likely, then the interval holds exactly 80% of them", () => {
    expect(of(...Array.from({ length: 10 }, () => 0.1))).toEqual({ low: 1, high: 8 });
  });

  it("when both ends would fall away, then the end with more chance inside the band stays", () => {
    // q10 = 0 and q90 = 1; 0 has 0.3 of its 0.45 inside the band, 1 has 0.45 of its 0.55: 1 keeps more.
    expect(of(0.45, 0.55)).toEqual({ low: 0, high: 1 });
    expect(of(0.12, 0.8, 0.08)).toEqual({ low: 1, high: 1 });
  });
});
