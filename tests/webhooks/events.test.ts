// Every kind of webhook event comes from the change or the job that causes it, once per cause: a reservation made,
// accepted, declined, withdrawn with its request, about to expire, expired; the numbers about to go stale.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { locations, reservations, webhookDeliveries } from "../../server/db/schema.js";
import type { Reservation } from "../../shared/schemas/placements.js";
import { WEBHOOK_EVENT_KINDS, type WebhookEndpointWithSecret } from "../../shared/schemas/webhooks.js";
import { type Caller, loginAs } from "../support/auth.js";
import { BACKENDS } from "../support/database.js";
import { addLocation } from "../support/fixtures.js";
import { searchingRequest } from "../support/placements.js";
import { api, eventually, startTestServer, type TestServer } from "../support/server.js";
import { type Receiver, startReceiver } from "./receiver.js";

describe.each(BACKENDS)("webhook events on %s", (backend) => {
  let server: TestServer;
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
    server = await startTestServer(backend, { env: { WEBHOOK_ALLOW_HTTP: "true", WEBHOOK_CHECK_SECONDS: "0.1" } });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await receiver?.close();
  });

  it("when reservations are made, answered, withdrawn, remind and expire, and the numbers near staleness, then each event is queued once and delivered", async () => {
    const db = server.database.db;
    const place = await addLocation(db, { capacity: 20, occupied: 2 });
    const aanbieder = await loginAs(server, "aanbieder", place.providerId);
    const regisseur = await loginAs(server, "regisseur");
    const made = await api<WebhookEndpointWithSecret>(server.url, `/api/providers/${place.providerId}/webhooks`, {
      body: { url: receiver.url, events: WEBHOOK_EVENT_KINDS.filter((k) => k !== "reservering.vervallen") },
      as: aanbieder,
    });
    expect(made.status).toBe(201);
    const reserve = async () => {
      const request = await searchingRequest(server.url, regisseur);
      const path = `/api/requests/${request.id}/reservations`;
      const reserved = await api<Reservation>(server.url, path, { body: { locationId: place.id }, as: regisseur });
      return { request, reservation: reserved.body };
    };
    const answer = (r: Reservation, body: unknown) =>
      api(server.url, `/api/reservations/${r.id}/answer`, { body, as: aanbieder as Caller });

    const accepted = await reserve();
    expect((await answer(accepted.reservation, { answer: "accepteren" })).status).toBe(200);
    const declined = await reserve();
    expect((await answer(declined.reservation, { answer: "weigeren", reason: "geen-plek-meer" })).status).toBe(200);
    const withdrawn = await reserve();
    const back = await api(server.url, `/api/requests/${withdrawn.request.id}/transition`, {
      body: { to: "ingetrokken" },
      as: regisseur,
    });
    expect(back.status).toBe(200);
    // Expiring within the reminder window, then past its time: the jobs run as their timers would, twice each.
    const lapsing = await reserve();
    const soon = new Date(Date.now() + 3_600_000);
    await db.update(reservations).set({ expiresAt: soon }).where(eq(reservations.id, lapsing.reservation.id));
    const later = (minutes: number) => new Date(Date.now() + minutes * 60_000);
    await server.app.jobs.runDue(later(2), ["reservering-herinneringen"]);
    await server.app.jobs.runDue(later(4), ["reservering-herinneringen"]);
    await db
      .update(reservations)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(reservations.id, lapsing.reservation.id));
    await server.app.jobs.runDue(later(6), ["reserveringen-verlopen"]);
    await db
      .update(locations)
      .set({ lastConfirmedAt: sql`now() - interval '60 hours'` })
      .where(eq(locations.id, place.id));
    await server.app.jobs.runDue(later(20), ["cijfers-herinneringen"]);
    await server.app.jobs.runDue(later(40), ["cijfers-herinneringen"]);

    const queued = await db
      .select({ kind: webhookDeliveries.kind, reservationId: webhookDeliveries.reservationId })
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.endpointId, made.body.id));
    const expected = [
      { kind: "reservering.gemaakt", reservationId: accepted.reservation.id },
      { kind: "reservering.geaccepteerd", reservationId: accepted.reservation.id },
      { kind: "reservering.gemaakt", reservationId: declined.reservation.id },
      { kind: "reservering.geweigerd", reservationId: declined.reservation.id },
      { kind: "reservering.gemaakt", reservationId: withdrawn.reservation.id },
      { kind: "reservering.ingetrokken", reservationId: withdrawn.reservation.id },
      { kind: "reservering.gemaakt", reservationId: lapsing.reservation.id },
      { kind: "reservering.verloopt", reservationId: lapsing.reservation.id },
      { kind: "reservering.verlopen", reservationId: lapsing.reservation.id },
      { kind: "cijfers.verouderen", reservationId: null },
    ];
    const order = (l: { kind: string; reservationId: number | null }[]) =>
      [...l].sort((a, b) => `${a.reservationId}${a.kind}`.localeCompare(`${b.reservationId}${b.kind}`));
    expect(order(queued)).toEqual(order(expected));
    await eventually(async () => receiver.received.length >= expected.length, 30_000);
    const stale = receiver.received.map((r) => JSON.parse(r.body)).find((e) => e.kind === "cijfers.verouderen");
    expect(stale).toMatchObject({ providerId: place.providerId, locationId: place.id, staleAt: expect.any(String) });
    expect(stale.caseNumber).toBeUndefined();
  }, 90_000);
});
