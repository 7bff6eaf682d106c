// The numbers ranking works with instead of the lists: they must give what the lists give, to the last bit.
import { describe, expect, it } from "vitest";
import { CARE_TYPES, CHARACTERISTICS, REQUEST_FLAGS } from "../../shared/domain.js";
import { distanceKm } from "../../shared/geo.js";
import {
  candidateFacts,
  characteristicBit,
  cosOfLatitude,
  distanceWithKm,
  requestFacts,
} from "../../shared/rules/matching-facts.js";
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

  it("when every code of the domain is a bit, then each has its own and all fit in a 32-bit mask", () => {
    // The masks are combined with | and &, which work on 32-bit integers: a 32nd characteristic would silently collide.
    for (const list of [CHARACTERISTICS, REQUEST_FLAGS, CARE_TYPES]) expect(list.length).toBeLessThanOrEqual(31);
    const all = CHARACTERISTICS.map(characteristicBit);
    expect(new Set(all).size).toBe(CHARACTERISTICS.length);
    for (const bit of all) expect(bit).toBeGreaterThan(0);
    const last = CHARACTERISTICS.at(-1) as string;
    const facts = candidateFacts({ careType: CARE_TYPES.at(-1), targetGroups: [last], contraIndications: [] } as never);
    expect(facts.targetGroups & characteristicBit(last)).not.toBe(0);
    expect(requestFacts({ acceptableCareTypes: [...CARE_TYPES], characteristics: [last] } as never).careTypes).toBe(
      2 ** CARE_TYPES.length - 1,
    );
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
