// "Klopt nog" without signing in: the link confirms once, is refused the second time, after expiry, when the numbers
// changed since the mail, and for another provider's location; a refusal writes nothing; the audit names the provider.
import { eq, gt, inArray, max } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, capacityEvents, freshnessLinks, locations, providers } from "../../server/db/schema.js";
import type { FreshnessConfirmed, FreshnessLook } from "../../shared/schemas/freshness.js";
import type { Problem } from "../../shared/schemas/problem.js";
import { loginAs } from "../support/auth.js";
import { BACKENDS } from "../support/database.js";
import { addLocation } from "../support/fixtures.js";
import {
  api,
  type ClientSocket,
  connectSocket,
  nextEvent,
  startTestServer,
  type TestServer,
} from "../support/server.js";
import { dueProvider, hoursAgo, promptedLink } from "./support.js";

type Answer = FreshnessConfirmed & FreshnessLook & Problem;

describe.each(BACKENDS)("one-tap confirmation on %s", (backend) => {
  let server: TestServer;
  const sockets: ClientSocket[] = [];
  beforeAll(async () => {
    server = await startTestServer(backend);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await server?.close();
  });
  const db = () => server.database.db;
  const post = (path: string, token: string) => api<Answer>(server.url, `/api/freshness/${path}`, { body: { token } });
  const lastSeq = async () =>
    (
      await db()
        .select({ seq: max(capacityEvents.seq) })
        .from(capacityEvents)
    )[0]?.seq ?? 0;
  const rowsOf = (ids: number[]) => db().select().from(locations).where(inArray(locations.id, ids));

  /** A refusal wrote nothing: no event, the locations as they were, the link still unused. */
  async function expectNothingWritten(seqBefore: number, ids: number[], before: { version: number }[], linkId: number) {
    expect(await db().select().from(capacityEvents).where(gt(capacityEvents.seq, seqBefore))).toEqual([]);
    expect((await rowsOf(ids)).map((l) => l.version).sort()).toEqual(before.map((l) => l.version).sort());
    const [link] = await db().select().from(freshnessLinks).where(eq(freshnessLinks.id, linkId));
    expect(link?.usedAt).toBeNull();
  }

  it("when the provider taps Klopt nog, then every linked location is confirmed once, live and audited as the provider's; a second tap is refused", async () => {
    const provider = await dueProvider(db());
    const { secret, link } = await promptedLink(db(), provider);
    const ids = provider.due.map((l) => l.id);
    const regisseur = await loginAs(server, "regisseur");
    const socket = await connectSocket(server.url, regisseur);
    sockets.push(socket);

    const look = await post("look", secret);
    expect(look.status).toBe(200);
    expect(look.body.state).toBe("geldig");
    expect(look.body.locations.map((l) => [l.locationId, l.linked.free, l.current?.free])).toEqual([
      [ids[0], 3, 3],
      [ids[1], 0, 0],
    ]);

    const pushed = nextEvent(socket, (e) => e.locationId === ids[0] && e.kind === "ongewijzigd-bevestigd");
    const seqBefore = await lastSeq();
    const confirmed = await post("confirm", secret);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.locations.map((l) => l.current?.version)).toEqual(provider.due.map((l) => l.version + 1));
    // Pushed to the boards like any confirmation.
    await pushed;

    const events = await db().select().from(capacityEvents).where(gt(capacityEvents.seq, seqBefore));
    expect(events.map((e) => [e.locationId, e.kind, e.actor])).toEqual(
      ids.map((id) => [id, "ongewijzigd-bevestigd", `link:${link.id}`]),
    );
    // Fresh now: confirmed within the last minute; the numbers themselves are unchanged.
    for (const row of await rowsOf(ids)) {
      expect(Date.now() - row.lastConfirmedAt.getTime()).toBeLessThan(60_000);
      expect(row.free).toBe(provider.due.find((l) => l.id === row.id)!.capacity - row.occupied);
    }

    const [entry] = await db()
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, "bevestigingslink.gebruik"))
      .orderBy(auditLog.id);
    expect(entry).toMatchObject({
      actor: `link:${link.id}`,
      role: "aanbieder",
      objectType: "aanbieder",
      objectId: String(provider.providerId),
      onBehalfOf: `aanbieder:${provider.providerId}`,
      outcome: "succes",
    });
    const [named] = await db()
      .select({ name: providers.name })
      .from(providers)
      .where(eq(providers.id, provider.providerId));
    expect(entry?.detail).toContain(named!.name);
    const allAudit = JSON.stringify(await db().select().from(auditLog));
    expect(allAudit).not.toContain(secret);
    const perLocation = await db()
      .select()
      .from(auditLog)
      .where(eq(auditLog.actor, `link:${link.id}`));
    expect(perLocation.filter((a) => a.action === "capaciteit.ongewijzigd-bevestigd").map((a) => a.objectId)).toEqual(
      ids.map(String),
    );

    const seqAfter = await lastSeq();
    const again = await post("confirm", secret);
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain("al gebruikt");
    expect(await db().select().from(capacityEvents).where(gt(capacityEvents.seq, seqAfter))).toEqual([]);
    expect((await post("look", secret)).body.state).toBe("gebruikt");
  });

  it("when the link has expired, then it is refused and nothing is written", async () => {
    const provider = await dueProvider(db());
    const { secret, link } = await promptedLink(db(), provider);
    await db()
      .update(freshnessLinks)
      .set({ expiresAt: hoursAgo(1) })
      .where(eq(freshnessLinks.id, link.id));
    const seqBefore = await lastSeq();

    const refused = await post("confirm", secret);

    expect(refused.status).toBe(410);
    expect(refused.body.detail).toContain("verlopen");
    await expectNothingWritten(
      seqBefore,
      provider.due.map((l) => l.id),
      provider.due,
      link.id,
    );
    expect((await post("look", secret)).body.state).toBe("verlopen");
  });

  it("when a number changed since the mail, then the link is refused with the new numbers and confirms no other location", async () => {
    const provider = await dueProvider(db());
    const { secret, link } = await promptedLink(db(), provider);
    const [changedLocation, untouched] = provider.due;
    const aanbieder = await loginAs(server, "aanbieder", provider.providerId);
    const saved = await api(server.url, `/api/locations/${changedLocation!.id}/availability`, {
      method: "PUT",
      body: { version: changedLocation!.version, free: 1 },
      as: aanbieder,
    });
    expect(saved.status).toBe(200);
    const [after] = await rowsOf([changedLocation!.id]);
    const seqBefore = await lastSeq();

    const refused = await post("confirm", secret);

    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain(`${changedLocation!.name} 1 vrij`);
    expect(refused.body.numbers?.map((n) => [n.locationId, n.linked.free, n.current?.free])).toEqual([
      [changedLocation!.id, 3, 1],
      [untouched!.id, 0, 0],
    ]);
    await expectNothingWritten(
      seqBefore,
      provider.due.map((l) => l.id),
      [after!, untouched!],
      link.id,
    );
    expect((await post("look", secret)).body.state).toBe("gewijzigd");
    const [refusal] = await db()
      .select()
      .from(auditLog)
      .where(eq(auditLog.actor, `link:${link.id}`));
    expect(refusal).toMatchObject({ outcome: "geweigerd", objectId: String(provider.providerId) });
  });

  it("when a link names another provider's location, then it is refused and that location is not confirmed", async () => {
    const provider = await dueProvider(db());
    const { secret, link } = await promptedLink(db(), provider);
    const foreign = await addLocation(db(), { lastConfirmedAt: hoursAgo(70) });
    // A forged row: the foreign location at its right version, as if the link covered it.
    await db()
      .update(freshnessLinks)
      .set({ numbers: [...link.numbers, { locationId: foreign.id, version: foreign.version, free: foreign.free }] })
      .where(eq(freshnessLinks.id, link.id));
    const seqBefore = await lastSeq();

    const refused = await post("confirm", secret);

    expect(refused.status).toBe(409);
    // Another provider's location shows no name and no numbers.
    const shown = refused.body.numbers?.find((n) => n.locationId === foreign.id);
    expect(shown).toMatchObject({ current: null, name: `Locatie ${foreign.id}` });
    const ids = [...provider.due.map((l) => l.id), foreign.id];
    await expectNothingWritten(seqBefore, ids, [...provider.due, foreign], link.id);
  });

  it("when a location moved to another provider after the mail, then the link is refused", async () => {
    const provider = await dueProvider(db());
    const { secret, link } = await promptedLink(db(), provider);
    const other = await addLocation(db());
    await db().update(locations).set({ providerId: other.providerId }).where(eq(locations.id, provider.due[1]!.id));
    const seqBefore = await lastSeq();

    const refused = await post("confirm", secret);

    expect(refused.status).toBe(409);
    await expectNothingWritten(
      seqBefore,
      provider.due.map((l) => l.id),
      provider.due,
      link.id,
    );
  });

  it("when the token is unknown or malformed, then 404 or 400 and nothing is written", async () => {
    const unknown = await post("confirm", "A".repeat(43));
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toContain("bestaat niet");
    const malformed = await post("confirm", "kort");
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors?.[0]?.field).toBe("body.token");
    const extra = await api<Problem>(server.url, "/api/freshness/look", { body: { token: "A".repeat(43), x: 1 } });
    expect(extra.status).toBe(400);
  });
});

describe("one-tap link guessing", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer("pglite", { env: { LOGIN_MAX_FAILURES_PER_IP: "3" } });
  });
  afterAll(async () => server?.close());

  it("when one address tries unknown links past the login allowance, then it gets 429 with Retry-After", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await api(server.url, "/api/freshness/look", { body: { token: `${"B".repeat(42)}${i}` } });
      statuses.push(res.status);
      if (res.status === 429) expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    expect(statuses).toEqual([404, 404, 404, 429]);
  });
});
