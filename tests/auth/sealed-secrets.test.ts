// Secrets the server reads back are sealed at rest with SECRET_KEYS: a copy of the database holds no authenticator
// secret and no webhook signing secret, yet codes and signatures work as before; values stored before a key was set,
// or sealed with an older one, are sealed with the first key at start; a value sealed with a key that is not given
// stops the start with a message naming the key, never the value.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq, isNotNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyWebhook } from "../../docs/examples/webhook-verifier.js";
import { loadConfig } from "../../server/config.js";
import { openDatabase } from "../../server/db/client.js";
import { loginChallenges, users, webhookEndpoints } from "../../server/db/schema.js";
import { createSealer, resealAll, SealedValueError } from "../../server/db/sealed.js";
import { demoEmail } from "../../server/db/seed/accounts.js";
import { DEMO_TOTP_SECRET } from "../../shared/demo.js";
import type { CurrentUser } from "../../shared/schemas/auth.js";
import type { Reservation } from "../../shared/schemas/placements.js";
import type { WebhookEndpoint, WebhookEndpointWithSecret } from "../../shared/schemas/webhooks.js";
import { addAccount, loginAs } from "../support/auth.js";
import { BACKENDS } from "../support/database.js";
import { addLocation } from "../support/fixtures.js";
import { codeAt, codeStep, cookieOf, passwordStep } from "../support/mfa.js";
import { searchingRequest } from "../support/placements.js";
import { startServerProcess } from "../support/process.js";
import { api, startTestServer, type TestServer } from "../support/server.js";
import { type Receiver, startReceiver } from "../webhooks/receiver.js";

const newKey = () => randomBytes(32);
const base64 = (key: Buffer) => key.toString("base64");
const SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const DEMO_PASSWORD = "sealed-demo-2026";

describe("sealing a secret", () => {
  const [a, b] = [newKey(), newKey()];

  it("when a secret is sealed, then the stored value names no part of it, differs each time, and opens only in its own column", () => {
    const sealer = createSealer([a]);
    const one = sealer.seal("users.totp_secret", SECRET);
    const two = sealer.seal("users.totp_secret", SECRET);

    expect(one).toMatch(/^sealed:v1:[0-9a-f]{8}:/);
    expect(one).not.toContain(SECRET.slice(0, 8));
    expect(one).not.toBe(two);
    expect(sealer.open("users.totp_secret", one)).toBe(SECRET);
    expect(sealer.open("users.totp_secret", two)).toBe(SECRET);
    expect(() => sealer.open("webhook_endpoints.secret", one)).toThrow(SealedValueError);
    const altered = `${one.slice(0, -2)}${one.endsWith("A") ? "B" : "A"}${one.slice(-1)}`;
    expect(() => sealer.open("users.totp_secret", altered)).toThrow(SealedValueError);
  });

  it("when the keys are rotated, then the new first key seals, the old one still opens, and only the new is current", () => {
    const before = createSealer([a]);
    const after = createSealer([b, a]);
    const old = before.seal("users.totp_secret", SECRET);

    expect(after.open("users.totp_secret", old)).toBe(SECRET);
    expect(after.isCurrent(old)).toBe(false);
    expect(after.isCurrent(after.seal("users.totp_secret", SECRET))).toBe(true);
    expect(after.isCurrent(SECRET)).toBe(false);
    expect(createSealer([]).isCurrent(SECRET)).toBe(true);
    expect(createSealer([]).seal("users.totp_secret", SECRET)).toBe(SECRET);
  });

  it("when the key a value was sealed with is not given, then opening it fails naming the key, never the value", () => {
    const sealed = createSealer([a]).seal("users.totp_secret", SECRET);
    for (const sealer of [createSealer([b]), createSealer([])]) {
      const error = (() => {
        try {
          sealer.open("users.totp_secret", sealed);
        } catch (err) {
          return err as Error;
        }
      })();
      expect(error).toBeInstanceOf(SealedValueError);
      expect(error?.message).toContain(sealed.split(":")[2]);
      expect(error?.message).not.toContain(SECRET);
      expect(error?.message).not.toContain(sealed.split(":")[3]);
    }
  });

  it("when SECRET_KEYS holds something that is not a 32-byte base64 key, then the configuration is refused naming the key's place, not its value", () => {
    const short = base64(randomBytes(16));
    expect(() => loadConfig({ SECRET_KEYS: `${base64(a)},${short}` })).toThrow(
      /SECRET_KEYS: sleutel 2 is geen 32 bytes/,
    );
    expect(() => loadConfig({ SECRET_KEYS: short })).not.toThrow(short);
    expect(loadConfig({ SECRET_KEYS: ` ${base64(a)} , ${base64(b)} ` }).SECRET_KEYS).toEqual([a, b]);
    expect(loadConfig({}).SECRET_KEYS).toEqual([]);
  });
});

