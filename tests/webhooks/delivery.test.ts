// Webhooks end to end with a real HTTP receiver: a reservation at the provider's location arrives signed and verifies
// with the example verifier (docs/examples), a 500 is retried once and recorded, an old timestamp is refused by the
// verifier, a rotated secret signs what follows, and another provider's endpoint hears nothing.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyWebhook } from "../../docs/examples/webhook-verifier.js";
import { auditLog, webhookAttempts, webhookDeliveries } from "../../server/db/schema.js";
import type { Reservation } from "../../shared/schemas/placements.js";
import type {
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointWithSecret,
  WebhookEventKind,
} from "../../shared/schemas/webhooks.js";
import { sample, scrape } from "../observability/scrape.js";
import { type Caller, loginAs } from "../support/auth.js";
import { BACKENDS } from "../support/database.js";
import { addLocation } from "../support/fixtures.js";
import { searchingRequest } from "../support/placements.js";
import { api, eventually, startTestServer, type TestServer } from "../support/server.js";
import { type Receiver, startReceiver } from "./receiver.js";

const ALL: WebhookEventKind[] = ["reservering.gemaakt", "reservering.geweigerd", "reservering.verlopen"];

describe.each(BACKENDS)("webhooks on %s", (backend) => {
  let server: TestServer;
  let receiver: Receiver;
  let other: Receiver;
  let regisseur: Caller;
  beforeAll(async () => {
    receiver = await startReceiver();
    other = await startReceiver();
    server = await startTestServer(backend, { env: { WEBHOOK_ALLOW_HTTP: "true", WEBHOOK_CHECK_SECONDS: "0.1" } });
    regisseur = await loginAs(server, "regisseur");
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await receiver?.close();
    await other?.close();
  });
  const db = () => server.database.db;

  /** A provider with one location, its aanbieder, and an endpoint at `to` for `events`. */
  async function providerWithEndpoint(to: Receiver, events: WebhookEventKind[]) {
    const place = await addLocation(db(), { capacity: 6, occupied: 2 });
    const aanbieder = await loginAs(server, "aanbieder", place.providerId);
    const made = await api<WebhookEndpointWithSecret>(server.url, `/api/providers/${place.providerId}/webhooks`, {
      body: { url: to.url, events, description: "Planning" },
      as: aanbieder,
    });
    expect(made.status).toBe(201);
    return { place, aanbieder, endpoint: made.body };
  }

  async function reserve(locationId: number) {
    const request = await searchingRequest(server.url, regisseur);
    const reserved = await api<Reservation>(server.url, `/api/requests/${request.id}/reservations`, {
      body: { locationId },
      as: regisseur,
    });
    expect(reserved.status).toBe(200);
    return { request, reservation: reserved.body };
  }

  const deliveryOf = async (reservationId: number, kind: WebhookEventKind) =>
    (
      await db()
        .select()
        .from(webhookDeliveries)
        .where(and(eq(webhookDeliveries.reservationId, reservationId), eq(webhookDeliveries.kind, kind)))
    )[0];

  it("when a regisseur reserves a place at the provider's location, then its endpoint gets the event signed, it verifies with the example verifier, and another provider's endpoint gets nothing", async () => {
    const { place, aanbieder, endpoint } = await providerWithEndpoint(receiver, ALL);
    await providerWithEndpoint(other, ALL);
    const before = receiver.received.length;
    const { request, reservation } = await reserve(place.id);

    const [arrived] = (await receiver.waitFor(before + 1)).slice(before);
    const outcome = verifyWebhook(endpoint.secret, arrived!.headers, arrived!.body);
    expect(outcome).toMatchObject({ ok: true });
    expect(JSON.parse(arrived!.body)).toEqual({
      id: arrived!.headers["x-webhook-id"],
      kind: "reservering.gemaakt",
      occurredAt: expect.any(String),
      providerId: place.providerId,
      locationId: place.id,
      reservationId: reservation.id,
      caseNumber: request.caseNumber,
      expiresAt: expect.any(String),
    });
    expect(arrived!.headers["x-webhook-signature"]).toMatch(/^v1=[0-9a-f]{64}$/);
    await eventually(async () => (await deliveryOf(reservation.id, "reservering.gemaakt"))?.status === "afgeleverd");

    // The provider's page: the endpoint with its last delivery, and the delivery list.
    const listed = await api<WebhookEndpoint[]>(server.url, `/api/providers/${place.providerId}/webhooks`, {
      as: aanbieder,
    });
    expect(listed.body).toEqual([
      expect.objectContaining({
        id: endpoint.id,
        lastDelivery: expect.objectContaining({ status: "afgeleverd", lastStatusCode: 200, attempts: 1 }),
      }),
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(endpoint.secret);
    const deliveries = await api<WebhookDelivery[]>(server.url, `/api/webhooks/${endpoint.id}/deliveries`, {
      as: aanbieder,
    });
    expect(deliveries.body[0]).toMatchObject({ kind: "reservering.gemaakt", status: "afgeleverd", attempts: 1 });
    // The other provider's receiver heard nothing of it, and the secret is nowhere in the audit log.
    expect(other.received).toEqual([]);
    const leaked = await db()
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(
        sql`coalesce(${auditLog.detail}, '') || coalesce(${auditLog.data}::text, '') like ${`%${endpoint.secret}%`}`,
      );
    expect(leaked).toEqual([]);

    // A replayed delivery: the same request six minutes later is refused by the verifier; so is a changed body.
    const at = Number(arrived!.headers["x-webhook-timestamp"]);
    expect(verifyWebhook(endpoint.secret, arrived!.headers, arrived!.body, at + 6 * 60)).toEqual({
      ok: false,
      reason: "tijdstempel te oud",
    });
    const forged = arrived!.body.replace(String(place.id), String(place.id + 1));
    expect(verifyWebhook(endpoint.secret, arrived!.headers, forged, at)).toMatchObject({ ok: false });
  }, 60_000);

  /** A reservation's event whose first attempt the receiver answers with 500: the delivery after that attempt. */
  const firstAttemptFailed = async () => {
    const { place } = await providerWithEndpoint(receiver, ALL);
    receiver.answerNext(500);
    const before = receiver.received.length;
    const { reservation } = await reserve(place.id);
    await receiver.waitFor(before + 1);
    await eventually(async () => (await deliveryOf(reservation.id, "reservering.gemaakt"))?.attempts === 1);
    const failed = (await deliveryOf(reservation.id, "reservering.gemaakt"))!;
    return { failed, before, now: () => deliveryOf(reservation.id, "reservering.gemaakt") };
  };

  it("when the receiver answers 500 and then 200, then the event comes once more with the same id, is recorded delivered, and each attempt is on record", async () => {
    const { failed, before, now } = await firstAttemptFailed();
    expect(failed).toMatchObject({ status: "wachtend", lastStatusCode: 500, lastError: "HTTP 500" });
    expect(failed.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());

    // The back-off's wait passes (moved in the database instead of waited out).
    await db().update(webhookDeliveries).set({ nextAttemptAt: sql`now()` }).where(eq(webhookDeliveries.id, failed.id));
    await receiver.waitFor(before + 2);
    await eventually(async () => (await now())?.status === "afgeleverd");
    await new Promise((r) => setTimeout(r, 500));

    const ofThisEvent = receiver.received.filter((r) => r.headers["x-webhook-id"] === failed.eventId);
    expect(ofThisEvent.map((r) => r.answered)).toEqual([500, 200]);
    const attempts = await db()
      .select({ statusCode: webhookAttempts.statusCode, error: webhookAttempts.error })
      .from(webhookAttempts)
      .where(eq(webhookAttempts.deliveryId, failed.id))
      .orderBy(webhookAttempts.id);
    expect(attempts).toEqual([
      { statusCode: 500, error: "HTTP 500" },
      { statusCode: 200, error: null },
    ]);
    const metrics = await scrape(server.url);
    expect(sample(metrics, "wijzer_webhook_attempt_failures_total", { final: "false" })).toBeGreaterThanOrEqual(1);
    expect(sample(metrics, "wijzer_webhook_delivered_total")).toBeGreaterThanOrEqual(1);
    expect(sample(metrics, "wijzer_webhook_deliveries", { status: "afgeleverd" })).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it("when the receiver still fails at the last attempt, then the delivery is given up (mislukt), tried no more, and /metrics shows it to the operator", async () => {
    const givenUpBefore = sample(await scrape(server.url), "wijzer_webhook_deliveries", { status: "mislukt" });
    const { failed: failing, before, now } = await firstAttemptFailed();

    // Eleven attempts have failed (moved in the database instead of waited out); the twelfth, the last, fails too.
    receiver.answerNext(500);
    await db()
      .update(webhookDeliveries)
      .set({ attempts: 11, nextAttemptAt: sql`now()` })
      .where(eq(webhookDeliveries.id, failing.id));
    await receiver.waitFor(before + 2);
    await eventually(async () => (await now())?.status === "mislukt");
    expect(await now()).toMatchObject({ attempts: 12, lastError: "HTTP 500" });

    // Given up is final: no further attempt comes, even when it would be due.
    await db().update(webhookDeliveries).set({ nextAttemptAt: sql`now()` }).where(eq(webhookDeliveries.id, failing.id));
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.received.filter((r) => r.headers["x-webhook-id"] === failing.eventId)).toHaveLength(2);
    const metrics = await scrape(server.url);
    expect(sample(metrics, "wijzer_webhook_attempt_failures_total", { final: "true" })).toBeGreaterThanOrEqual(1);
    expect(sample(metrics, "wijzer_webhook_deliveries", { status: "mislukt" })).toBe(givenUpBefore + 1);
  }, 60_000);

  it("when the secret is rotated (with the provider's API token), then what follows verifies with the new secret and not with the old", async () => {
    const { place, aanbieder, endpoint } = await providerWithEndpoint(receiver, ALL);
    const token = await api<{ token: string }>(server.url, `/api/providers/${place.providerId}/tokens`, {
      body: { name: "Planning" },
      as: aanbieder,
    });
    const rotated = await api<WebhookEndpointWithSecret>(server.url, `/api/webhooks/${endpoint.id}/rotate`, {
      method: "POST",
      as: { token: token.body.token },
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(endpoint.secret);
    expect(rotated.body.secretRotatedAt).not.toBeNull();

    const before = receiver.received.length;
    await reserve(place.id);
    const [arrived] = (await receiver.waitFor(before + 1)).slice(before);
    expect(verifyWebhook(rotated.body.secret, arrived!.headers, arrived!.body)).toMatchObject({ ok: true });
    expect(verifyWebhook(endpoint.secret, arrived!.headers, arrived!.body)).toEqual({
      ok: false,
      reason: "handtekening klopt niet",
    });
  }, 60_000);

  it("when an address is not https, or a sixth endpoint is asked for, then it is refused naming why and nothing is written", async () => {
    const { place, aanbieder } = await providerWithEndpoint(receiver, ["cijfers.verouderen"]);
    const path = `/api/providers/${place.providerId}/webhooks`;
    const plain = await api<{ errors: { field: string }[] }>(server.url, path, {
      body: { url: "http://planning.example.nl/hook", events: ["cijfers.verouderen"] },
      as: aanbieder,
    });
    expect(plain.status).toBe(422);
    expect(plain.body.errors.map((e) => e.field)).toEqual(["url"]);
    const inside = await api(server.url, path, {
      body: { url: "https://10.0.0.8/hook", events: ["cijfers.verouderen"] },
      as: aanbieder,
    });
    expect(inside.status).toBe(422);
    for (let i = 0; i < 4; i++) {
      const made = await api(server.url, path, { body: { url: `${receiver.url}/${i}`, events: ALL }, as: aanbieder });
      expect(made.status).toBe(201);
    }
    const sixth = await api(server.url, path, { body: { url: receiver.url, events: ALL }, as: aanbieder });
    expect(sixth.status).toBe(409);
    const listed = await api<WebhookEndpoint[]>(server.url, path, { as: aanbieder });
    expect(listed.body).toHaveLength(5);
  }, 60_000);
});
