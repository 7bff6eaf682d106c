// The inbox ("Meldingen"): what the placement flow tells whom, written with the change that causes it (a reservation
// that fails leaves nothing), read and marked by its owner only, and the e-mail each kind causes as the user chose.
import { and, eq, inArray, like } from "drizzle-orm";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../server/db/client.js";
import { auditLog, mailOutbox, notifications, providers, reservations, users } from "../../server/db/schema.js";
import { eventsAfter } from "../../server/features/capacity/service.js";
import { notify } from "../../server/features/notifications/service.js";
import type { PlacementDeps } from "../../server/features/placements/deps.js";
import { createMatchIndex } from "../../server/features/placements/match-index.js";
import { placesFreedFor } from "../../server/features/placements/watch.js";
import type { Inbox, MailPreferences } from "../../shared/schemas/notifications.js";
import type { Reservation } from "../../shared/schemas/placements.js";
import { type Caller, loginAs } from "../support/auth.js";
import { BACKENDS } from "../support/database.js";
import { addLocation } from "../support/fixtures.js";
import { searchingRequest } from "../support/placements.js";
import { api, eventually, startTestServer, type TestServer } from "../support/server.js";

const RET = "ret@test.twente.nl";
const userOf = (caller: Caller) => ("user" in caller ? caller.user.id : 0);

/** A server, its regisseur, and the steps of the placement flow through the API. */
function placementFlow(backend: "pglite" | "postgres", env: Record<string, string> = {}) {
  const flow = {} as { server: TestServer; db: Db; regisseur: Caller };
  beforeAll(async () => {
    flow.server = await startTestServer(backend, { env: { ESCALATE_AFTER_DECLINES: "2", RET_EMAIL: RET, ...env } });
    flow.db = flow.server.database.db;
    flow.regisseur = await loginAs(flow.server, "regisseur");
  });
  afterAll(async () => flow.server?.close());
  return flow;
}

const inboxOf = async (server: TestServer, as: Caller, query = "") =>
  api<Inbox>(server.url, `/api/notifications${query}`, { as });

async function reserve(server: TestServer, as: Caller, requestId: number, locationId: number) {
  return api<Reservation & { detail?: string }>(server.url, `/api/requests/${requestId}/reservations`, {
    body: { locationId },
    as,
  });
}

