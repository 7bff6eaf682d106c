// The region's rules in the ranking (issue #22): crisis places first for a crisis request and only by exception for a
// regular one, places that come free after the free ones by certainty and date, and the orthogonal flags as hard fit
// (respijt, kamertraining 16+) or as explained preferences (behandeling, pleegzorg form).
import { describe, expect, it } from "vitest";
import {
  type Candidate,
  type MatchRequest,
  matchLocations,
  type PlannedDeparture,
} from "../../shared/rules/matching.js";
import { candidate, matchRequest } from "./builders.js";

const TODAY = "2026-12-01";
const rank = (r: MatchRequest, cs: Candidate[], d: PlannedDeparture[] = []) =>
  matchLocations(r, cs, d, Number.POSITIVE_INFINITY, TODAY);
const ids = (r: MatchRequest, cs: Candidate[], d: PlannedDeparture[] = []) =>
  rank(r, cs, d).matches.map((m) => m.locationId);

describe("crisis places", () => {
  // A residentieel crisis group and a gezinshuis with a regular place: the gezinshuis is more home-like.
  const crisisGroup = () => candidate({ careType: "residentieel", free: 2, crisisPlaces: 2 });
  const gezinshuis = () => candidate({ careType: "gezinshuis", free: 1 });

  it("when a crisis request is matched, then free crisis places come first, even before a more home-like regular place", () => {
    const crisis = crisisGroup();
    const regular = gezinshuis();
    const result = rank(matchRequest({ urgency: "crisis" }), [regular, crisis]);
    expect(result.matches.map((m) => m.locationId)).toEqual([crisis.id, regular.id]);
    const [first, second] = result.matches;
    expect(first).toMatchObject({ crisisPlace: true, crisisException: false });
    expect(first?.explanation).toContain("crisisplek vrij: bij een crisisverzoek eerst");
    expect(second).toMatchObject({ crisisPlace: false, crisisException: false });
    expect(second?.explanation).toContain("geen vrije crisisplek: reguliere plek, na de crisisplekken");
  });

  it("when a regular request meets a location whose free places are all crisis places, then it is listed as an exception after the regular places of its care type", () => {
    const crisisOnly = candidate({ careType: "residentieel", free: 1, crisisPlaces: 1, lat: 52.22, lon: 6.89 });
    const farRegular = candidate({ careType: "residentieel", free: 1, lat: 52.35, lon: 6.66 });
    const result = rank(matchRequest(), [crisisOnly, farRegular]);
    // The crisis place lies nearer (higher score), yet ranks after the regular place.
    expect(result.matches.map((m) => m.locationId)).toEqual([farRegular.id, crisisOnly.id]);
    const exception = result.matches[1];
    expect(exception).toMatchObject({ crisisPlace: true, crisisException: true });
    expect(exception?.explanation.join(" ")).toMatch(
      /alleen crisisplekken vrij: een regulier verzoek neemt die alleen met een reden/,
    );
  });

  it("when a location has regular places free beside its crisis places, then a regular request takes a regular one without exception", () => {
    // 3 free of which 1 kept for crisis: 2 regular places free.
    const mixed = candidate({ free: 3, crisisPlaces: 1 });
    const [m] = rank(matchRequest({ siblings: 1 }), [mixed]).matches;
    expect(m).toMatchObject({ availableFrom: null, crisisPlace: false, crisisException: false });
    // Three siblings need 3 places: only by taking the crisis place too.
    const [three] = rank(matchRequest({ siblings: 2 }), [mixed]).matches;
    expect(three).toMatchObject({ crisisException: true });
  });

  it("when a regular request would take a crisis place now but a regular place comes free before the wanted start, then it is offered the regular place per that date", () => {
    const loc = candidate({ free: 1, crisisPlaces: 1 });
    const departures: PlannedDeparture[] = [
      { id: 7, locationId: loc.id, expectedDate: "2026-12-05", certainty: "zeker" },
    ];
    const [m] = rank(matchRequest({ wantedStart: "2026-12-10" }), [loc], departures).matches;
    expect(m).toMatchObject({ availableFrom: "2026-12-05", crisisException: false, departureIds: [7] });
  });
});