describe.each(BACKENDS)("secrets sealed at rest on %s", (backend) => {
  const key = newKey();
  let server: TestServer;
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
    server = await startTestServer(backend, {
      env: {
        SECRET_KEYS: base64(key),
        MFA_REQUIRED_ROLES: "beheerder",
        WEBHOOK_ALLOW_HTTP: "true",
        WEBHOOK_CHECK_SECONDS: "0.1",
      },
    });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await receiver?.close();
  });
  const db = () => server.database.db;

  it("when a beheerder enrols an authenticator, then neither the pending nor the stored secret is in the database as it is, and its codes sign in", async () => {
    const account = await addAccount(db(), "beheerder");
    const first = await passwordStep(server.url, account.email);
    const enrolment = await api<{ secret: string }>(server.url, "/api/auth/login/enrol", {
      headers: { cookie: first.challenge! },
    });
    const secret = enrolment.body.secret;
    const [pending] = await db().select().from(loginChallenges).where(eq(loginChallenges.userId, account.id));
    expect(pending?.pendingSecret).toMatch(/^sealed:v1:/);
    expect(pending?.pendingSecret).not.toContain(secret);

    const done = await codeStep(server.url, first.challenge, await codeAt(secret), "/api/auth/login/enrol");
    expect(done.status).toBe(200);
    const [row] = await db().select().from(users).where(eq(users.id, account.id));
    expect(row?.totpSecret).toMatch(/^sealed:v1:/);
    expect(row?.totpSecret).not.toContain(secret);

    const again = await passwordStep(server.url, account.email);
    expect(again.body).toEqual({ step: "code" });
    const signedIn = await codeStep(server.url, again.challenge, await codeAt(secret, 30));
    expect(signedIn.status).toBe(200);
    const me = await api<CurrentUser>(server.url, "/api/auth/me", {
      headers: { cookie: cookieOf(signedIn, "wijzer_sessie")! },
    });
    expect(me.body.id).toBe(account.id);
  });

  it("when a provider registers a webhook, then its secret is stored sealed, the list shows the secret's prefix, and a delivery verifies with the secret shown once", async () => {
    const place = await addLocation(db(), { capacity: 6, occupied: 2 });
    const aanbieder = await loginAs(server, "aanbieder", place.providerId);
    const made = await api<WebhookEndpointWithSecret>(server.url, `/api/providers/${place.providerId}/webhooks`, {
      body: { url: receiver.url, events: ["reservering.gemaakt"], description: "Planning" },
      as: aanbieder,
    });
    expect(made.status).toBe(201);
    const [stored] = await db().select().from(webhookEndpoints).where(eq(webhookEndpoints.id, made.body.id));
    expect(stored?.secret).toMatch(/^sealed:v1:/);
    expect(stored?.secret).not.toContain(made.body.secret);
    const list = await api<WebhookEndpoint[]>(server.url, `/api/providers/${place.providerId}/webhooks`, {
      as: aanbieder,
    });
    expect(list.body.map((e) => e.secretPrefix)).toEqual([made.body.secretPrefix]);
    expect(made.body.secret.startsWith(made.body.secretPrefix)).toBe(true);

    const regisseur = await loginAs(server, "regisseur");
    const request = await searchingRequest(server.url, regisseur);
    const before = receiver.received.length;
    const reserved = await api<Reservation>(server.url, `/api/requests/${request.id}/reservations`, {
      body: { locationId: place.id },
      as: regisseur,
    });
    expect(reserved.status).toBe(200);
    const [arrived] = (await receiver.waitFor(before + 1)).slice(before);
    expect(verifyWebhook(made.body.secret, arrived!.headers, arrived!.body)).toMatchObject({ ok: true });
  });

  it("when keys are set or rotated on a database with secrets stored before, then the start seals them with the first key and codes still work; a key that is not given stops it", async () => {
    const account = await addAccount(db(), "beheerder");
    await db().update(users).set({ totpSecret: SECRET }).where(eq(users.id, account.id));
    const rotated = newKey();

    expect(await resealAll(db(), createSealer([key]))).toBeGreaterThanOrEqual(1);
    const [sealed] = await db().select().from(users).where(eq(users.id, account.id));
    expect(sealed?.totpSecret).toMatch(/^sealed:v1:/);
    expect(await resealAll(db(), createSealer([key]))).toBe(0);

    await expect(resealAll(db(), createSealer([newKey()]))).rejects.toThrow(SealedValueError);
    const withNew = createSealer([rotated, key]);
    expect(await resealAll(db(), withNew)).toBeGreaterThanOrEqual(2);
    const [resealed] = await db().select().from(users).where(eq(users.id, account.id));
    expect(withNew.isCurrent(resealed!.totpSecret!)).toBe(true);
    expect(withNew.open("users.totp_secret", resealed!.totpSecret!)).toBe(SECRET);
    // Back to the server's key, so the server (which has only that one) opens every value again.
    expect(await resealAll(db(), createSealer([key, rotated]))).toBeGreaterThanOrEqual(2);

    const step = await passwordStep(server.url, account.email);
    expect(step.body).toEqual({ step: "code" });
    expect((await codeStep(server.url, step.challenge, await codeAt(SECRET))).status).toBe(200);
  });
});