describe.each(BACKENDS)("notifications of the placement flow on %s", (backend) => {
  const flow = placementFlow(backend);

  it("when a regisseur reserves a place, then every aanbieder account of that provider has it in its inbox and an e-mail each, and the contact address one", async () => {
    const { server, db, regisseur } = flow;
    const location = await addLocation(db, { capacity: 4, occupied: 2 });
    await db.update(providers).set({ email: "planning@test.twente.nl" }).where(eq(providers.id, location.providerId));
    const staff = [
      await loginAs(server, "aanbieder", location.providerId),
      await loginAs(server, "aanbieder", location.providerId),
    ];
    const otherProvider = await loginAs(server, "aanbieder", (await addLocation(db)).providerId);
    const request = await searchingRequest(server.url, regisseur);

    const made = await reserve(server, regisseur, request.id, location.id);

    expect(made.status).toBe(200);
    for (const caller of staff) {
      const inbox = (await inboxOf(server, caller)).body;
      expect(inbox.unread).toBe(1);
      expect(inbox.items).toEqual([
        expect.objectContaining({
          kind: "reservering-wacht",
          link: "/aanbieder",
          caseNumber: request.caseNumber,
          read: false,
        }),
      ]);
      const [item] = inbox.items;
      expect(item?.body).toContain(request.caseNumber);
      expect(item?.body).toContain(location.name);
      // A case number at most: not the youth's age or gender.
      expect(`${item?.title} ${item?.body}`).not.toMatch(/meisje|14 jaar/);
      expect(item?.body).not.toContain("niet bevestigd");
    }
    expect((await inboxOf(server, otherProvider)).body).toEqual({ items: [], unread: 0 });
    const mails = await db
      .select()
      .from(mailOutbox)
      .where(like(mailOutbox.dedupeKey, `%:${made.body.id}:wacht%`));
    const accountMails = await db
      .select()
      .from(mailOutbox)
      .innerJoin(notifications, eq(notifications.id, mailOutbox.notificationId))
      .where(eq(notifications.dedupeKey, `reservering:${made.body.id}:wacht`));
    expect(accountMails.map((m) => m.mail_outbox.userId).sort()).toEqual(staff.map(userOf).sort());
    expect(mails.map((m) => m.toAddress)).toContain("planning@test.twente.nl");
    expect(accountMails.length + mails.length).toBe(3);
  });

  it("when a regisseur reserves a place whose numbers are stale, then the provider's notice asks it to confirm them too", async () => {
    const { server, db, regisseur } = flow;
    const stale = await addLocation(db, {
      capacity: 4,
      occupied: 1,
      lastConfirmedAt: new Date(Date.now() - 5 * 86_400_000),
    });
    const staff = await loginAs(server, "aanbieder", stale.providerId);
    const request = await searchingRequest(server.url, regisseur, { acceptableCareTypes: ["residentieel"] });

    expect((await reserve(server, regisseur, request.id, stale.id)).status).toBe(200);

    // The scheduler's freshness prompt for the same stale numbers may land in the inbox meanwhile: look for the notice.
    const item = (await inboxOf(server, staff)).body.items.find((i) => i.kind === "reservering-wacht");
    expect(item?.kind).toBe("reservering-wacht");
    expect(item?.body).toContain(`Uw cijfers voor ${stale.name} zijn sinds`);
    expect(item?.body).toContain("klopt het aantal vrije plekken nog?");
  });

  it("when a reservation is refused (no place left, or it does not fit), then nobody is notified and no e-mail is queued", async () => {
    const { server, db, regisseur } = flow;
    const full = await addLocation(db, { capacity: 2, occupied: 2 });
    const unfit = await addLocation(db, { capacity: 4, occupied: 1, careType: "jeugdzorgplus" });
    const staff = [
      await loginAs(server, "aanbieder", full.providerId),
      await loginAs(server, "aanbieder", unfit.providerId),
    ];
    const request = await searchingRequest(server.url, regisseur);
    const outboxBefore = (await db.select().from(mailOutbox)).length;

    expect((await reserve(server, regisseur, request.id, full.id)).status).toBe(409);
    expect((await reserve(server, regisseur, request.id, unfit.id)).status).toBe(422);

    for (const caller of staff) expect((await inboxOf(server, caller)).body.unread).toBe(0);
    expect(await db.select().from(mailOutbox)).toHaveLength(outboxBefore);
  });

  it("when the provider accepts or declines, then the regisseur who reserved hears it with the reason, linked to the request", async () => {
    const { server, db } = flow;
    const maker = await loginAs(server, "regisseur");
    const colleague = await loginAs(server, "regisseur");
    const location = await addLocation(db, { capacity: 6, occupied: 1 });
    const provider = await loginAs(server, "aanbieder", location.providerId);
    const [accepted, declined] = [await searchingRequest(server.url, maker), await searchingRequest(server.url, maker)];
    const answer = async (requestId: number, body: object) => {
      const made = await reserve(server, maker, requestId, location.id);
      const res = await api(server.url, `/api/reservations/${made.body.id}/answer`, { body, as: provider });
      expect(res.status).toBe(200);
    };

    await answer(accepted.id, { answer: "accepteren" });
    await answer(declined.id, { answer: "weigeren", reason: "groepssamenstelling" });

    const inbox = (await inboxOf(server, maker)).body;
    expect(inbox.unread).toBe(2);
    expect(inbox.items.map(({ kind, link, caseNumber }) => ({ kind, link, caseNumber }))).toEqual([
      { kind: "reservering-geweigerd", link: `/verzoeken/${declined.id}`, caseNumber: declined.caseNumber },
      { kind: "reservering-geaccepteerd", link: `/verzoeken/${accepted.id}`, caseNumber: accepted.caseNumber },
    ]);
    expect(inbox.items[0]?.body).toContain("Reden: Groepssamenstelling");
    expect((await inboxOf(server, colleague)).body.unread).toBe(0);
  });

  it("when a reservation is not answered in time, then its maker hears it expired", async () => {
    const { server, db, regisseur } = flow;
    const location = await addLocation(db, { capacity: 3, occupied: 1 });
    const request = await searchingRequest(server.url, regisseur);
    const made = await reserve(server, regisseur, request.id, location.id);
    // Its time is up: the expiry sweep every process runs takes it from here.
    await db
      .update(reservations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(reservations.id, made.body.id));

    await eventually(async () =>
      (await inboxOf(server, regisseur)).body.items.some(
        (n) => n.kind === "reservering-verlopen" && n.link === `/verzoeken/${request.id}`,
      ),
    );
    const [row] = await db.select().from(reservations).where(eq(reservations.id, made.body.id));
    expect(row?.status).toBe("verlopen");
  });

  it("when declines escalate a request, then every regisseur is told and the RET's address gets one e-mail", async () => {
    const { server, db, regisseur } = flow;
    const everyRegisseur = await db.select({ id: users.id }).from(users).where(eq(users.role, "regisseur"));
    const request = await searchingRequest(server.url, regisseur);
    for (const reason of ["personeel", "leeftijd"] as const) {
      const location = await addLocation(db, { capacity: 4, occupied: 1 });
      const provider = await loginAs(server, "aanbieder", location.providerId);
      const made = await reserve(server, regisseur, request.id, location.id);
      await api(server.url, `/api/reservations/${made.body.id}/answer`, {
        body: { answer: "weigeren", reason },
        as: provider,
      });
    }

    const told = await db
      .select()
      .from(notifications)
      .where(eq(notifications.dedupeKey, `verzoek:${request.id}:opgeschaald`));
    expect(told.map((n) => n.userId).sort()).toEqual(everyRegisseur.map((u) => u.id).sort());
    expect(told[0]).toMatchObject({ kind: "verzoek-opgeschaald", link: `/verzoeken/${request.id}` });
    const ret = await db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, RET));
    expect(ret).toHaveLength(1);
    expect(ret[0]?.body).toContain(request.caseNumber);
  });
});