describe("places that come free", () => {
  it("when places come free, then they rank after every free place of their group: zeker before waarschijnlijk, earlier before later", () => {
    const request = matchRequest({ wantedStart: "2026-12-31" });
    // All residentieel; the soon-free ones lie nearest home, so score alone would put them first.
    const near = { lat: 52.221, lon: 6.894 };
    const far = { lat: 52.3, lon: 6.7 };
    const freeFar = candidate({ free: 1, ...far });
    const zekerLate = candidate({ free: 0, ...near });
    const zekerEarly = candidate({ free: 0, lat: 52.1, lon: 6.5 });
    const waarschijnlijkEarliest = candidate({ free: 0, ...near });
    const departures: PlannedDeparture[] = [
      { id: 1, locationId: zekerLate.id, expectedDate: "2026-12-20", certainty: "zeker" },
      { id: 2, locationId: zekerEarly.id, expectedDate: "2026-12-08", certainty: "zeker" },
      { id: 3, locationId: waarschijnlijkEarliest.id, expectedDate: "2026-12-02", certainty: "waarschijnlijk" },
    ];
    const result = rank(request, [zekerLate, waarschijnlijkEarliest, zekerEarly, freeFar], departures);
    expect(result.matches.map((m) => m.locationId)).toEqual([
      freeFar.id,
      zekerEarly.id,
      zekerLate.id,
      waarschijnlijkEarliest.id,
    ]);
    expect(result.matches.map((m) => m.certainty)).toEqual([null, "zeker", "zeker", "waarschijnlijk"]);
    expect(result.matches[1]?.departureIds).toEqual([2]);
  });

  it("when siblings need two places from departures, then the place rests on the two earliest and takes the weaker certainty", () => {
    const full = candidate({ free: 0 });
    const departures: PlannedDeparture[] = [
      { id: 11, locationId: full.id, expectedDate: "2026-12-09", certainty: "waarschijnlijk" },
      { id: 12, locationId: full.id, expectedDate: "2026-12-03", certainty: "zeker" },
      { id: 13, locationId: full.id, expectedDate: "2026-12-15", certainty: "zeker" },
    ];
    const [m] = rank(matchRequest({ siblings: 1, wantedStart: "2026-12-31" }), [full], departures).matches;
    expect(m).toMatchObject({ availableFrom: "2026-12-09", certainty: "waarschijnlijk", departureIds: [12, 11] });
  });

  it("when the limit cuts the list, then it is the head of the full ranking, soon-free places included", () => {
    const request = matchRequest({ wantedStart: "2026-12-31" });
    const cs = Array.from({ length: 30 }, (_, i) =>
      candidate({
        free: i % 3 === 0 ? 0 : 1,
        lat: 52.2 + i / 100,
        lon: 6.8 + (i % 7) / 50,
        crisisPlaces: i % 5 === 0 ? 1 : 0,
      }),
    );
    const departures: PlannedDeparture[] = cs
      .filter((_, i) => i % 3 === 0)
      .map((c, i) => ({
        id: i,
        locationId: c.id,
        expectedDate: `2026-12-${String(2 + (i % 20)).padStart(2, "0")}`,
        certainty: i % 2 ? "zeker" : "waarschijnlijk",
      }));
    const all = rank(request, cs, departures).matches.map((m) => m.locationId);
    const head = matchLocations(request, cs, departures, 8, TODAY).matches.map((m) => m.locationId);
    expect(head).toEqual(all.slice(0, 8));
  });
});

describe("place flags", () => {
  it("when a location is a logeer-/respijtplek, then only a respite request fits it, and a respite request fits only such places", () => {
    const respite = candidate({ careType: "gezinshuis", flags: ["logeer-respijt"] });
    const regular = candidate({ careType: "gezinshuis" });
    const asRespite = rank(matchRequest({ flags: ["logeer-respijt"] }), [respite, regular]);
    expect(asRespite.matches.map((m) => m.locationId)).toEqual([respite.id]);
    expect(asRespite.excluded).toEqual([{ locationId: regular.id, reasons: ["geen respijtplek"] }]);
    const asRegular = rank(matchRequest(), [respite, regular]);
    expect(asRegular.matches.map((m) => m.locationId)).toEqual([regular.id]);
    expect(asRegular.excluded).toEqual([
      { locationId: respite.id, reasons: ["logeer-/respijtplek: alleen voor respijt"] },
    ]);
  });

  it("when a location offers kamertraining, then a 15-year-old is excluded with the reason and a 16-year-old fits", () => {
    const training = candidate({ careType: "kleinschalig-wonen", ageMin: 14, ageMax: 21, flags: ["kamertraining"] });
    const at15 = rank(matchRequest({ age: 15 }), [training]);
    expect(at15.matches).toEqual([]);
    expect(at15.excluded[0]?.reasons).toEqual(["kamertraining pas vanaf 16 jaar"]);
    expect(ids(matchRequest({ age: 16 }), [training])).toEqual([training.id]);
  });

  it("when the request asks for behandeling, then a place with treatment scores the soortPlek points and says so; without the ask nobody does", () => {
    const treating = candidate({ treatment: true });
    const plain = candidate({ lat: 52.2, lon: 6.85 });
    const asked = rank(matchRequest({ flags: ["behandeling"] }), [plain, treating]).matches;
    const of = (id: number) => asked.find((m) => m.locationId === id);
    expect(of(treating.id)?.components.soortPlek).toBe(10);
    expect(of(plain.id)?.components.soortPlek).toBe(0);
    expect(of(treating.id)?.explanation).toContain("soort plek: 1 van 1 gevraagd (met behandeling)");
    expect(of(treating.id)?.flags).toEqual(["behandeling"]);
    const notAsked = rank(matchRequest(), [plain, treating]).matches;
    expect(notAsked.every((m) => m.components.soortPlek === 0)).toBe(true);
  });
});
