// The matching rule on hand-made cases: the order a regisseur would defend, and the reasons shown for it.
import { describe, expect, it } from "vitest";
import type { CareType } from "../../shared/domain.js";
import {
  type Candidate,
  type MatchRequest,
  matchLocations,
  type PlannedDeparture,
} from "../../shared/rules/matching.js";
import { candidate, ENSCHEDE, matchRequest } from "./builders.js";

const ALMELO = { lat: 52.357, lon: 6.663 };
const HENGELO = { lat: 52.266, lon: 6.793 };

const location = candidate;
const request = matchRequest;

/** The day the hand-made cases are matched on: their planned departures lie after it. */
const TODAY = "2026-11-23";
const order = (r: MatchRequest, cs: Candidate[], d: PlannedDeparture[] = []) =>
  matchLocations(r, cs, d, Number.POSITIVE_INFINITY, TODAY).matches.map((m) => m.locationId);

describe("matching", () => {
  it("when all else is equal, then the most home-like care type comes first", () => {
    const types: CareType[] = ["residentieel", "gezinshuis", "kleinschalig-wonen"];
    const cs = types.map((careType) => location({ careType }));
    expect(order(request(), cs)).toEqual([cs[1]!.id, cs[2]!.id, cs[0]!.id]);
  });

  it("when care types are not acceptable, ages or gender do not fit, then the location is excluded with the reason", () => {
    const pleeg = location({ careType: "pleegzorg" });
    const young = location({ ageMin: 0, ageMax: 12 });
    const boys = location({ gender: "jongens" });
    const { matches, excluded } = matchLocations(request(), [pleeg, young, boys], []);
    expect(matches).toEqual([]);
    expect(excluded.map((e) => e.reasons[0])).toEqual([
      "zorgvorm Pleegzorg niet gevraagd",
      "leeftijd 14 buiten 0–12",
      "alleen jongens",
    ]);
  });

  it("when two locations are equally far from home, then the one nearer the school ranks higher", () => {
    // Home in Hengelo, school in Almelo: the Almelo location is nearer the school; Enschede is about as far from home.
    const nearSchool = location({ ...ALMELO });
    const farFromSchool = location({ ...ENSCHEDE });
    const r = request({ homePostcode: "7551", schoolPostcode: "7601" });
    const result = matchLocations(r, [farFromSchool, nearSchool], []);
    const [first, second] = result.matches;
    expect(first?.locationId).toBe(nearSchool.id);
    expect(first!.distanceSchoolKm!).toBeLessThan(second!.distanceSchoolKm!);
    expect(first!.components.afstandSchool).toBeGreaterThan(second!.components.afstandSchool);
    expect(first?.explanation).toContain(`${first!.distanceSchoolKm!.toFixed(1).replace(".", ",")} km van school`);
  });

  it("when siblings are placed together, then only locations with enough places fit", () => {
    const two = location({ free: 2 });
    const three = location({ free: 3 });
    const { matches, excluded } = matchLocations(request({ siblings: 2 }), [two, three], []);
    expect(matches.map((m) => m.locationId)).toEqual([three.id]);
    expect(excluded).toEqual([{ locationId: two.id, reasons: ["geen 3 plekken vóór 2026-12-01"] }]);
  });

  it("when 3 places are free, then the explanation says 3 are free, not the places needed", () => {
    const three = location({ free: 3 });
    const one = location({ free: 1 });
    const alone = matchLocations(request(), [three, one], []).matches;
    expect(alone.find((m) => m.locationId === three.id)?.explanation).toContain("3 plekken nu vrij");
    expect(alone.find((m) => m.locationId === one.id)?.explanation).toContain("1 plek nu vrij");
    const [siblings] = matchLocations(request({ siblings: 1 }), [three], []).matches;
    expect(siblings?.explanation).toContain("3 plekken nu vrij, 2 nodig");
  });

  it("when a location's contra-indication hits the youth, then it is listed, flagged with the reason, and ranked lower in its care type", () => {
    const flagged = location({ careType: "gezinshuis", contraIndications: ["brandstichting", "verslaving"] });
    const clean = location({ careType: "gezinshuis", ...HENGELO });
    const { matches } = matchLocations(
      request({ characteristics: ["brandstichting", "trauma"] }),
      [flagged, clean],
      [],
    );
    expect(matches.map((m) => m.locationId)).toEqual([clean.id, flagged.id]);
    expect(matches[1]?.contraIndications).toEqual(["brandstichting"]);
    expect(matches[1]?.components.contraIndicatie).toBeLessThan(0);
    expect(matches[1]?.explanation.join(" ")).toMatch(/contra-indicatie van de aanbieder: brandstichting/);
  });

  it("when a location is full but a certain departure comes before the wanted start, then it fits 'vrij per' that date", () => {
    const full = location({ free: 0 });
    const departures: PlannedDeparture[] = [
      { locationId: full.id, expectedDate: "2026-11-28", certainty: "zeker" },
      { locationId: full.id, expectedDate: "2026-11-20", certainty: "onzeker" },
    ];
    const [match] = matchLocations(request(), [full], departures, Number.POSITIVE_INFINITY, TODAY).matches;
    expect(match).toMatchObject({ locationId: full.id, availableFrom: "2026-11-28" });
    expect(match?.explanation).toContain(
      "vrij per 2026-11-28 (geplande uitstroom, zeker); gerangschikt na de vrije plekken",
    );
    expect(match?.certainty).toBe("zeker");
    const late = matchLocations(request({ wantedStart: "2026-11-25" }), [full], departures, 10, TODAY);
    expect(late.matches).toEqual([]);
  });

  it("when a planned departure's date has passed without the plan being moved, then it no longer makes a place 'vrij per'", () => {
    const full = location({ free: 0 });
    const departures: PlannedDeparture[] = [{ locationId: full.id, expectedDate: "2026-11-20", certainty: "zeker" }];
    expect(matchLocations(request(), [full], departures, 10, "2026-11-20").matches).toHaveLength(1);
    const after = matchLocations(request(), [full], departures, 10, "2026-11-21");
    expect(after.matches).toEqual([]);
    expect(after.excluded[0]?.reasons).toContain("geen plek vóór 2026-12-01");
  });

  it("when a place is free now and another only planned, then free now ranks higher", () => {
    const now = location({ free: 1, ...HENGELO });
    const later = location({ free: 0, ...HENGELO });
    const departures: PlannedDeparture[] = [
      { locationId: later.id, expectedDate: "2026-11-30", certainty: "waarschijnlijk" },
    ];
    expect(order(request(), [later, now], departures)).toEqual([now.id, later.id]);
  });

  it("every match explains each component", () => {
    const [match] = matchLocations(
      request({ characteristics: ["trauma"] }),
      [location({ targetGroups: ["trauma"] })],
      [],
    ).matches;
    expect(Object.keys(match!.components).sort()).toEqual(
      [
        "afstandSchool",
        "afstandThuis",
        "beschikbaarheid",
        "contraIndicatie",
        "doelgroep",
        "soortPlek",
        "zorgvorm",
      ].sort(),
    );
    expect(match?.explanation.some((e) => e.startsWith("Residentieel"))).toBe(true);
    expect(match?.explanation).toContain("doelgroep: 1 van 1 kenmerken (trauma)");
    expect(match!.score).toBeCloseTo(
      Object.values(match!.components).reduce((a, b) => a + b, 0),
      0,
    );
  });
});
