// "Thuis, tenzij" when reserving: which more home-like option obliges a reason to pass it over.
import { describe, expect, it } from "vitest";
import { betterCareType, fitsFreely, moreHomeLikeTypes, type Option } from "../../shared/rules/thuis-tenzij.js";

const option = (overrides: Partial<Option> = {}): Option => ({
  careType: "gezinshuis",
  availableFrom: null,
  notAllowed: [],
  contraIndications: [],
  stale: false,
  crisisException: false,
  crisisPlace: false,
  ...overrides,
});

describe("thuis, tenzij", () => {
  it("when a gezinshuis fits freely, then reserving a residential group names the gezinshuis as better", () => {
    expect(betterCareType("residentieel", [option({ careType: "residentieel" }), option()])).toBe("gezinshuis");
  });

  it("names the most home-like of several better types", () => {
    const options = [option({ careType: "kleinschalig-wonen" }), option({ careType: "pleegzorg" }), option()];
    expect(betterCareType("residentieel", options)).toBe("pleegzorg");
  });

  it("when the chosen type is the most home-like that fits freely, then no reason is needed", () => {
    expect(betterCareType("gezinshuis", [option(), option({ careType: "residentieel" })])).toBeUndefined();
  });

  it("a place only planned free, not allowed, flagged by a contra-indication, with stale numbers or a crisis place taken by exception obliges nothing", () => {
    expect(fitsFreely(option())).toBe(true);
    const notFree = [
      option({ availableFrom: "2026-12-01" }),
      option({ notAllowed: ["Geen machtiging JeugdzorgPlus"] }),
      option({ contraIndications: ["agressie"] }),
      option({ stale: true }),
      option({ crisisException: true }),
    ];
    for (const o of notFree) expect(fitsFreely(o)).toBe(false);
    expect(betterCareType("residentieel", notFree)).toBeUndefined();
  });

  it("when a crisis request takes a crisis place, then only a more home-like crisis place obliges a reason, not a regular one", () => {
    const regularGezinshuis = option();
    const crisisGezinshuis = option({ crisisPlace: true });
    expect(betterCareType("kleinschalig-wonen", [regularGezinshuis], true)).toBeUndefined();
    expect(betterCareType("kleinschalig-wonen", [regularGezinshuis, crisisGezinshuis], true)).toBe("gezinshuis");
    // A crisis request taking a regular place, or a regular request, passes over any fitting free place.
    expect(betterCareType("kleinschalig-wonen", [regularGezinshuis], false)).toBe("gezinshuis");
  });

  it("only the request's acceptable types more home-like than the chosen one are looked at, in the domain's order", () => {
    expect(moreHomeLikeTypes(["residentieel", "gezinshuis", "pleegzorg"], "residentieel")).toEqual([
      "pleegzorg",
      "gezinshuis",
    ]);
    expect(moreHomeLikeTypes(["residentieel", "jeugdzorgplus"], "residentieel")).toEqual([]);
  });
});
