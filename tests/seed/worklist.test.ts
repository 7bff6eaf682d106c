// The demo opens on a working day: after the demo region, its accounts and the worklist are seeded (as server/main.ts
// does on an empty database), each role signs in to work waiting for it, dated relative to today.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config.js";
import { openDatabase } from "../../server/db/client.js";
import { mailOutbox } from "../../server/db/schema.js";
import { demoEmail, seedDemoAccounts } from "../../server/db/seed/accounts.js";
import { seedDemo } from "../../server/db/seed/seed.js";
import { seedDemoWorklist, type WorklistResult } from "../../server/db/seed/worklist.js";
import { monitorReport } from "../../server/features/monitor/service.js";
import type { Role } from "../../shared/domain.js";
import type { LocationList } from "../../shared/schemas/capacity.js";
import type { PlannedMoveList } from "../../shared/schemas/forecast.js";
import type { Monitor } from "../../shared/schemas/monitor.js";
import type { Inbox } from "../../shared/schemas/notifications.js";
import type { MatchList, PlacementRequest, Reservation } from "../../shared/schemas/placements.js";
import { type Caller, signIn } from "../support/auth.js";
import type { TestDatabase } from "../support/database.js";
import { api, startAppOn } from "../support/server.js";

const DAY = 86_400_000;
const PASSWORD = "demo-werkdag-2026";
const SEED = 42;
const settings = loadConfig({});

let database: TestDatabase;
let server: Awaited<ReturnType<typeof startAppOn>>;
let seeded: WorklistResult;
let before: Monitor;
let after: Monitor;
const as = {} as Record<Extract<Role, "regisseur" | "verwijzer" | "aanbieder">, Caller>;
let open: PlacementRequest[];

/** The demo region as of `regionNow`, its accounts and the worklist for the day. */
async function seedWorkday(regionNow: Date) {
  const db = await openDatabase({});
  await seedDemo(db.db, { now: regionNow, seed: SEED });
  await seedDemoAccounts(db.db, PASSWORD);
  return db;
}

const regionNow = new Date();
const monitorOf = (db: TestDatabase) => monitorReport({ db: db.db, staleAfterHours: settings.STALE_AFTER_HOURS }, {});

beforeAll(async () => {
  database = await seedWorkday(regionNow);
  before = await monitorOf(database);
  seeded = await seedDemoWorklist(database.db, settings, { seed: SEED });
  after = await monitorOf(database);
  server = await startAppOn(database);
  for (const role of ["regisseur", "verwijzer", "aanbieder"] as const) {
    as[role] = await signIn(server.url, demoEmail(role), PASSWORD);
  }
  const list = await api<PlacementRequest[]>(server.url, "/api/requests", { as: as.regisseur });
  expect(list.status).toBe(200);
  open = list.body;
}, 120_000);

afterAll(async () => {
  await server?.close();
  await database?.close();
});

const one = (find: (r: PlacementRequest) => boolean, what: string) => {
  const found = open.find(find);
  if (!found) throw new Error(`no ${what} on the regisseur's worklist: ${open.map((r) => r.status).join(", ")}`);
  return found;
};
const reservationsOf = async (id: number) =>
  (await api<Reservation[]>(server.url, `/api/requests/${id}/reservations`, { as: as.regisseur })).body;