describe("reading the inbox", () => {
  const flow = placementFlow("pglite");

  /** n notifications for one user, as a producer writes them, oldest first. */
  async function fill(userId: number, n: number) {
    const ids: number[] = [];
    for (let i = 0; i < n; i++) {
      const [created] = await flow.db.transaction((tx) =>
        notify(tx, { publicUrl: "http://localhost" }, [userId], {
          kind: "plek-vrij",
          title: `Melding ${i}`,
          body: "Er is een plek vrij.",
          link: "/verzoeken/1",
          caseNumber: `LEES-${userId}-${i}`,
          dedupeKey: `test:${userId}:${i}`,
        }),
      );
      ids.push(created!.notification.id);
    }
    return ids;
  }

  it("when a user pages through the inbox, then it comes newest first with the total unread, and unreadOnly leaves the read out", async () => {
    const { server, regisseur } = flow;
    const me = await loginAs(server, "regisseur");
    const ids = await fill(userOf(me), 5);

    const first = (await inboxOf(server, me, "?limit=2")).body;
    expect(first.items.map((n) => n.id)).toEqual([ids[4], ids[3]]);
    expect(first.unread).toBe(5);
    const next = (await inboxOf(server, me, `?limit=2&before=${ids[3]}`)).body;
    expect(next.items.map((n) => n.id)).toEqual([ids[2], ids[1]]);

    const read = await api<{ unread: number }>(server.url, `/api/notifications/${ids[4]}/read`, {
      method: "POST",
      as: me,
    });
    expect(read.body).toEqual({ unread: 4 });
    // Again: no change, still fine.
    const again = await api(server.url, `/api/notifications/${ids[4]}/read`, { method: "POST", as: me });
    expect(again.body).toEqual({ unread: 4 });
    const unreadOnly = (await inboxOf(server, me, "?unreadOnly=true")).body;
    expect(unreadOnly.items.map((n) => n.id)).toEqual([ids[3], ids[2], ids[1], ids[0]]);
    expect((await inboxOf(server, me, "?limit=1")).body.items[0]).toMatchObject({ id: ids[4], read: true });

    const all = await api(server.url, "/api/notifications/read-all", { method: "POST", as: me });
    expect(all.body).toEqual({ unread: 0 });
    expect((await inboxOf(server, me, "?unreadOnly=true")).body).toEqual({ items: [], unread: 0 });
    // Someone else's inbox is untouched by all this.
    expect((await inboxOf(server, regisseur)).status).toBe(200);
  });

  it("when a user reads the inbox, then each case number it shows is in the audit log under that user", async () => {
    const me = await loginAs(flow.server, "regisseur");
    await fill(userOf(me), 2);
    await inboxOf(flow.server, me);
    const logged = await flow.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "meldingen.gelezen"), eq(auditLog.actor, `user:${userOf(me)}`)));
    expect(logged.map((e) => e.onBehalfOf).sort()).toEqual([`LEES-${userOf(me)}-0`, `LEES-${userOf(me)}-1`]);
  });

  it("when a user marks someone else's notification read, then it answers 404 as if absent, and it stays unread", async () => {
    const owner = await loginAs(flow.server, "regisseur");
    const other = await loginAs(flow.server, "regisseur");
    const [id] = await fill(userOf(owner), 1);

    const res = await api<{ status: number }>(flow.server.url, `/api/notifications/${id}/read`, {
      method: "POST",
      as: other,
    });
    expect(res.status).toBe(404);
    expect((await inboxOf(flow.server, owner)).body.unread).toBe(1);
    const absent = await api(flow.server.url, "/api/notifications/999999/read", { method: "POST", as: owner });
    expect(absent.status).toBe(404);
    const bad = await api(flow.server.url, "/api/notifications/abc/read", { method: "POST", as: owner });
    expect(bad.status).toBe(400);
  });

  it("when a provider system calls with its API token, then it has no inbox: 403", async () => {
    const location = await addLocation(flow.db);
    const admin = await loginAs(flow.server, "beheerder");
    const token = await api<{ token: string }>(flow.server.url, `/api/providers/${location.providerId}/tokens`, {
      body: { name: "Planning" },
      as: admin,
    });
    const res = await inboxOf(flow.server, { token: token.body.token });
    expect(res.status).toBe(403);
  });
});

