// The region's rules in the order of a match list: "thuis, tenzij" as an order of care types, JeugdzorgPlus only with
// a machtiging, contra-indications ranked lower, stale numbers after confirmed ones. Pure functions of shared/, on
// hand-made locations.
import { describe, expect, it } from "vitest";
import {
  type Candidate,
  type MatchRequest,
  matchLocations,
  NO_MACHTIGING_JZ,
  notAllowedReasons,
} from "../../shared/rules/matching.js";
import { candidate, matchRequest } from "./builders.js";

// About 13 km from Enschede: the gezinshuis of the example, farther from home than the residential group.
const HENGELO_NORTH = { lat: 52.33, lon: 6.83 };

const location = candidate;
const request = (overrides: Partial<MatchRequest> = {}): MatchRequest =>
  matchRequest({
    gender: "jongen",
    acceptableCareTypes: ["gezinshuis", "kleinschalig-wonen", "residentieel", "jeugdzorgplus"],
    ...overrides,
  });

const TODAY = "2026-11-23";
const NOW = Date.parse("2026-11-23T12:00:00Z");
const STALE_BEFORE = NOW - 72 * 3_600_000;
const run = (r: MatchRequest, cs: Candidate[], limit = Number.POSITIVE_INFINITY) =>
  matchLocations(r, cs, [], limit, TODAY, STALE_BEFORE);
const ids = (r: MatchRequest, cs: Candidate[]) => run(r, cs).matches.map((m) => m.locationId);

describe("thuis, tenzij: care types as an order", () => {
  it("when a residential group is near and a gezinshuis far, then the gezinshuis still comes first", () => {
    const nearGroup = location({ careType: "residentieel", targetGroups: [] });
    const farFamilyHome = location({ careType: "gezinshuis", ...HENGELO_NORTH });
    const { matches } = run(request(), [nearGroup, farFamilyHome]);
    expect(matches.map((m) => m.locationId)).toEqual([farFamilyHome.id, nearGroup.id]);
    expect(matches[0]!.distanceHomeKm!).toBeGreaterThan(matches[1]!.distanceHomeKm!);
  });

  it("when several locations share a care type, then the score ranks them within it", () => {
    const farGroup = location({ careType: "residentieel", ...HENGELO_NORTH });
    const nearGroup = location({ careType: "residentieel" });
    const kleinschalig = location({ careType: "kleinschalig-wonen", ...HENGELO_NORTH });
    const { matches } = run(request(), [farGroup, nearGroup, kleinschalig]);
    expect(matches.map((m) => m.locationId)).toEqual([kleinschalig.id, nearGroup.id, farGroup.id]);
    expect(matches[1]!.score).toBeGreaterThan(matches[2]!.score);
  });

  it("when the list is limited, then the best of the most home-like groups make it, not the best scores", () => {
    const groups = Array.from({ length: 5 }, () => location({ careType: "residentieel" }));
    const familyHome = location({ careType: "gezinshuis", ...HENGELO_NORTH });
    const { matches, fitting } = run(request(), [...groups, familyHome], 2);
    expect(fitting).toBe(6);
    expect(matches.map((m) => m.locationId)).toEqual([familyHome.id, groups[0]!.id]);
  });
});

describe("JeugdzorgPlus only with a machtiging", () => {
  it("when the request has no machtiging-jz, then a JZ+ location is listed as not allowed with the reason, last", () => {
    const jzPlus = location({ careType: "jeugdzorgplus" });
    const group = location({ careType: "residentieel", ...HENGELO_NORTH });
    const { matches, fitting, excluded } = run(request(), [jzPlus, group]);
    expect(fitting).toBe(2);
    expect(excluded).toEqual([]);
    expect(matches.map((m) => m.locationId)).toEqual([group.id, jzPlus.id]);
    expect(matches[1]?.notAllowed).toEqual([NO_MACHTIGING_JZ]);
    expect(matches[1]?.explanation).toContain("niet toegestaan: Geen machtiging JeugdzorgPlus");
    expect(matches[0]?.notAllowed).toEqual([]);
  });

  it("when the request has machtiging-jz, then the JZ+ location is allowed and the machtiging is no target-group need", () => {
    const jzPlus = location({ careType: "jeugdzorgplus" });
    const r = request({ characteristics: ["machtiging-jz"] });
    const [match] = run(r, [jzPlus]).matches;
    expect(match?.notAllowed).toEqual([]);
    expect(notAllowedReasons(r, jzPlus)).toEqual([]);
    expect(match?.components.doelgroep).toBe(15);
  });

  it("when a crisis request has no machtiging, then a JZ+ crisis bed is no crisis place for it: lawful places come first, also at limit 1", () => {
    const r = request({ urgency: "crisis", acceptableCareTypes: ["gezinshuis", "residentieel", "jeugdzorgplus"] });
    const jzPlus = location({ careType: "jeugdzorgplus", free: 1, crisisPlaces: 1 });
    const familyHome = location({ careType: "gezinshuis", free: 1 });
    const { matches } = run(r, [jzPlus, familyHome]);
    expect(matches.map((m) => m.locationId)).toEqual([familyHome.id, jzPlus.id]);
    expect(matches[1]?.notAllowed).toEqual([NO_MACHTIGING_JZ]);
    expect(run(r, [jzPlus, familyHome], 1).matches.map((m) => m.locationId)).toEqual([familyHome.id]);
    // With the machtiging the crisis bed is the youth's to take, and a free crisis place comes first.
    const lawful = { ...r, characteristics: ["machtiging-jz" as const] };
    expect(ids(lawful, [familyHome, jzPlus])).toEqual([jzPlus.id, familyHome.id]);
  });

  it("a machtiging does not forbid other care types, and other care types never need one", () => {
    expect(notAllowedReasons(request(), location({ careType: "gezinshuis" }))).toEqual([]);
    expect(notAllowedReasons(request(), location({ careType: "jeugdzorgplus" }))).toEqual([NO_MACHTIGING_JZ]);
  });
});

