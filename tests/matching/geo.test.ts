// Where a PC4 lies, from the shipped open data set (shared/pc4): real distances between real places, edge areas of the
// region known, and an area the table does not hold unknown rather than guessed.
import { describe, expect, it } from "vitest";
import { MUNICIPALITIES, MUNICIPALITY_NAMES } from "../../shared/domain.js";
import {
  areaOfPostcode,
  distanceKm,
  municipalityOfPostcode,
  type Point,
  pointOfPostcode,
  postcodesOf,
} from "../../shared/geo.js";
import { type Candidate, type MatchRequest, matchLocations } from "../../shared/rules/matching.js";

const at = (pc4: string): Point => {
  const point = pointOfPostcode(pc4);
  if (!point) throw new Error(`${pc4} is not in the table`);
  return point;
};
const km = (a: string, b: string) => distanceKm(at(a), at(b));

describe("PC4 centroids", () => {
  it("when two town centres are measured, then the distance is the known one (as the crow flies)", () => {
    expect(km("7511", "7551")).toBeGreaterThan(7); // Enschede - Hengelo: about 9 km
    expect(km("7511", "7551")).toBeLessThan(11);
    expect(km("7511", "7411")).toBeGreaterThan(46); // Enschede - Deventer: about 50 km
    expect(km("7511", "7411")).toBeLessThan(55);
    expect(km("8011", "7511")).toBeGreaterThan(58); // Zwolle - Enschede: about 63 km
    expect(km("8011", "7511")).toBeLessThan(68);
    expect(km("7461", "7442")).toBeGreaterThan(4); // Rijssen - Nijverdal: about 7 km
    expect(km("7461", "7442")).toBeLessThan(9);
    expect(km("7701", "7511")).toBeGreaterThan(46); // Dedemsvaart - Enschede: about 52 km
    expect(km("7701", "7511")).toBeLessThan(57);
  });

  it("when the home is in Deventer (7411), then it lies in Deventer, not at a Hellendoorn location's door", () => {
    // The old range table put 7400-7439 at Hellendoorn's centre: "1,9 km van huis" from Nijverdal.
    expect(km("7411", "7442")).toBeGreaterThan(20);
    expect(municipalityOfPostcode("7411")).toBeUndefined();
    expect(areaOfPostcode("7411")?.gemeente).toBe("Deventer");
  });

  it("when a PC4 lies at the region's edge or just outside it, then it has its own point and its gemeente", () => {
    expect(municipalityOfPostcode("7461")).toBe("Rijssen-Holten");
    expect(municipalityOfPostcode("7511")).toBe("Enschede");
    expect(municipalityOfPostcode("7551")).toBe("Hengelo");
    expect(areaOfPostcode("8011")?.gemeente).toBe("Zwolle");
    expect(areaOfPostcode("7701")?.gemeente).toBe("Hardenberg");
    expect(municipalityOfPostcode("8011")).toBeUndefined();
    expect(municipalityOfPostcode("7701")).toBeUndefined();
    // Achterhoek and south-east Drenthe are in the table too.
    expect(areaOfPostcode("7101")?.gemeente).toBe("Winterswijk");
    expect(areaOfPostcode("7811")?.gemeente).toBe("Emmen");
  });

  it("when a PC4 is not in the table, then it is unknown, never the centre of some gemeente", () => {
    for (const pc4 of ["1012", "9711", "6511", "7550", "0000", "", "abcd"]) {
      expect(pointOfPostcode(pc4), pc4).toBeUndefined();
      expect(municipalityOfPostcode(pc4), pc4).toBeUndefined();
    }
  });

  it("when a PC4's places lie in two gemeenten, then the gemeente with most of them gives the point", () => {
    // GeoNames files 7881 twice under Emmen and once (Dwingeloo, 40 km away) under Westerveld.
    expect(areaOfPostcode("7881")?.gemeente).toBe("Emmen");
    expect(km("7881", "7811")).toBeLessThan(10);
  });

  it("when Twente's gemeenten are listed, then each has its areas and its own centre lies among them", () => {
    for (const m of MUNICIPALITIES) {
      expect(postcodesOf(m.name).length, m.name).toBeGreaterThan(0);
      expect(postcodesOf(m.name), m.name).toContain(m.pc4);
      expect(distanceKm(at(m.pc4), m), m.name).toBeLessThan(8);
    }
    const all = MUNICIPALITY_NAMES.flatMap((m) => postcodesOf(m));
    expect(all.every((pc4) => /^7[4-6]\d\d$/.test(pc4))).toBe(true);
    expect(new Set(all).size).toBe(all.length);
  });
});

describe("distances in matching", () => {
  const request: MatchRequest = {
    age: 14,
    gender: "meisje",
    homePostcode: "7461", // Rijssen
    schoolPostcode: "8011", // Zwolle: outside the region
    characteristics: [],
    acceptableCareTypes: ["gezinshuis", "kleinschalig-wonen", "residentieel"],
    siblings: 0,
    wantedStart: "2026-12-01",
  };
  const location = (id: number, point: Point): Candidate => ({
    id,
    careType: "gezinshuis",
    ageMin: 0,
    ageMax: 18,
    gender: "alle",
    free: 1,
    targetGroups: [],
    contraIndications: [],
    ...point,
  });

  it("when the school lies outside the region, then its distance still counts", () => {
    const zwolle = location(1, at("8013"));
    const enschede = location(2, at("7511"));
    const { matches } = matchLocations(request, [enschede, zwolle], [], Number.POSITIVE_INFINITY, "2026-11-23");
    const byId = new Map(matches.map((m) => [m.locationId, m]));
    expect(byId.get(1)?.distanceSchoolKm).toBeLessThan(5);
    expect(byId.get(2)?.distanceSchoolKm).toBeGreaterThan(55);
    expect(byId.get(1)!.components.afstandSchool).toBeGreaterThan(byId.get(2)!.components.afstandSchool);
  });

  it("when the home PC4 is unknown, then no home distance is made up", () => {
    const { matches } = matchLocations(
      { ...request, homePostcode: "1012" },
      [location(3, at("7461"))],
      [],
      Number.POSITIVE_INFINITY,
      "2026-11-23",
    );
    expect(matches[0]?.distanceHomeKm).toBeNull();
    expect(matches[0]?.components.afstandThuis).toBe(0);
  });
});
