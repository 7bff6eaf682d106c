// The board's live list follows a location's life from the events alone (shared/rules/capacity.ts foldLocationEvents):
// opened is added, changed is replaced, closed is removed, reopened is back; only a count change of a location the
// list never saw asks for a fresh snapshot.
import { describe, expect, it } from "vitest";
import { foldLocationEvents } from "../../shared/rules/capacity.js";
import type { CapacityEvent, Location } from "../../shared/schemas/capacity.js";

const location = (over: Partial<Location> = {}): Location => ({
  id: 1,
  providerId: 1,
  providerName: "Aanbieder",
  code: "A",
  name: "Groep",
  careType: "residentieel",
  municipality: "Enschede",
  otherMunicipality: null,
  postcode: "7511",
  lat: 52.2,
  lon: 6.9,
  ageMin: 12,
  ageMax: 18,
  gender: "alle",
  crisis: false,
  crisisPlaces: 0,
  siblingsTogether: false,
  treatment: false,
  flags: [],
  targetGroups: [],
  contraIndications: [],
  openedOn: "2026-01-05",
  closedOn: null,
  capacity: 4,
  occupied: 0,
  reserved: 0,
  free: 4,
  lastConfirmedAt: "2026-01-05T10:00:00.000Z",
  version: 1,
  ...over,
});
const event = (seq: number, kind: CapacityEvent["kind"], l: Location, carry = true): CapacityEvent => ({
  seq,
  kind,
  locationId: l.id,
  careType: l.careType,
  municipality: l.municipality,
  capacity: l.capacity,
  occupied: l.occupied,
  reserved: l.reserved,
  free: l.free,
  version: l.version,
  lastConfirmedAt: l.lastConfirmedAt,
  at: l.lastConfirmedAt,
  ...(carry ? { location: l } : {}),
});

describe("folding lifecycle events into a board's list", () => {
  it("when a location opens, changes, closes and reopens, then the list adds, replaces, removes and adds it", () => {
    const other = location({ id: 2, name: "Andere" });
    const opened = location({ id: 3 });
    const grown = location({ id: 3, capacity: 6, free: 6, version: 2, name: "Groter" });
    const closed = location({ id: 3, capacity: 6, free: 6, version: 3, closedOn: "2026-02-01" });
    const reopened = location({ id: 3, capacity: 6, free: 6, version: 4 });

    const afterOpen = foldLocationEvents([other], [event(10, "locatie-aangemaakt", opened)]);
    expect(afterOpen?.map((l) => l.id)).toEqual([2, 3]);
    const afterGrow = foldLocationEvents(afterOpen ?? [], [event(11, "capaciteit-gewijzigd", grown)]);
    expect(afterGrow?.find((l) => l.id === 3)).toMatchObject({ capacity: 6, name: "Groter", version: 2 });
    const afterClose = foldLocationEvents(afterGrow ?? [], [event(12, "locatie-gesloten", closed)]);
    expect(afterClose?.map((l) => l.id)).toEqual([2]);
    const afterReopen = foldLocationEvents(afterClose ?? [], [event(13, "locatie-heropend", reopened)]);
    expect(afterReopen?.map((l) => l.id)).toEqual([2, 3]);
  });

  it("when a count change names a location the list never saw, then a fresh snapshot is needed", () => {
    expect(foldLocationEvents([location()], [event(5, "plek-bezet", location({ id: 9 }), false)])).toBeUndefined();
  });
});
