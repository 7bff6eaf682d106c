// The shipped outlines of Twente's gemeenten (shared/geo): all 14, each around its own centre and no other's, and
// neighbours sharing their border points, so a coordinate copied wrongly from the source fails here.
import { describe, expect, it } from "vitest";
import { MUNICIPALITIES, MUNICIPALITY_NAMES } from "../../shared/domain.js";
import { type LonLat, TWENTE_GEMEENTEN } from "../../shared/geo/twente-gemeenten.js";

/** Even-odd ray casting; the ring is closed and in [lon, lat] order. */
function contains(ring: readonly LonLat[], lat: number, lon: number): boolean {
  let inside = false;
  for (let i = 1; i < ring.length; i++) {
    const [x1, y1] = ring[i - 1]!;
    const [x2, y2] = ring[i]!;
    if (y1 > lat !== y2 > lat && lon < x1 + ((lat - y1) * (x2 - x1)) / (y2 - y1)) inside = !inside;
  }
  return inside;
}

const key = ([lon, lat]: LonLat) => `${lon},${lat}`;

describe("gemeente outlines of Twente", () => {
  it("when the region is drawn, then there are the 14 gemeenten of domain.ts, each once, with their CBS codes", () => {
    expect(TWENTE_GEMEENTEN).toHaveLength(14);
    expect(TWENTE_GEMEENTEN.map((g) => g.name).sort()).toEqual([...MUNICIPALITY_NAMES].sort());
    const codes = Object.fromEntries(TWENTE_GEMEENTEN.map((g) => [g.name, g.cbsCode]));
    expect(codes).toEqual({
      Almelo: "GM0141",
      Borne: "GM0147",
      Dinkelland: "GM1774",
      Enschede: "GM0153",
      Haaksbergen: "GM0158",
      Hellendoorn: "GM0163",
      Hengelo: "GM0164",
      "Hof van Twente": "GM1735",
      Losser: "GM0168",
      Oldenzaal: "GM0173",
      "Rijssen-Holten": "GM1742",
      Tubbergen: "GM0183",
      Twenterand: "GM1700",
      Wierden: "GM0189",
    });
  });

  it("when a ring is read, then it is closed and lies in Twente in [lon, lat] order", () => {
    for (const g of TWENTE_GEMEENTEN) {
      expect(g.ring.length, g.name).toBeGreaterThanOrEqual(4);
      expect(g.ring[0], g.name).toEqual(g.ring[g.ring.length - 1]);
      for (const [lon, lat] of g.ring) {
        expect(lon, g.name).toBeGreaterThan(6.3);
        expect(lon, g.name).toBeLessThan(7.1);
        expect(lat, g.name).toBeGreaterThan(52.1);
        expect(lat, g.name).toBeLessThan(52.5);
      }
    }
  });

  it("when each gemeente's centre is placed, then it lies in its own outline and in no other", () => {
    for (const m of MUNICIPALITIES) {
      const around = TWENTE_GEMEENTEN.filter((g) => contains(g.ring, m.lat, m.lon)).map((g) => g.name);
      expect(around, m.name).toEqual([m.name]);
    }
  });

  it("when a gemeente lies inside the region, then every point of its border is a neighbour's point too", () => {
    // Almelo, Borne, Hengelo, Oldenzaal and Wierden touch no border of Twente: in the source each of their points is
    // shared with a neighbour, so a mistyped number shows up as a point nobody else has.
    const inner = ["Almelo", "Borne", "Hengelo", "Oldenzaal", "Wierden"];
    for (const name of inner) {
      const own = TWENTE_GEMEENTEN.find((g) => g.name === name)!;
      const others = new Set(TWENTE_GEMEENTEN.filter((g) => g !== own).flatMap((g) => g.ring.map(key)));
      const alone = own.ring.map(key).filter((p) => !others.has(p));
      expect(alone, name).toEqual([]);
    }
  });
});
