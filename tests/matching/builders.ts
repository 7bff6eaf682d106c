// Hand-made locations and requests for the pure matching tests: one default each, a test names only what differs.
import type { Candidate, MatchRequest } from "../../shared/rules/matching.js";

export const ENSCHEDE = { lat: 52.221, lon: 6.894 };

let nextId = 1;

/** A residentieel location in Enschede with one free place, for all ages and genders, declaring nothing. */
export const candidate = (overrides: Partial<Candidate> = {}): Candidate => ({
  id: nextId++,
  careType: "residentieel",
  ageMin: 0,
  ageMax: 18,
  gender: "alle",
  free: 1,
  targetGroups: [],
  contraIndications: [],
  ...ENSCHEDE,
  ...overrides,
});

/** A 14-year-old girl from Enschede, school there too, for a gezinshuis, kleinschalig wonen or residentieel. */
export const matchRequest = (overrides: Partial<MatchRequest> = {}): MatchRequest => ({
  age: 14,
  gender: "meisje",
  homePostcode: "7511",
  schoolPostcode: "7511",
  characteristics: [],
  acceptableCareTypes: ["gezinshuis", "kleinschalig-wonen", "residentieel"],
  siblings: 0,
  wantedStart: "2026-12-01",
  ...overrides,
});
