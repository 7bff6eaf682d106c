// The monitor shows the prompts' effect: the share of location time with current numbers before and after the first
// one-tap prompt, and per week.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshnessLinks } from "../../server/db/schema.js";
import type { Monitor } from "../../shared/schemas/monitor.js";
import { loginAs } from "../support/auth.js";
import { logEvent, loggedLocation } from "../support/capacity-log.js";
import { BACKENDS } from "../support/database.js";
import { api, startTestServer, type TestServer } from "../support/server.js";
import { HOUR_MS, sha256 } from "./support.js";

describe.each(BACKENDS)("freshness effect in the monitor on %s", (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend);
  });
  afterAll(async () => server?.close());

  it("when a provider confirmed late before the first prompt and in time after it, then the monitor shows both shares", async () => {
    const db = server.database.db;
    const t0 = Date.now() - 960 * HOUR_MS;
    const at = (hours: number) => new Date(t0 + hours * HOUR_MS);
    const place = { careType: "gezinshuis", municipality: "Losser" } as const;
    const counts = { capacity: 4, occupied: 3 };
    const location = await loggedLocation(db, at(0), place, counts);
    // Before: every 100 hours, so 28 of each 100 stale (72-hour threshold), and 8 more until the prompt at 480.
    for (const hours of [100, 200, 300, 400])
      await logEvent(db, location.id, at(hours), "ongewijzigd-bevestigd", counts);
    await db.insert(freshnessLinks).values({
      tokenHash: sha256("monitor-test"),
      providerId: location.providerId,
      numbers: [{ locationId: location.id, version: 5, free: 1 }],
      expiresAt: at(528),
      createdAt: at(480),
    });
    // After: an hour after the prompt, then every 48 hours: 1 stale hour of 480.
    for (let hours = 481; hours <= 960; hours += 48)
      await logEvent(db, location.id, at(hours), "ongewijzigd-bevestigd", counts);
    const beleid = await loginAs(server, "beleid");
    const from = new Date(t0).toISOString().slice(0, 10);

    const res = await api<Monitor>(server.url, `/api/monitor?careType=gezinshuis&municipality=Losser&from=${from}`, {
      as: beleid,
    });

    expect(res.status).toBe(200);
    const effect = res.body.freshness;
    expect(effect.firstPromptAt).toBe(at(480).toISOString());
    expect(effect.before).toBeCloseTo(1 - 120 / 480, 2);
    expect(effect.after).toBeCloseTo(1 - 1 / 480, 2);
    const shares = effect.weeks.map((w) => w.inTimeShare);
    // Every week the location existed is measured; the last weeks, after the prompt, are fully in time.
    expect(shares.filter((s) => s !== null).length).toBeGreaterThanOrEqual(5);
    expect(shares.at(-1)).toBe(1);
    expect(Math.min(...shares.filter((s): s is number => s !== null))).toBeLessThan(0.8);
  });

  it("when no prompt went out yet, then the whole period is before and there is no after", async () => {
    const fresh = await startTestServer(backend);
    try {
      const beleid = await loginAs(fresh, "beleid");
      await loggedLocation(
        fresh.database.db,
        new Date(Date.now() - 100 * HOUR_MS),
        {
          careType: "pleegzorg",
          municipality: "Borne",
        },
        { capacity: 2, occupied: 1 },
      );
      const res = await api<Monitor>(fresh.url, "/api/monitor?careType=pleegzorg&municipality=Borne", { as: beleid });
      expect(res.status).toBe(200);
      expect(res.body.freshness.firstPromptAt).toBeNull();
      expect(res.body.freshness.after).toBeNull();
      // 100 hours since the creation, stale after 72: 28 of 100 hours stale.
      expect(res.body.freshness.before).toBeCloseTo(0.72, 2);
    } finally {
      await fresh.close();
    }
  });
});