describe("e-mail preferences", () => {
  const flow = placementFlow("pglite");

  it("when a regisseur asks, then it gets its role's kinds, each by e-mail at once until chosen otherwise", async () => {
    const res = await api<MailPreferences>(flow.server.url, "/api/notifications/preferences", { as: flow.regisseur });
    expect(res.body.preferences.map((p) => p.kind)).toEqual([
      "reservering-geaccepteerd",
      "reservering-geweigerd",
      "reservering-verlopen",
      "reservering-vervallen",
      "plek-vrij",
      "verzoek-opgeschaald",
      "ambulant-te-laat",
    ]);
    expect(new Set(res.body.preferences.map((p) => p.delivery))).toEqual(new Set(["direct"]));
  });

  it("when a regisseur turns one kind off and another to daily, then the inbox still gets both, with no e-mail queued and the daily one due for the digest", async () => {
    const { server, db } = flow;
    const maker = await loginAs(server, "regisseur");
    const chosen = await api<MailPreferences>(server.url, "/api/notifications/preferences", {
      method: "PUT",
      body: {
        preferences: [
          { kind: "reservering-geaccepteerd", delivery: "uit" },
          { kind: "reservering-geweigerd", delivery: "dagelijks" },
        ],
      },
      as: maker,
    });
    expect(chosen.status).toBe(200);
    expect(chosen.body.preferences).toContainEqual({ kind: "reservering-geaccepteerd", delivery: "uit" });
    const location = await addLocation(db, { capacity: 6, occupied: 1 });
    const provider = await loginAs(server, "aanbieder", location.providerId);
    for (const body of [{ answer: "accepteren" }, { answer: "weigeren", reason: "personeel" }]) {
      const request = await searchingRequest(server.url, maker);
      const made = await reserve(server, maker, request.id, location.id);
      await api(server.url, `/api/reservations/${made.body.id}/answer`, { body, as: provider });
    }

    const mine = await db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, userOf(maker)));
    expect(mine.map((n) => [n.kind, n.digestDue]).sort()).toEqual([
      ["reservering-geaccepteerd", false],
      ["reservering-geweigerd", true],
    ]);
    const mailed = await db
      .select()
      .from(mailOutbox)
      .where(
        inArray(
          mailOutbox.notificationId,
          mine.map((n) => n.id),
        ),
      );
    expect(mailed).toEqual([]);
  });

  it("when a regisseur chooses for a kind its role never gets, then it is refused naming the kind, and nothing changes", async () => {
    const me = await loginAs(flow.server, "regisseur");
    const res = await api<{ detail: string; errors: { field: string }[] }>(
      flow.server.url,
      "/api/notifications/preferences",
      {
        method: "PUT",
        body: {
          preferences: [
            { kind: "plek-vrij", delivery: "uit" },
            { kind: "cijfers-verouderen", delivery: "uit" },
          ],
        },
        as: me,
      },
    );
    expect(res.status).toBe(422);
    expect(res.body.detail).toContain("cijfers-verouderen");
    expect(res.body.errors).toEqual([expect.objectContaining({ field: "body.preferences.1.kind" })]);
    const now = await api<MailPreferences>(flow.server.url, "/api/notifications/preferences", { as: me });
    expect(now.body.preferences).toContainEqual({ kind: "plek-vrij", delivery: "direct" });
    const unknown = await api(flow.server.url, "/api/notifications/preferences", {
      method: "PUT",
      body: { preferences: [{ kind: "plek-vrij", delivery: "soms" }] },
      as: me,
    });
    expect(unknown.status).toBe(400);
  });
});

