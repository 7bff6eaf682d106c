// The demo placement history as the monitor shows it at first start: plausible, consistent with the capacity log and
// the request lifecycle, codes only, and the same for the same seed.
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../server/db/client.js";
import {
  capacityEvents,
  locations,
  type PlacementRequestRow,
  placementRequests,
  requestTransitions,
  reservations,
  users,
} from "../../server/db/schema.js";
import { generateDemoData } from "../../server/db/seed/generate.js";
import { generatePlacementHistory } from "../../server/db/seed/placements-history.js";
import { seedDemo } from "../../server/db/seed/seed.js";
import { monitorReport } from "../../server/features/monitor/service.js";
import type { Actor } from "../../server/policies/policy.js";
import { CARE_TYPES, DECLINE_REASONS, isMoreHomeLike } from "../../shared/domain.js";

const DAY_MS = 86_400_000;
const now = new Date("2026-03-16T10:30:00Z");

let database: Database;
let requests: PlacementRequestRow[];

beforeAll(async () => {
  database = await openDatabase({});
  await seedDemo(database.db, { now, seed: 42 });
  requests = await database.db.select().from(placementRequests).orderBy(asc(placementRequests.id));
}, 60_000);
afterAll(async () => database?.close());

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const waitDays = (r: PlacementRequestRow) => ((r.placedAt?.getTime() ?? 0) - r.createdAt.getTime()) / DAY_MS;

