// A webhook address whose host NAME resolves into the server's own network passes registration (only IP literals can
// be refused there) but is refused when the POST connects: the resolved address is checked, nothing is sent, and the
// attempt is recorded with the reason. This machine's own host name resolves to a loopback or private address, as
// on any machine whose /etc/hosts names itself; the test says so if it does not.
import { lookup } from "node:dns/promises";
import { hostname } from "node:os";
import { and, eq } from "drizzle-orm";
import { fetch } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webhookDeliveries } from "../../server/db/schema.js";
import { guardedDispatcher, PRIVATE_ADDRESS } from "../../server/features/webhooks/guarded-dispatcher.js";
import { privateAddress } from "../../server/features/webhooks/url.js";
import type { Reservation } from "../../shared/schemas/placements.js";
import type { WebhookEndpointWithSecret } from "../../shared/schemas/webhooks.js";
import { loginAs } from "../support/auth.js";
import { addLocation } from "../support/fixtures.js";
import { searchingRequest } from "../support/placements.js";
import { api, eventually, startTestServer, type TestServer } from "../support/server.js";
import { type Receiver, startReceiver } from "./receiver.js";

const host = hostname();

describe("webhook addresses that resolve into the server's own network", () => {
  let receiver: Receiver;
  let port: string;
  beforeAll(async () => {
    const resolved = await lookup(host, { all: true });
    expect(
      resolved.some((a) => privateAddress(a.address)),
      `${host} should resolve to a loopback or private address on this machine (got ${JSON.stringify(resolved)})`,
    ).toBe(true);
    receiver = await startReceiver();
    port = new URL(receiver.url).port;
  });
  afterAll(() => receiver?.close());

  it("when a POST goes to a name that resolves to a private address, then it is refused before connecting; this machine's names pass only when local posting is allowed", async () => {
    const strict = guardedDispatcher(false);
    const refused = await fetch(`http://${host}:${port}/webhooks`, { method: "POST", dispatcher: strict }).catch(
      (err: { cause?: { code?: string } }) => err.cause?.code,
    );
    expect(refused).toBe(PRIVATE_ADDRESS);
    const viaLocalhost = await fetch(`http://localhost:${port}/webhooks`, { method: "POST", dispatcher: strict }).catch(
      (err: { cause?: { code?: string } }) => err.cause?.code,
    );
    expect(viaLocalhost).toBe(PRIVATE_ADDRESS);
    expect(receiver.received).toEqual([]);

    const lenient = guardedDispatcher(true);
    const allowed = await fetch(`http://localhost:${port}/webhooks`, { method: "POST", dispatcher: lenient });
    expect(allowed.status).toBe(200);
    expect(receiver.received).toHaveLength(1);
    await Promise.all([strict.close(), lenient.close()]);
  });

  describe("in the server", () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer("pglite", { env: { WEBHOOK_CHECK_SECONDS: "0.1" } });
    }, 60_000);
    afterAll(() => server?.close());

    it("when a provider registers https://<a name of this machine>, then it is accepted, but the delivery is refused at the connection and recorded with the reason, and nothing arrives", async () => {
      const db = server.database.db;
      const place = await addLocation(db, { capacity: 6, occupied: 2 });
      const aanbieder = await loginAs(server, "aanbieder", place.providerId);
      const made = await api<WebhookEndpointWithSecret>(server.url, `/api/providers/${place.providerId}/webhooks`, {
        body: { url: `https://${host}:${port}/webhooks`, events: ["reservering.gemaakt"] },
        as: aanbieder,
      });
      expect(made.status).toBe(201);
      const regisseur = await loginAs(server, "regisseur");
      const request = await searchingRequest(server.url, regisseur);
      const reserved = await api<Reservation>(server.url, `/api/requests/${request.id}/reservations`, {
        body: { locationId: place.id },
        as: regisseur,
      });
      expect(reserved.status).toBe(200);

      const delivery = async () =>
        (
          await db
            .select()
            .from(webhookDeliveries)
            .where(
              and(
                eq(webhookDeliveries.reservationId, reserved.body.id),
                eq(webhookDeliveries.kind, "reservering.gemaakt"),
              ),
            )
        )[0];
      await eventually(async () => (await delivery())?.attempts === 1);
      expect(await delivery()).toMatchObject({ status: "wachtend", lastStatusCode: null, lastError: PRIVATE_ADDRESS });
      expect(receiver.received.filter((r) => r.headers["x-webhook-id"])).toEqual([]);
    }, 60_000);
  });
});
