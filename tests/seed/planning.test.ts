// The demo planning history: providers announce most departures ahead, move and cancel some, and some uncertain
// ones do not happen; the seed stores the planned moves and their append-only history so that they agree.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plannedAdmissions, plannedDepartures, planningEvents } from "../../server/db/schema.js";
import { generateDemoData } from "../../server/db/seed/generate.js";
import { toHistoryInput } from "../../server/db/seed/planning.js";
import { seedDemo } from "../../server/db/seed/seed.js";
import { CERTAINTIES } from "../../shared/domain.js";
import { indexHistory, matchMoves } from "../../shared/rules/forecast-history.js";
import { BACKENDS, createTestDatabase, type TestDatabase } from "../support/database.js";

const DAY = 86_400_000;
const now = new Date("2026-03-16T10:30:00Z");
const today = now.toISOString().slice(0, 10);

describe.each(BACKENDS)("the demo planning seeded on %s", (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
    await seedDemo(database.db, { now, seed: 42 });
  }, 60_000);
  afterAll(async () => database?.close());

  it("when the region is seeded, then every planned move agrees with its history of registrations, moves and cancellations", async () => {
    const { db } = database;
    const rows = {
      uitstroom: await db.select().from(plannedDepartures),
      instroom: await db.select().from(plannedAdmissions),
    };
    const events = await db.select().from(planningEvents).orderBy(planningEvents.id);
    expect(rows.uitstroom.length).toBeGreaterThan(500);
    expect(rows.instroom.length).toBeGreaterThan(50);

    const problems: string[] = [];
    for (const direction of ["uitstroom", "instroom"] as const) {
      for (const row of rows[direction]) {
        const history = events.filter((e) => e.direction === direction && e.plannedId === row.id);
        const where = `${direction} ${row.id}`;
        const versions = history.filter((e) => e.action !== "geannuleerd");
        const cancelled = history.find((e) => e.action === "geannuleerd");
        const last = versions[versions.length - 1];
        if (history[0]?.action !== "gepland" || +history[0].at !== +row.createdAt) problems.push(`${where}: start`);
        if (last?.expectedDate !== row.expectedDate || last.certainty !== row.certainty)
          problems.push(`${where}: date`);
        if (+(cancelled?.at ?? 0) !== +(row.cancelledAt ?? 0)) problems.push(`${where}: cancellation`);
        if (history.some((e) => e.locationId !== row.locationId || e.actor !== row.createdBy)) problems.push(where);
        if (history.some((e, i) => i > 0 && e.at <= (history[i - 1]?.at as Date))) problems.push(`${where}: order`);
        // As through the API: no date before the day it was entered.
        if (versions.some((e) => e.expectedDate < e.at.toISOString().slice(0, 10))) problems.push(`${where}: past`);
      }
    }
    expect(problems.slice(0, 10)).toEqual([]);
    // Nothing dangles, nothing is registered after now, and the ids follow time.
    expect(events.length).toBe(events.filter((e) => rows[e.direction].some((r) => r.id === e.plannedId)).length);
    expect(events.every((e) => e.at < now)).toBe(true);
    expect(events.every((e, i) => i === 0 || e.at >= (events[i - 1]?.at as Date))).toBe(true);
  });

  it("when the monitor looks ahead from now, then departures of every certainty are open for the coming weeks", async () => {
    const open = (await database.db.select().from(plannedDepartures)).filter(
      (r) => r.cancelledAt === null && r.expectedDate >= today,
    );
    expect(open.length).toBeGreaterThan(30);
    expect(new Set(open.map((r) => r.certainty))).toEqual(new Set(CERTAINTIES));
    const tenWeeks = new Date(now.getTime() + 70 * DAY).toISOString().slice(0, 10);
    expect(open.every((r) => r.expectedDate <= tenWeeks)).toBe(true);
  });
});

describe("the demo planning behaviour", () => {
  const data = generateDemoData({ now, seed: 42 });
  const { history } = toHistoryInput(data);
  const index = indexHistory(history);
  const { realisedAt, announced } = matchMoves(index, now.getTime());

  it("when youths leave, then most exits of family-like and residential care were announced, and few crisis exits", () => {
    const share = (crisis: boolean) => {
      let exits = 0;
      let known = 0;
      for (const t of index.timelines.values()) {
        if (t.crisis !== crisis) continue;
        // The first two months fall before anyone could register in the system.
        const counted = t.exits.filter((at) => at > now.getTime() - 670 * DAY && at < now.getTime() - 14 * DAY);
        exits += counted.length;
        t.exits.forEach((at, i) => {
          if (counted.includes(at) && announced.get(t.id)?.exits.has(i)) known++;
        });
      }
      return known / exits;
    };
    expect(share(false)).toBeGreaterThan(0.55);
    expect(share(false)).toBeLessThan(0.9);
    expect(share(true)).toBeLessThan(0.3);
  });

  it("when registrations are followed up, then zeker ones come true most, onzeker ones often not, and some are moved or cancelled", () => {
    const past = index.moves.filter(
      (m) => m.direction === "uitstroom" && (m.versions.at(-1)?.day ?? 0) < now.getTime() - 30 * DAY,
    );
    const cameTrue = (certainty: string) => {
      const registered = past.filter((m) => m.versions[0]?.certainty === certainty);
      return registered.filter((m) => realisedAt.has(m)).length / registered.length;
    };
    expect(cameTrue("zeker")).toBeGreaterThan(0.85);
    expect(cameTrue("zeker")).toBeGreaterThan(cameTrue("waarschijnlijk"));
    expect(cameTrue("waarschijnlijk")).toBeGreaterThan(cameTrue("onzeker"));
    expect(cameTrue("onzeker")).toBeLessThan(0.7);
    const moved = past.filter((m) => m.versions.length > 1).length / past.length;
    const cancelled = past.filter((m) => m.cancelledAt !== null).length / past.length;
    expect(moved).toBeGreaterThan(0.1);
    expect(moved).toBeLessThan(0.6);
    expect(cancelled).toBeGreaterThan(0.03);
    expect(cancelled).toBeLessThan(0.3);
  });

  it("when a departure is announced, then it is registered one to eight weeks ahead, crisis ones days ahead", () => {
    const leadDays = (crisis: boolean) =>
      [...realisedAt]
        .filter(([m]) => m.direction === "uitstroom" && index.timelines.get(m.locationId)?.crisis === crisis)
        .map(([m, at]) => (at - (m.versions[0]?.at ?? at)) / DAY)
        .sort((a, b) => a - b);
    const median = (xs: number[]) => xs[Math.floor(xs.length / 2)] as number;
    const groups = leadDays(false);
    expect(median(groups)).toBeGreaterThan(14);
    expect(median(groups)).toBeLessThan(42);
    expect(groups.filter((d) => d > 60).length / groups.length).toBeLessThan(0.05);
    expect(median(leadDays(true))).toBeLessThan(10);
  });
});
