// The numbers ranking works with instead of the lists: they must give what the lists give, to the last bit.
import { describe, expect, it } from "vitest";
import { distanceKm } from "../../shared/geo.js";
import { cosOfLatitude, distanceWithKm } from "../../shared/rules/matching-facts.js";
import { cutKey } from "../../shared/rules/matching-rank.js";

describe("ranking on precomputed facts", () => {
  it("when both cosines are given, then the distance is distanceKm's to the last bit", () => {
    for (let i = 0; i < 2000; i++) {
      const a = { lat: 50.7 + ((i * 7919) % 2700) / 1000, lon: 3.3 + ((i * 104729) % 3900) / 1000 };
      const b = { lat: 50.7 + ((i * 15485863) % 2700) / 1000, lon: 3.3 + ((i * 32452843) % 3900) / 1000 };
      const given = distanceWithKm(a, cosOfLatitude(a.lat), b.lat, b.lon, cosOfLatitude(b.lat));
      expect(Object.is(given, distanceKm(a, b)), `${JSON.stringify([a, b])}`).toBe(true);
    }
  });

  it("when the list is cut at a limit, then the cut is the limit-th best key of a full sort, ties included", () => {
    for (let n = 1; n < 300; n += 7) {
      const keys = Array.from({ length: n }, (_, i) => ({ key: ((i * 7919) % 37) - 18 + (i % 3) * 0.5 }));
      for (const limit of [1, 5, 50, n - 1, n]) {
        const sorted = keys.map((k) => k.key).sort((x, y) => y - x);
        const expected = n <= limit ? Number.NEGATIVE_INFINITY : sorted[limit - 1];
        expect(cutKey(keys, limit), `n ${n} limit ${limit}`).toBe(expected);
      }
    }
  });
});
