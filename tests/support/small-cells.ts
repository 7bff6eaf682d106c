// The region the small-cell tests seed: care type x gemeente cells of 1, 2, 3 and 4 locations, and every filter a
// caller can ask of it (forecast and monitor alike).
import type { CareType, Municipality } from "../../shared/domain.js";

/**
 * residentieel has 3 locations in Enschede and 1 and 2 elsewhere, gezinshuis 4 in Hengelo and 1 in Borne,
 * kleinschalig wonen only 2 (in Hengelo).
 */
export const SMALL_CELLS_REGION: [CareType, Municipality, number][] = [
  ["residentieel", "Enschede", 3],
  ["residentieel", "Almelo", 1],
  ["residentieel", "Hengelo", 2],
  ["gezinshuis", "Hengelo", 4],
  ["gezinshuis", "Borne", 1],
  ["kleinschalig-wonen", "Hengelo", 2],
];
const CARE_TYPES_ASKED: CareType[] = ["residentieel", "gezinshuis", "kleinschalig-wonen", "pleegzorg"];
const MUNICIPALITIES_ASKED: Municipality[] = ["Enschede", "Almelo", "Hengelo", "Borne", "Losser"];

export type CellFilter = { careType?: CareType; municipality?: Municipality };

/** Every filter a caller can ask: none, each care type, each gemeente, each pair. */
export function cellFilters(): CellFilter[] {
  const all: CellFilter[] = [{}];
  for (const careType of CARE_TYPES_ASKED) all.push({ careType });
  for (const municipality of MUNICIPALITIES_ASKED) all.push({ municipality });
  for (const careType of CARE_TYPES_ASKED)
    for (const municipality of MUNICIPALITIES_ASKED) all.push({ careType, municipality });
  return all;
}