describe("npm start with SECRET_KEYS", () => {
  const folder = mkdtempSync(join(tmpdir(), "wijzer-sealed-"));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const [first, other] = [newKey(), newKey()];
  const start = (keys: Buffer[]) =>
    startServerProcess({
      PGLITE_DIR: folder,
      DATABASE_URL: "",
      DEMO_SEED: "auto",
      DEMO_PASSWORD,
      MFA_REQUIRED_ROLES: "regisseur,beheerder",
      SECRET_KEYS: keys.map(base64).join(","),
    });

  it("when the demo starts with a key, then its seeded authenticators are sealed and sign in; started again with only another key, it stops naming the key it lacks", async () => {
    const server = await start([first]);
    try {
      const email = demoEmail("regisseur");
      const step = await passwordStep(server.url, email, DEMO_PASSWORD);
      expect(step.body).toEqual({ step: "code" });
      expect((await codeStep(server.url, step.challenge, await codeAt(DEMO_TOTP_SECRET))).status).toBe(200);
    } finally {
      await server.stop();
    }
    const database = await openDatabase({ pgliteDir: folder });
    try {
      const stored = await database.db.select({ v: users.totpSecret }).from(users).where(isNotNull(users.totpSecret));
      expect(stored.length).toBeGreaterThanOrEqual(2);
      for (const { v } of stored) expect(createSealer([first]).open("users.totp_secret", v!)).toBe(DEMO_TOTP_SECRET);
      expect(stored.map(({ v }) => v).join()).not.toContain(DEMO_TOTP_SECRET);
    } finally {
      await database.close();
    }

    const refused = await start([other]).then(
      async (s) => {
        await s.stop();
        return "started";
      },
      (err: Error) => err.message,
    );
    expect(refused).toMatch(/server exited with 1/);
    expect(refused).toMatch(/users\.totp_secret: sealed with key [0-9a-f]{8}, which is not among SECRET_KEYS/);
    expect(refused).not.toContain(DEMO_TOTP_SECRET);
  }, 120_000);
});