describe("demo placement history", () => {
  it("when the demo is seeded, then two years of closed requests hold case codes only, under a disabled account", async () => {
    expect(requests.length).toBeGreaterThan(200);
    expect(requests.length).toBeLessThan(700);
    for (const r of requests) {
      expect(r.caseNumber).toMatch(/^CPWV-20\d{2}-\d{4}$/);
      expect(["geplaatst", "ingetrokken"]).toContain(r.status);
      expect(r.createdAt.getTime()).toBeLessThan(now.getTime());
    }
    const span = (now.getTime() - (requests[0]?.createdAt.getTime() ?? 0)) / DAY_MS;
    expect(span).toBeGreaterThan(600);
    const owners = await database.db.select().from(users);
    expect(owners).toHaveLength(1);
    expect(owners[0]?.disabledAt).not.toBeNull();
  });

  it("when a request was placed, then the capacity log has the place taken at that location at that instant", async () => {
    const placed = requests.filter((r) => r.status === "geplaatst");
    expect(placed.length / requests.length).toBeGreaterThan(0.85);
    const missing: string[] = [];
    for (const r of placed) {
      const [taken] = await database.db
        .select({ seq: capacityEvents.seq })
        .from(capacityEvents)
        .where(
          and(
            eq(capacityEvents.locationId, r.placedLocationId ?? -1),
            eq(capacityEvents.kind, "plek-bezet"),
            eq(capacityEvents.at, r.placedAt ?? new Date(0)),
          ),
        );
      if (!taken) missing.push(r.caseNumber);
    }
    expect(missing).toEqual([]);
  });

  it("when placed, then crisis waited days and regular requests weeks", () => {
    const placed = requests.filter((r) => r.status === "geplaatst");
    const crisis = placed.filter((r) => r.urgency === "crisis").map(waitDays);
    const regular = placed.filter((r) => r.urgency === "regulier").map(waitDays);
    expect(crisis.length).toBeGreaterThan(30);
    expect(regular.length).toBeGreaterThan(30);
    expect(Math.max(...crisis)).toBeLessThanOrEqual(4);
    expect(median(crisis)).toBeLessThan(3);
    expect(median(regular)).toBeGreaterThan(14);
    expect(median(regular)).toBeLessThan(60);
  });

  it("when placed, then about a quarter came from another zorgvorm, most of them to a more home-like one", async () => {
    const placed = requests.filter((r) => r.status === "geplaatst");
    const places = new Map(
      (await database.db.select({ id: locations.id, careType: locations.careType }).from(locations)).map((l) => [
        l.id,
        l.careType,
      ]),
    );
    const moved = placed.filter((r) => r.currentCareType !== null);
    const homeward = moved.filter((r) => {
      const to = places.get(r.placedLocationId ?? -1);
      return to && r.currentCareType && isMoreHomeLike(to, r.currentCareType);
    });
    expect(moved.length / placed.length).toBeGreaterThan(0.15);
    expect(moved.length / placed.length).toBeLessThan(0.35);
    expect(homeward.length / moved.length).toBeGreaterThan(0.5);
    // Some the other way: a breakdown in a family setting, or secure care after a group.
    expect(homeward.length).toBeLessThan(moved.length);
    for (const r of moved) expect(CARE_TYPES).toContain(r.currentCareType);
  });

  it("when providers declined, then with a known reason, and a request escalates only after three declines", async () => {
    const rows = await database.db.select().from(reservations);
    const declined = rows.filter((r) => r.status === "geweigerd");
    expect(declined.length).toBeGreaterThan(50);
    expect(new Set(declined.map((r) => r.declineReason)).size).toBeGreaterThan(5);
    for (const r of declined) expect(DECLINE_REASONS).toContain(r.declineReason);
    const escalated = requests.filter((r) => r.escalatedAt);
    expect(escalated.length).toBeGreaterThan(3);
    expect(escalated.length).toBeLessThan(requests.length / 5);
    for (const r of escalated) {
      const before = declined.filter(
        (d) => d.requestId === r.id && (d.answeredAt?.getTime() ?? 0) <= (r.escalatedAt?.getTime() ?? 0),
      );
      expect(before.length, r.caseNumber).toBeGreaterThanOrEqual(3);
    }
    // Every placement went through an accepted reservation at the place it ended up in.
    const accepted = rows.filter((r) => r.status === "geaccepteerd");
    expect(accepted.length).toBe(requests.filter((r) => r.status === "geplaatst").length);
  });

  it("when a request's history is read back, then its transitions follow one another up to its status", async () => {
    const moves = await database.db.select().from(requestTransitions).orderBy(asc(requestTransitions.id));
    const broken: string[] = [];
    for (const r of requests) {
      const own = moves.filter((m) => m.requestId === r.id);
      own.forEach((m, i) => {
        const prev = own[i - 1];
        if ((prev?.toStatus ?? null) !== m.fromStatus) broken.push(`${r.caseNumber} #${i}: from ${m.fromStatus}`);
        if (prev && m.at < prev.at) broken.push(`${r.caseNumber} #${i}: earlier than the one before`);
      });
      if (own.at(-1)?.toStatus !== r.status) broken.push(`${r.caseNumber}: ends ${own.at(-1)?.toStatus}`);
    }
    expect(broken.slice(0, 5)).toEqual([]);
  });

  it("when the monitor opens on the demo, then every figure has data", async () => {
    // As policy staff see it: the region as a whole is made of whole cells, so no movement figure is withheld.
    const beleid: Actor = {
      kind: "user",
      id: 1,
      name: "Beleid",
      role: "beleid",
      providerId: null,
      sessionId: "s",
      csrfToken: "c",
    };
    const report = await monitorReport({ db: database.db, staleAfterHours: 72 }, {}, now, beleid);
    expect(report.suppressed).toEqual([]);
    expect(report.occupancy.length).toBeGreaterThan(100);
    expect(report.occupancy.every((w) => w.capacity > 1000)).toBe(true);
    const positive = (n: number | null) => (n ?? 0) > 0;
    expect(
      report.flows.filter((f) => positive(f.instroom) && positive(f.uitstroom) && positive(f.viaCpwv)).length,
    ).toBeGreaterThan(20);
    expect(report.flows.filter((f) => positive(f.doorstroom)).length).toBeGreaterThan(15);
    expect(report.waiting?.placements).toBeGreaterThan(200);
    expect(report.declines?.filter((d) => d.declines > 0).length).toBeGreaterThan(5);
    expect(report.escalations.some((e) => e.escalations > 0)).toBe(true);
    expect(report.compliance.some((c) => c.stale > 0)).toBe(true);
  });

  it("when generated twice with one seed, then the history is the same", () => {
    const data = generateDemoData({ now, seed: 7, scale: 0.3 });
    const a = generatePlacementHistory(data, { now, seed: 7 });
    expect(generatePlacementHistory(data, { now, seed: 7 })).toEqual(a);
    expect(generatePlacementHistory(data, { now, seed: 8 })).not.toEqual(a);
  });
});