describe("a fitting place for a followed request", () => {
  const flow = placementFlow("pglite");

  it("when a fitting place comes free, then the watcher's inbox has it once, even when the check runs again", async () => {
    const { server, db, regisseur } = flow;
    const location = await addLocation(db, { capacity: 4, occupied: 4, careType: "gezinshuis" });
    const request = await searchingRequest(server.url, regisseur);
    await api(server.url, `/api/requests/${request.id}/watch`, {
      method: "PUT",
      body: { watching: true },
      as: regisseur,
    });
    const provider = await loginAs(server, "aanbieder", location.providerId);
    const freed = await api<{ version: number }>(server.url, `/api/locations/${location.id}/availability`, {
      method: "PUT",
      body: { version: location.version, free: 1 },
      as: provider,
    });
    expect(freed.status).toBe(200);

    const placeFree = async () =>
      (await inboxOf(server, regisseur)).body.items.filter(
        (n) => n.kind === "plek-vrij" && n.caseNumber === request.caseNumber,
      );
    await eventually(async () => (await placeFree()).length === 1);
    expect((await placeFree())[0]).toMatchObject({ link: `/verzoeken/${request.id}` });

    // The same event checked again (a retry after a crash of the push, say): nothing is written twice.
    const capacity = { db, publish: () => {}, staleAfterHours: 48 };
    const events = (await eventsAfter(capacity, 0, 10_000)).events.filter((e) => e.locationId === location.id);
    const deps: PlacementDeps = {
      ...{ db, capacity, matchIndex: createMatchIndex(db, pino({ level: "silent" })) },
      config: { reservationExpiryMinutes: 60, escalateAfterDeclines: 3, crisisAmbulantDays: 5 },
      ...{ notifyProvider: () => {}, notifyRequest: () => {}, notifyWatcher: () => {}, notifyUsers: () => {} },
      notifications: { publicUrl: "http://localhost" },
    };
    const again = await placesFreedFor(deps, events.at(-1)!);
    await deps.matchIndex.close();
    expect(again.map((f) => f.notice.requestId)).toContain(request.id);
    expect(await placeFree()).toHaveLength(1);
  });
});