describe("the demo's working day", () => {
  it("when the regisseur opens the worklist, then it holds a request in every open state", () => {
    const statuses = new Set(open.map((r) => r.status));
    for (const status of ["concept", "ambulant-vastgelegd", "zoekend", "gereserveerd", "opgeschaald"] as const) {
      expect(statuses, status).toContain(status);
    }
    expect(open.find((r) => r.status === "concept")?.ambulantAlternatives).toEqual([]);
    expect(open.find((r) => r.status === "ambulant-vastgelegd")?.ambulantAlternatives.length).toBeGreaterThan(0);
    expect(seeded.requests).toBe(open.length);
  });

  it("when the demo verwijzer signs in, then every open request is its own and its list is the same", async () => {
    const mine = await api<PlacementRequest[]>(server.url, "/api/requests", { as: as.verwijzer });
    expect(mine.status).toBe(200);
    expect(mine.body.map((r) => r.id).sort()).toEqual(open.map((r) => r.id).sort());
    const made = open.map((r) => r.transitions[0]?.actorName);
    expect(new Set(made)).toEqual(new Set(["Demo Verwijzer"]));
  });

  it("when the regisseur matches the searching request, then fitting places come with a contra-indication flagged among them", async () => {
    const searching = one((r) => r.status === "zoekend" && r.urgency !== "crisis", "searching request");
    const res = await api<MatchList>(server.url, `/api/requests/${searching.id}/matches`, { as: as.regisseur });
    expect(res.status).toBe(200);
    const flagged = res.body.matches.findIndex((m) => m.contraIndications.length > 0);
    expect(flagged).toBeGreaterThanOrEqual(0);
    const hit = res.body.matches[flagged];
    expect(searching.characteristics).toEqual(expect.arrayContaining(hit?.contraIndications ?? ["?"]));
    // A good match otherwise: listed after a few clean fits, not at the tail of the region.
    expect(res.body.matches.slice(0, flagged).every((m) => m.contraIndications.length === 0)).toBe(true);
    expect(flagged).toBeGreaterThanOrEqual(1);
    expect(res.body.fitting).toBeGreaterThan(flagged);
  });

  it("when the regisseur matches the demo's JeugdzorgPlus requests, then the secure places are allowed only with the machtiging", async () => {
    const secure = open.filter((r) => r.status === "zoekend" && r.acceptableCareTypes.join() === "jeugdzorgplus");
    const withIt = secure.find((r) => r.characteristics.includes("machtiging-jz"));
    const without = secure.find((r) => !r.characteristics.includes("machtiging-jz"));
    const listed = async (id: number | undefined) =>
      (await api<MatchList>(server.url, `/api/requests/${id}/matches`, { as: as.regisseur })).body.matches;
    const allowed = await listed(withIt?.id);
    expect(allowed.length).toBeGreaterThan(0);
    expect(allowed.every((m) => m.notAllowed.length === 0)).toBe(true);
    const refused = await listed(without?.id);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((m) => m.notAllowed.includes("Geen machtiging JeugdzorgPlus"))).toBe(true);
  });

  it("when the regisseur matches the request waiting for a full group, then that group is listed free from next week, zeker", async () => {
    const inWeek = (date: string | null) => date !== null && Date.parse(date) - Date.now() < 10 * DAY;
    let comingNextWeek = 0;
    for (const r of open.filter((o) => o.status === "zoekend")) {
      const matches = (await api<MatchList>(server.url, `/api/requests/${r.id}/matches`, { as: as.regisseur })).body;
      comingNextWeek += matches.matches.filter((m) => inWeek(m.availableFrom) && m.certainty === "zeker").length;
    }
    expect(comingNextWeek).toBeGreaterThan(0);
  });

  it("when anyone opens the board, then crisis places are free at crisis locations and a regular group keeps one crisis place", async () => {
    const board = (await api<LocationList>(server.url, "/api/locations", { as: as.regisseur })).body.locations;
    expect(
      board.filter((l) => l.crisisPlaces > 0 && l.crisisPlaces === l.capacity && l.free > 0).length,
    ).toBeGreaterThan(2);
    expect(board.filter((l) => l.crisisPlaces === 1 && l.capacity > 1).length).toBeGreaterThanOrEqual(2);
  });

  it("when the demo aanbieder opens its reservations, then open ones at its own locations wait for its answer", async () => {
    const res = await api<Reservation[]>(server.url, "/api/reservations", { as: as.aanbieder });
    expect(res.status).toBe(200);
    const waiting = res.body.filter((r) => r.status === "open");
    expect(waiting.length).toBe(seeded.openReservations);
    expect(waiting.length).toBeGreaterThanOrEqual(2);
    for (const r of waiting) expect(Date.parse(r.expiresAt)).toBeGreaterThan(Date.now() + DAY);
    // One of them needs its explicit agreement (rule 4).
    expect(waiting.some((r) => r.contraIndications.length > 0)).toBe(true);
    const reserved = open.filter((r) => r.status === "gereserveerd").map((r) => r.id);
    expect(waiting.map((r) => r.requestId).sort()).toEqual(reserved.sort());
  });

  it("when the demo aanbieder and regisseur open their inbox, then the worklist's notices wait there, unread where still to act on, and no e-mail is queued for those", async () => {
    const inbox = async (role: "aanbieder" | "regisseur") =>
      (await api<Inbox>(server.url, "/api/notifications", { as: as[role] })).body;
    const provider = await inbox("aanbieder");
    const waiting = provider.items.filter((n) => n.kind === "reservering-wacht");
    expect(waiting).toHaveLength(seeded.openReservations + seeded.declines);
    // The declined ones were answered, so seen; the open ones wait.
    expect(waiting.filter((n) => !n.read)).toHaveLength(seeded.openReservations);
    const cpwv = await inbox("regisseur");
    expect(cpwv.items.filter((n) => n.kind === "reservering-geweigerd")).toHaveLength(seeded.declines);
    expect(cpwv.items.map((n) => n.kind)).toContain("verzoek-opgeschaald");
    for (const n of [...provider.items, ...cpwv.items]) expect(Date.parse(n.createdAt)).toBeLessThanOrEqual(Date.now());
    // The scheduler's own notices (an overdue ambulant record, a freshness prompt) come later and are mailed as usual.
    const fromJobs = new Set<string>(["ambulant-te-laat", "cijfers-verouderen"]);
    const worklists = [...waiting, ...cpwv.items.filter((n) => !fromJobs.has(n.kind))].map((n) => n.id);
    const queued = await database.db.select().from(mailOutbox);
    expect(queued.filter((m) => m.notificationId !== null && worklists.includes(m.notificationId))).toEqual([]);
  });

  it("when the regisseur opens the escalated request, then it shows the declines that escalated it", async () => {
    const escalated = one((r) => r.status === "opgeschaald", "escalated request");
    expect(escalated.declines).toBe(settings.ESCALATE_AFTER_DECLINES);
    expect(escalated.escalatedAt).not.toBeNull();
    const declined = (await reservationsOf(escalated.id)).filter((r) => r.status === "geweigerd");
    expect(declined).toHaveLength(settings.ESCALATE_AFTER_DECLINES);
    expect(declined.every((r) => r.declineReason !== null)).toBe(true);
    expect(escalated.transitions.at(-1)?.to).toBe("opgeschaald");
    expect(Date.parse(escalated.escalatedAt ?? "")).toBe(Date.parse(escalated.transitions.at(-1)?.at ?? ""));
  });

  it("when the regisseur looks at the crisis request, then its ambulant record is overdue", () => {
    const crisis = one((r) => r.urgency === "crisis", "crisis request");
    expect(crisis.status).toBe("zoekend");
    expect(crisis.ambulantAlternatives).toEqual([]);
    expect(crisis.ambulantOverdue).toBe(true);
    expect(Date.parse(crisis.ambulantDueAt ?? "")).toBeLessThan(Date.now());
  });

  it("when the demo aanbieder looks at its locations, then departures are planned", async () => {
    const own = (await api<LocationList>(server.url, "/api/locations", { as: as.aanbieder })).body.locations.filter(
      (l) => "user" in as.aanbieder && l.providerId === as.aanbieder.user.providerId,
    );
    let departures = 0;
    for (const location of own) {
      const planned = await api<PlannedMoveList>(server.url, `/api/locations/${location.id}/planned`, {
        as: as.aanbieder,
      });
      departures += planned.body.moves.filter((m) => m.direction === "uitstroom").length;
    }
    expect(departures).toBe(seeded.plannedDepartures);
    expect(departures).toBeGreaterThanOrEqual(2);
  });

  it("when the worklist is dated, then each story runs forward in time, over the last weeks up to now", () => {
    const now = Date.now();
    for (const r of open) {
      const times = r.transitions.map((t) => Date.parse(t.at));
      expect(times[0], r.caseNumber).toBe(Date.parse(r.createdAt));
      expect(
        times.every((t, i) => i === 0 || t > (times[i - 1] ?? 0)),
        r.caseNumber,
      ).toBe(true);
      expect(times.at(-1) ?? now, r.caseNumber).toBeLessThan(now);
    }
    const ages = open.map((r) => (now - Date.parse(r.createdAt)) / DAY);
    expect(Math.min(...ages)).toBeLessThan(1);
    expect(Math.max(...ages)).toBeGreaterThan(14);
    expect(Math.max(...ages)).toBeLessThan(30);
  });

  it("when the monitor reads the history, then only today's declines and escalation are new in it", () => {
    const month = before.flows.at(-1)?.month;
    expect(after.waiting).toEqual(before.waiting);
    expect(after.flows.filter((f) => f.month !== month)).toEqual(before.flows.filter((f) => f.month !== month));
    const total = (m: Monitor) => (m.declines ?? []).reduce((s, d) => s + d.declines, 0);
    expect(total(after) - total(before)).toBe(seeded.declines);
    const escalations = (m: Monitor) => m.escalations.reduce((s, e) => s + e.escalations, 0);
    expect(escalations(after) - escalations(before)).toBe(1);
  });

  it("when the same region is seeded again with the same seed, then the worklist is the same", async () => {
    const again = await seedWorkday(regionNow);
    try {
      await seedDemoWorklist(again.db, settings, { seed: SEED });
      const app = await startAppOn(again);
      try {
        const regisseur = await signIn(app.url, demoEmail("regisseur"), PASSWORD);
        const list = (await api<PlacementRequest[]>(app.url, "/api/requests", { as: regisseur })).body;
        const shape = (rs: PlacementRequest[]) =>
          rs.map(
            ({ caseNumber, age, gender, status, characteristics, acceptableCareTypes, homePostcode, declines }) => ({
              ...{ caseNumber, age, gender, status, characteristics, acceptableCareTypes, homePostcode, declines },
            }),
          );
        expect(shape(list)).toEqual(shape(open));
      } finally {
        await app.close();
      }
    } finally {
      await again.close();
    }
  }, 120_000);
});