describe("contra-indications: shown, flagged, ranked lower (domain.md rule 4)", () => {
  // About 150 km from Enschede: nothing of the distance parts is left.
  const AMSTERDAM = { lat: 52.37, lon: 4.89 };

  it("when a flagged group is near, serves the youth's needs and offers treatment, then a clean far group of its care type still comes first", () => {
    const r = request({ characteristics: ["trauma", "weglopen"], flags: ["behandeling"] });
    const flagged = location({
      careType: "residentieel",
      targetGroups: ["trauma"],
      treatment: true,
      contraIndications: ["weglopen"],
    });
    const clean = location({ careType: "residentieel", ...AMSTERDAM });
    const { matches } = run(r, [flagged, clean]);
    expect(matches.map((m) => m.locationId)).toEqual([clean.id, flagged.id]);
    // The flagged one scores better on everything but the contra-indication: the order is the rule, not the points.
    expect(matches[1]?.contraIndications).toEqual(["weglopen"]);
    expect(matches[1]!.score - matches[1]!.components.contraIndicatie).toBeGreaterThan(matches[0]!.score);
  });

  it("with a place of unknown position and siblings as the contra-indication, the clean one comes first as well", () => {
    const r = request({ characteristics: ["trauma", "broers-zussen"], siblings: 1, flags: ["behandeling"] });
    const flagged = location({
      careType: "residentieel",
      free: 2,
      targetGroups: ["trauma"],
      treatment: true,
      contraIndications: ["broers-zussen"],
    });
    const clean = location({ careType: "residentieel", free: 2, lat: null, lon: null });
    expect(ids(r, [flagged, clean])).toEqual([clean.id, flagged.id]);
  });

  it("a flagged place keeps its care type's place: a flagged gezinshuis before a clean residential group", () => {
    const r = request({ characteristics: ["agressie"] });
    const flaggedHome = location({ careType: "gezinshuis", contraIndications: ["agressie"] });
    const cleanGroup = location({ careType: "residentieel" });
    expect(ids(r, [cleanGroup, flaggedHome])).toEqual([flaggedHome.id, cleanGroup.id]);
  });
});

describe("stale numbers rank after confirmed ones", () => {
  const fresh = new Date(NOW - 3_600_000);
  const old = new Date("2026-11-18T09:00:00Z");

  it("when a nearer location's numbers are stale, then a confirmed one of the same care type comes first, and it says why", () => {
    const staleNear = location({ careType: "gezinshuis", lastConfirmedAt: old });
    const confirmedFar = location({ careType: "gezinshuis", ...HENGELO_NORTH, lastConfirmedAt: fresh });
    const { matches } = run(request(), [staleNear, confirmedFar]);
    expect(matches.map((m) => m.locationId)).toEqual([confirmedFar.id, staleNear.id]);
    expect(matches[1]?.stale).toBe(true);
    expect(matches[0]?.stale).toBe(false);
    expect(matches[1]?.explanation.join(" ")).toContain("cijfers verouderd: sinds 2026-11-18 niet bevestigd");
    expect(matches[0]?.explanation.join(" ")).not.toContain("verouderd");
  });

  it("a stale location still keeps its care type's place: stale gezinshuis before a confirmed residential group", () => {
    const staleFamilyHome = location({ careType: "gezinshuis", lastConfirmedAt: old });
    const confirmedGroup = location({ careType: "residentieel", lastConfirmedAt: fresh });
    expect(ids(request(), [confirmedGroup, staleFamilyHome])).toEqual([staleFamilyHome.id, confirmedGroup.id]);
  });

  it("without a stale cutoff, nothing is stale", () => {
    const staleNear = location({ careType: "gezinshuis", lastConfirmedAt: old });
    const [match] = matchLocations(request(), [staleNear], [], 10, TODAY).matches;
    expect(match?.stale).toBe(false);
  });
});
