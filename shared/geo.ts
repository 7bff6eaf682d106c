// Geography of the region: distances, and where a 4-digit postcode area (PC4) lies. Matching needs kilometres to home
// and school, not addresses, and a request holds no more than the PC4 (domain.md, privacy). Where a PC4 lies comes
// from open data shipped in the repo (GeoNames, CC BY 4.0: shared/pc4/README.md); an area it does not hold is
// unknown, never placed at some gemeente's centre.
import { MUNICIPALITY_NAMES, type Municipality } from "./domain.js";
import { GEONAMES_NL_PC4 } from "./pc4/geonames-nl.js";

export type Point = { lat: number; lon: number };

/** Great-circle distance in km (haversine). */
export function distanceKm(a: Point, b: Point): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

/** A PC4 area: its centroid and the gemeente it lies in, as the data set names it. */
export interface Pc4Area {
  point: Point;
  gemeente: string;
}

let areas: ReadonlyMap<string, Pc4Area> | undefined;

/**
 * The table, parsed on first use (about 650 areas). A PC4's places are grouped by gemeente; the gemeente with the most
 * places wins (first in the file on a tie) and its places' mean is the centroid, so one stray row filed under another
 * gemeente cannot pull the point between two towns.
 */
function table(): ReadonlyMap<string, Pc4Area> {
  if (areas) return areas;
  const places = new Map<string, Map<string, Point[]>>();
  let gemeente = "";
  for (const line of GEONAMES_NL_PC4.split("\n")) {
    if (line.startsWith("# ")) {
      gemeente = line.slice(2);
      continue;
    }
    const [pc4, lat, lon] = line.split(" ");
    if (!pc4 || !lat || !lon) continue;
    const byGemeente = places.get(pc4) ?? new Map<string, Point[]>();
    places.set(pc4, byGemeente);
    byGemeente.set(gemeente, [...(byGemeente.get(gemeente) ?? []), { lat: Number(lat), lon: Number(lon) }]);
  }
  const parsed = new Map<string, Pc4Area>();
  for (const [pc4, byGemeente] of places) {
    let best: [string, Point[]] | undefined;
    for (const entry of byGemeente) if (!best || entry[1].length > best[1].length) best = entry;
    if (!best) continue;
    const [name, points] = best;
    const mean = (pick: (p: Point) => number) =>
      Math.round((points.reduce((sum, p) => sum + pick(p), 0) / points.length) * 1e4) / 1e4;
    parsed.set(pc4, { gemeente: name, point: { lat: mean((p) => p.lat), lon: mean((p) => p.lon) } });
  }
  areas = parsed;
  return parsed;
}

/** The area of a PC4 as the data set holds it, or undefined for a PC4 it does not hold. */
export function areaOfPostcode(pc4: string): Pc4Area | undefined {
  return table().get(pc4.trim());
}

/** The centroid of a PC4, or undefined outside the table: the distance is then unknown, not guessed. */
export function pointOfPostcode(pc4: string): Point | undefined {
  return areaOfPostcode(pc4)?.point;
}

/** The Twente gemeente a PC4 lies in, or undefined when it lies outside Twente or is not in the table. */
export function municipalityOfPostcode(pc4: string): Municipality | undefined {
  const gemeente = areaOfPostcode(pc4)?.gemeente;
  return MUNICIPALITY_NAMES.find((m) => m === gemeente);
}

/** Every PC4 of a Twente gemeente in the table, in order: for seeds and benchmarks that need real areas. */
export function postcodesOf(municipality: Municipality): string[] {
  return [...table()]
    .filter(([, area]) => area.gemeente === municipality)
    .map(([pc4]) => pc4)
    .sort();
}
