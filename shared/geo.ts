// Geography of Twente: distances, and where a 4-digit postcode area (PC4) lies. Approximate on purpose: matching
// needs kilometres to home and school, not addresses, and a request holds no more than the PC4 (domain.md, privacy).
import { MUNICIPALITIES, type Municipality } from "./domain.js";

export type Point = { lat: number; lon: number };

/** Great-circle distance in km (haversine). */
export function distanceKm(a: Point, b: Point): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

/**
 * PC4 ranges of Twente by municipality (PostNL numbering, rounded to ranges). An area is placed at its municipality's
 * centre, offset a little by its position in the range so neighbouring areas are not all at one point.
 */
const PC4_RANGES: [from: number, to: number, municipality: Municipality][] = [
  [7400, 7439, "Hellendoorn"],
  [7440, 7449, "Hellendoorn"],
  [7450, 7469, "Rijssen-Holten"],
  [7470, 7479, "Hof van Twente"],
  [7480, 7489, "Haaksbergen"],
  [7490, 7499, "Hof van Twente"],
  [7500, 7549, "Enschede"],
  [7550, 7569, "Hengelo"],
  [7570, 7579, "Oldenzaal"],
  [7580, 7589, "Losser"],
  [7590, 7599, "Dinkelland"],
  [7600, 7619, "Almelo"],
  [7620, 7629, "Borne"],
  [7630, 7639, "Dinkelland"],
  [7640, 7649, "Wierden"],
  [7650, 7669, "Tubbergen"],
  [7670, 7699, "Twenterand"],
];

export function municipalityOfPostcode(pc4: string): Municipality | undefined {
  const n = Number(pc4);
  return PC4_RANGES.find(([from, to]) => n >= from && n <= to)?.[2];
}

/** An approximate point for a Twente PC4, or undefined outside Twente. */
export function pointOfPostcode(pc4: string): Point | undefined {
  const n = Number(pc4);
  const range = PC4_RANGES.find(([from, to]) => n >= from && n <= to);
  const centre = range && MUNICIPALITIES.find((m) => m.name === range[2]);
  if (!range || !centre) return undefined;
  // Spread the areas of a range over a few km around the centre, deterministically.
  const t = (n - range[0]) / Math.max(1, range[1] - range[0]);
  const angle = t * 2 * Math.PI;
  return { lat: centre.lat + 0.02 * t * Math.sin(angle), lon: centre.lon + 0.03 * t * Math.cos(angle) };
}
