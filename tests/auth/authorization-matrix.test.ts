// Every API route x every kind of caller -> the status the policies promise. A route added without a row fails here.
import { and, eq, gt, max } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../server/db/client.js";
import { auditLog, locations, mailOutbox, webhookEndpoints } from "../../server/db/schema.js";
import { notify } from "../../server/features/notifications/service.js";
import type { Role } from "../../shared/domain.js";
import { csvOf, listRow } from "../aanbod/import-helpers.js";
import { addAccount, type Caller, loginAs, TEST_PASSWORD } from "../support/auth.js";
import { addLocation, randomAgbCode } from "../support/fixtures.js";
import { ambulantRecord, requestInput, searchingRequest } from "../support/placements.js";
import { api, startTestServer, type TestServer } from "../support/server.js";

/**
 * The callers. "andere-verwijzer" is a verwijzer who did not make the matrix's requests, "andere-aanbieder" staff of
 * another provider: where they are not named, they are answered like their role.
 */
type Who = Role | "anoniem" | "token" | "ingetrokken-token" | "andere-verwijzer" | "andere-aanbieder";
const WHO: Who[] = [
  "regisseur",
  "aanbieder",
  "verwijzer",
  "beleid",
  "beheerder",
  "token",
  "anoniem",
  "ingetrokken-token",
  "andere-verwijzer",
  "andere-aanbieder",
];
const ROLE_OF: Partial<Record<Who, Role>> = { "andere-verwijzer": "verwijzer", "andere-aanbieder": "aanbieder" };
type Expect = Partial<Record<Who, number>> & { rest: number };

/** A request that is valid in every other respect, so only the caller decides the answer. */
interface Case {
  path: () => Promise<string> | string;
  body?: () => Promise<unknown> | unknown;
  /** A route whose body is a file (the import): its text, sent as text/csv instead of a JSON body. */
  csv?: () => string;
  expect: Expect;
  /**
   * The route shows the request in its path (/api/requests/:id/...), even when the answer holds no case number of it.
   * Every other request an answer shows is found by its caseNumber; each must be named in the audit log.
   */
  readsRequest?: true;
}

const detail: Expect = {
  regisseur: 200,
  aanbieder: 200,
  beleid: 200,
  beheerder: 200,
  token: 200,
  verwijzer: 403,
  rest: 401,
};
/** One location's planned departures and forecast describe youths' movements: not for policy staff (small cells). */
const movements: Expect = { ...detail, beleid: 403 };
const update: Expect = {
  aanbieder: 200,
  beheerder: 200,
  token: 200,
  // Location ids are public (every board shows them): refusing another provider's location says nothing new.
  "andere-aanbieder": 403,
  regisseur: 403,
  verwijzer: 403,
  beleid: 403,
  rest: 401,
};
const adminOnly: Expect = {
  beheerder: 200,
  regisseur: 403,
  aanbieder: 403,
  verwijzer: 403,
  beleid: 403,
  token: 403,
  rest: 401,
};
/**
 * A placement request made by the matrix's own verwijzer: its maker and the regisseurs, nobody else. To another
 * verwijzer it does not exist: a 403 would tell which request ids there are.
 */
const ownRequest: Expect = {
  verwijzer: 200,
  regisseur: 200,
  "andere-verwijzer": 404,
  aanbieder: 403,
  beleid: 403,
  beheerder: 403,
  token: 403,
  rest: 401,
};
/** Matching and reserving: the CPWV's work only. */
const cpwv: Expect = {
  regisseur: 200,
  verwijzer: 403,
  aanbieder: 403,
  beleid: 403,
  beheerder: 403,
  token: 403,
  rest: 401,
};
/** A person's own inbox: every account, never a provider's API token. */
const ownInbox: Expect = { token: 403, anoniem: 401, "ingetrokken-token": 401, rest: 200 };
const tokenAdmin: Expect = {
  beheerder: 200,
  aanbieder: 200,
  "andere-aanbieder": 403,
  regisseur: 403,
  verwijzer: 403,
  beleid: 403,
  token: 403,
  rest: 401,
};

/** A provider's webhooks: its own staff and the beheerder; its token may read them and rotate a secret, not add one. */
const webhookRead: Expect = { ...tokenAdmin, token: 200 };
const webhookManage: Expect = { ...tokenAdmin, aanbieder: 201, beheerder: 201 };
/** An endpoint by id: another provider's does not exist for its staff (a 403 would confirm the id). */
const ownWebhook = (token: number): Expect => ({ ...tokenAdmin, token, "andere-aanbieder": 404 });

/** A signed-in person's own account security: status for every role; a token has no second factor. */
const ownSecurity = (status: number): Expect => ({ token: 403, anoniem: 401, "ingetrokken-token": 401, rest: status });

describe("authorization matrix", () => {
  let server: TestServer;
  let db: Db;
  let locationId: number;
  let providerId: number;
  /** The provider of "andere-aanbieder": not the matrix location's. */
  let otherProviderId: number;
  const callers = new Map<Who, Caller | undefined>();

  const version = async () =>
    (await db.select({ v: locations.version }).from(locations).where(eq(locations.id, locationId)))[0]!.v;
  let throwaway = 0;

  const cases = (): Record<string, Case> => ({
    "post /api/auth/login": {
      path: () => "/api/auth/login",
      body: async () => ({ email: (await addAccount(db, "regisseur")).email, password: TEST_PASSWORD }),
      // A presented but revoked credential is refused even where none is needed.
      expect: { "ingetrokken-token": 401, rest: 200 },
    },
    "post /api/auth/logout": {
      path: () => "/api/auth/logout",
      expect: { token: 200, anoniem: 401, "ingetrokken-token": 401, rest: 200 },
    },
    "get /api/auth/me": {
      path: () => "/api/auth/me",
      expect: { token: 401, rest: 200, anoniem: 401, "ingetrokken-token": 401 },
    },
    "get /api/locations": { path: () => "/api/locations", expect: detail },
    "get /api/locations/:id": { path: () => `/api/locations/${locationId}`, expect: detail },
    "put /api/locations/:id/availability": {
      path: () => `/api/locations/${locationId}/availability`,
      body: async () => ({ version: await version(), free: 10 }),
      expect: update,
    },
    // One provider's locations at once: the path names the provider, so another provider's staff are refused whole.
    "put /api/providers/:providerId/availability": {
      path: () => `/api/providers/${providerId}/availability`,
      body: async () => ({ items: [{ locationId, version: await version(), free: 10 }] }),
      expect: update,
    },
    "post /api/locations/:id/occupancy": {
      path: () => `/api/locations/${locationId}/occupancy`,
      body: () => ({ change: "bezet" }),
      expect: update,
    },
    "post /api/locations/:id/confirm": {
      path: () => `/api/locations/${locationId}/confirm`,
      body: async () => ({ version: await version() }),
      expect: update,
    },
    "get /api/locations/:id/planned": { path: () => `/api/locations/${locationId}/planned`, expect: movements },
    "post /api/locations/:id/planned": {
      path: () => `/api/locations/${locationId}/planned`,
      body: () => ({ direction: "uitstroom", expectedDate: inTwoWeeks(), certainty: "zeker" }),
      expect: { ...update, aanbieder: 201, beheerder: 201, token: 201 },
    },
    "put /api/planned/:direction/:id": {
      path: async () => `/api/planned/uitstroom/${await plannedDepartureId()}`,
      body: () => ({ expectedDate: inTwoWeeks(), certainty: "waarschijnlijk" }),
      expect: update,
    },
    "post /api/planned/:direction/:id/cancel": {
      path: async () => `/api/planned/uitstroom/${await plannedDepartureId()}/cancel`,
      expect: update,
    },
    "get /api/forecast": {
      path: () => "/api/forecast",
      expect: { anoniem: 401, "ingetrokken-token": 401, rest: 200 },
    },
    "get /api/locations/:id/forecast": { path: () => `/api/locations/${locationId}/forecast`, expect: movements },
    "get /api/capacity/summary": {
      path: () => "/api/capacity/summary",
      expect: { anoniem: 401, "ingetrokken-token": 401, rest: 200 },
    },
    // Without a half-finished login (its cookie) there is nothing to finish: everyone alike.
    "post /api/auth/login/code": {
      path: () => "/api/auth/login/code",
      body: () => ({ code: "123456" }),
      expect: { rest: 401 },
    },
    "get /api/auth/login/enrol": { path: () => "/api/auth/login/enrol", expect: { rest: 401 } },
    "post /api/auth/login/enrol": {
      path: () => "/api/auth/login/enrol",
      body: () => ({ code: "123456" }),
      expect: { rest: 401 },
    },
    // One's own second factor: every signed-in person, never an API token.
    "get /api/auth/mfa": { path: () => "/api/auth/mfa", expect: ownSecurity(200) },
    "post /api/auth/mfa/enrol": { path: () => "/api/auth/mfa/enrol", expect: ownSecurity(200) },
    "post /api/auth/mfa/confirm": {
      path: () => "/api/auth/mfa/confirm",
      body: () => ({ code: "000000" }),
      // A wrong code (or none started): refused as such, after the access check.
      expect: ownSecurity(422),
    },
    "post /api/auth/mfa/recovery-codes": {
      path: () => "/api/auth/mfa/recovery-codes",
      body: () => ({ code: "000000" }),
      // No authenticator yet: nothing to renew.
      expect: ownSecurity(409),
    },
    "post /api/auth/reset/request": {
      path: () => "/api/auth/reset/request",
      body: () => ({ email: `herstel-${++throwaway}@test.twente.nl` }),
      expect: { "ingetrokken-token": 401, rest: 202 },
    },
    "post /api/auth/reset/complete": {
      path: () => "/api/auth/reset/complete",
      body: () => ({ token: "x".repeat(43), password: "een-lang-wachtwoord" }),
      expect: { "ingetrokken-token": 401, rest: 422 },
    },
    "post /api/accounts/:id/enable": {
      path: async () => `/api/accounts/${(await addAccount(db, "beleid")).id}/enable`,
      expect: adminOnly,
    },
    "post /api/accounts/:id/second-factor/reset": {
      path: async () => `/api/accounts/${(await addAccount(db, "beleid")).id}/second-factor/reset`,
      expect: adminOnly,
    },
    // One-tap freshness: public, the link's secret is the credential; an unknown one is refused alike for everyone.
    "post /api/freshness/look": {
      path: () => "/api/freshness/look",
      body: () => ({ token: "x".repeat(43) }),
      expect: { "ingetrokken-token": 401, rest: 404 },
    },
    "post /api/freshness/confirm": {
      path: () => "/api/freshness/confirm",
      body: () => ({ token: "x".repeat(43) }),
      expect: { "ingetrokken-token": 401, rest: 404 },
    },
    "get /api/events": { path: () => "/api/events?after=0", expect: detail },
    "get /api/accounts": { path: () => "/api/accounts", expect: adminOnly },
    "post /api/accounts": {
      path: () => "/api/accounts",
      body: () => ({
        name: "Nieuwe Regisseur",
        email: `nieuw-${++throwaway}@test.twente.nl`,
        role: "regisseur",
        password: "een-lang-wachtwoord",
      }),
      expect: adminOnly,
    },
    "post /api/accounts/:id/disable": {
      path: async () => `/api/accounts/${(await addAccount(db, "beleid")).id}/disable`,
      expect: adminOnly,
    },
    "patch /api/accounts/:id": {
      path: async () => `/api/accounts/${(await addAccount(db, "beleid")).id}`,
      body: () => ({ role: "regisseur" }),
      expect: adminOnly,
    },
    "get /api/providers/:providerId/tokens": { path: () => `/api/providers/${providerId}/tokens`, expect: tokenAdmin },
    "post /api/providers/:providerId/tokens": {
      path: () => `/api/providers/${providerId}/tokens`,
      body: () => ({ name: "Planningssysteem" }),
      expect: tokenAdmin,
    },
    // Events nobody causes here: no delivery leaves for the (unresolvable) address during the run.
    "post /api/providers/:providerId/webhooks": {
      path: () => `/api/providers/${providerId}/webhooks`,
      body: () => ({ url: "https://planning.example.nl/webhooks", events: ["cijfers.verouderen"] }),
      expect: webhookManage,
    },
    "get /api/providers/:providerId/webhooks": {
      path: () => `/api/providers/${providerId}/webhooks`,
      expect: webhookRead,
    },
    "delete /api/webhooks/:id": { path: async () => `/api/webhooks/${await webhookId()}`, expect: ownWebhook(403) },
    "post /api/webhooks/:id/rotate": {
      path: async () => `/api/webhooks/${await webhookId()}/rotate`,
      expect: ownWebhook(200),
    },
    "get /api/webhooks/:id/deliveries": {
      path: async () => `/api/webhooks/${await webhookId()}/deliveries`,
      expect: ownWebhook(200),
    },
    "post /api/tokens/:id/revoke": {
      path: async () => `/api/tokens/${(await newToken()).id}/revoke`,
      // Another provider's token does not exist for its staff: a 403 would confirm the id.
      expect: { ...tokenAdmin, "andere-aanbieder": 404 },
    },
    "get /api/audit": { path: () => "/api/audit", expect: adminOnly },
    // The region's list of providers and locations is the beheerder's; a provider edits its own locations only.
    "get /api/providers": { path: () => "/api/providers", expect: adminOnly },
    "post /api/providers": {
      path: () => "/api/providers",
      body: () => ({ name: `Matrixaanbieder ${++throwaway}`, agbCode: randomAgbCode(), kind: "gezinshuis" }),
      expect: { ...adminOnly, beheerder: 201 },
    },
    "patch /api/providers/:id": {
      path: async () => `/api/providers/${(await addLocation(db)).providerId}`,
      body: () => ({ version: 1, email: "planning@test.twente.nl" }),
      expect: adminOnly,
    },
    "post /api/locations": {
      path: () => "/api/locations",
      body: () => ({
        providerId,
        code: `MATRIX-${++throwaway}`,
        name: "Matrixgroep",
        careType: "residentieel",
        municipality: "Almelo",
        postcode: "7607",
        ageMin: 12,
        ageMax: 18,
        capacity: 6,
      }),
      expect: { ...adminOnly, beheerder: 201 },
    },
    "patch /api/locations/:id": {
      path: () => `/api/locations/${locationId}`,
      body: async () => ({ version: await version(), name: `Matrixlocatie ${++throwaway}` }),
      expect: update,
    },
    "post /api/locations/:id/close": {
      path: async () => `/api/locations/${(await addLocation(db, { occupied: 0 })).id}/close`,
      body: () => ({ version: 1 }),
      expect: adminOnly,
    },
    "post /api/locations/:id/reopen": {
      path: async () => {
        const closed = await addLocation(db, { occupied: 0 });
        await db.update(locations).set({ closedOn: "2026-01-05" }).where(eq(locations.id, closed.id));
        return `/api/locations/${closed.id}/reopen`;
      },
      body: () => ({ version: 1 }),
      expect: adminOnly,
    },
    "post /api/requests": {
      path: () => "/api/requests",
      body: () => requestInput({ currentCareType: "jeugdzorgplus" }),
      expect: { ...ownRequest, "andere-verwijzer": 200 },
    },
    "get /api/requests": { path: () => "/api/requests", expect: { ...ownRequest, "andere-verwijzer": 200 } },
    "get /api/requests/:id": {
      path: async () => `/api/requests/${await ownRequestId()}`,
      expect: ownRequest,
      readsRequest: true,
    },
    "patch /api/requests/:id": {
      // A fresh concept of the matrix's verwijzer each time (version 1): its maker or a regisseur corrects it.
      path: async () => `/api/requests/${await ownRequestId()}`,
      body: () => ({ version: 1, age: 15 }),
      expect: ownRequest,
      readsRequest: true,
    },
    "post /api/requests/:id/ambulant": {
      path: async () => `/api/requests/${await ownRequestId()}/ambulant`,
      body: () => ambulantRecord,
      expect: ownRequest,
    },
    "put /api/requests/:id/analysis": {
      path: async () => `/api/requests/${await ownRequestId()}/analysis`,
      body: () => ({ madeOn: "2026-10-01", madeBy: "Gedragswetenschapper GI" }),
      expect: ownRequest,
    },
    "post /api/requests/:id/transition": {
      path: async () => {
        const id = await ownRequestId();
        await api(server.url, `/api/requests/${id}/ambulant`, { body: ambulantRecord, as: await verwijzer() });
        return `/api/requests/${id}/transition`;
      },
      body: () => ({ to: "zoekend" }),
      expect: ownRequest,
    },
    "get /api/requests/:id/reservations": {
      path: async () => `/api/requests/${await ownRequestId()}/reservations`,
      expect: ownRequest,
      readsRequest: true,
    },
    "get /api/requests/:id/matches": {
      path: async () => `/api/requests/${(await searchingRequest(server.url, cpwvRegisseur)).id}/matches`,
      expect: cpwv,
      readsRequest: true,
    },
    "post /api/requests/:id/reservations": {
      path: async () => `/api/requests/${(await searchingRequest(server.url, cpwvRegisseur)).id}/reservations`,
      body: () => ({ locationId }),
      expect: cpwv,
    },
    "get /api/requests/:id/advice": {
      path: async () => `/api/requests/${await ownRequestId()}/advice`,
      expect: ownRequest,
      readsRequest: true,
    },
    "post /api/requests/:id/advice/printed": {
      path: async () => `/api/requests/${await ownRequestId()}/advice/printed`,
      expect: ownRequest,
    },
    "get /api/requests/:id/map": {
      path: async () => `/api/requests/${(await searchingRequest(server.url, cpwvRegisseur)).id}/map`,
      expect: cpwv,
      readsRequest: true,
    },
    "put /api/requests/:id/watch": {
      path: async () => `/api/requests/${(await searchingRequest(server.url, cpwvRegisseur)).id}/watch`,
      body: () => ({ watching: true }),
      expect: cpwv,
    },
    "get /api/reservations": {
      path: () => "/api/reservations",
      expect: { aanbieder: 200, regisseur: 403, verwijzer: 403, beleid: 403, beheerder: 403, token: 403, rest: 401 },
    },
    "post /api/reservations/:id/answer": {
      path: async () => {
        // A free place for each caller's reservation: the ones not answered keep theirs.
        const room = { version: await version(), free: 1 };
        await api(server.url, `/api/locations/${locationId}/availability`, { method: "PUT", body: room, as: admin });
        const request = await searchingRequest(server.url, cpwvRegisseur);
        const reservation = await api<{ id: number }>(server.url, `/api/requests/${request.id}/reservations`, {
          body: { locationId },
          as: cpwvRegisseur,
        });
        return `/api/reservations/${reservation.body.id}/answer`;
      },
      body: () => ({ answer: "weigeren", reason: "personeel" }),
      // Only the provider of the reserved location answers; to another provider the reservation does not exist.
      expect: {
        aanbieder: 200,
        "andere-aanbieder": 404,
        regisseur: 403,
        verwijzer: 403,
        beleid: 403,
        beheerder: 403,
        token: 403,
        rest: 401,
      },
    },
    "get /api/placements/waiting-times": {
      path: () => "/api/placements/waiting-times",
      expect: { regisseur: 200, beleid: 200, beheerder: 200, aanbieder: 403, verwijzer: 403, token: 403, rest: 401 },
    },
    "get /api/audit.csv": { path: () => "/api/audit.csv", expect: adminOnly },
    "get /api/retention": { path: () => "/api/retention", expect: adminOnly },
    "get /api/jobs": { path: () => "/api/jobs", expect: adminOnly },
    // The outbox names colleagues' and providers' addresses: the beheerder's, never a token's.
    "get /api/mail/outbox": { path: () => "/api/mail/outbox", expect: adminOnly },
    "post /api/mail/outbox/:id/retry": {
      path: async () => `/api/mail/outbox/${await failedMailId()}/retry`,
      expect: adminOnly,
    },
    // The region's list as a file: a dry run of one new location, and the exports (providers' e-mail: beheerder only).
    "post /api/imports/aanbod": {
      path: () => "/api/imports/aanbod?dryRun=true",
      csv: () => csvOf([listRow({ aanbieder_agb: "73800001", locatie_code: `MATRIX-${++throwaway}` })]),
      expect: adminOnly,
    },
    "get /api/exports/aanbod.csv": { path: () => "/api/exports/aanbod.csv", expect: adminOnly },
    "get /api/exports/aanbod.xlsx": { path: () => "/api/exports/aanbod.xlsx", expect: adminOnly },
    "get /api/monitor": {
      path: () => "/api/monitor",
      // Aggregates for policy staff and the CPWV; providers and referrers have their own views.
      expect: { regisseur: 200, beleid: 200, beheerder: 200, aanbieder: 403, verwijzer: 403, token: 403, rest: 401 },
    },
    // Each account's own inbox; a provider's API token has none.
    "get /api/notifications": { path: () => "/api/notifications", expect: ownInbox },
    "post /api/notifications/:id/read": {
      // Someone else's notification: to every caller as if it did not exist.
      path: async () => `/api/notifications/${await strangersNotificationId()}/read`,
      expect: { ...ownInbox, rest: 404 },
    },
    "post /api/notifications/read-all": { path: () => "/api/notifications/read-all", expect: ownInbox },
    "get /api/notifications/preferences": { path: () => "/api/notifications/preferences", expect: ownInbox },
    "put /api/notifications/preferences": {
      path: () => "/api/notifications/preferences",
      body: () => ({ preferences: [{ kind: "ambulant-te-laat", delivery: "dagelijks" }] }),
      // A kind of the regisseur's and the verwijzer's; the other roles never get it.
      expect: { ...ownInbox, aanbieder: 422, beleid: 422, beheerder: 422 },
    },
  });

  let admin: Caller;
  /** The placement-request rows: the CPWV's regisseur arranges, the matrix's own verwijzer owns. */
  let cpwvRegisseur: Caller;
  const verwijzer = async () => (await callerFor("verwijzer", false)) as Caller;
  const ownRequestId = async () =>
    (await api<{ id: number }>(server.url, "/api/requests", { body: requestInput(), as: await verwijzer() })).body.id;
  const strangersNotificationId = async () => {
    const stranger = await addAccount(db, "regisseur");
    const [created] = await db.transaction((tx) =>
      notify(tx, { publicUrl: "http://localhost" }, [stranger.id], {
        ...{ kind: "plek-vrij", title: "Plek vrij", body: "Er is een plek vrij.", link: "/verzoeken/1" },
        dedupeKey: `matrix:${++throwaway}`,
      }),
    );
    return created!.notification.id;
  };
  const inTwoWeeks = () => new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  const plannedDepartureId = async () =>
    (
      await api<{ id: number }>(server.url, `/api/locations/${locationId}/planned`, {
        as: admin,
        body: { direction: "uitstroom", expectedDate: inTwoWeeks(), certainty: "zeker" },
      })
    ).body.id;
  /** A given-up mail, for the retry row: each allowed call puts one back. */
  const failedMailId = async () =>
    (
      await db
        .insert(mailOutbox)
        .values({
          kind: "melding",
          toAddress: "matrix@test.twente.nl",
          subject: "Matrix",
          body: "Matrix",
          dedupeKey: `matrix:${++throwaway}`,
          status: "mislukt",
          attempts: 8,
        })
        .returning({ id: mailOutbox.id })
    )[0]!.id;
  /** An endpoint of the matrix's provider, written directly: the API's limit of five would stop the rows. */
  const webhookId = async () =>
    (
      await db
        .insert(webhookEndpoints)
        .values({ providerId, url: "https://planning.example.nl/h", events: ["cijfers.verouderen"], secret: "whsec_x" })
        .returning({ id: webhookEndpoints.id })
    )[0]!.id;
  const newToken = async () =>
    (
      await api<{ id: number; token: string }>(server.url, `/api/providers/${providerId}/tokens`, {
        as: admin,
        body: { name: "Koppeling" },
      })
    ).body;

  beforeAll(async () => {
    server = await startTestServer("pglite");
    db = server.database.db;
    const location = await addLocation(db, { capacity: 40, occupied: 20 });
    locationId = location.id;
    providerId = location.providerId;
    otherProviderId = (await addLocation(db)).providerId;
    admin = await loginAs(server, "beheerder");
    cpwvRegisseur = await loginAs(server, "regisseur");
    const revoked = await newToken();
    await api(server.url, `/api/tokens/${revoked.id}/revoke`, { as: admin, method: "POST" });
    callers.set("ingetrokken-token", { token: revoked.token });
    callers.set("token", { token: (await newToken()).token });
    callers.set("anoniem", undefined);
  });
  afterAll(async () => server?.close());

  async function callerFor(who: Who, fresh: boolean): Promise<Caller | undefined> {
    if (who === "anoniem" || who === "token" || who === "ingetrokken-token") return callers.get(who);
    // Logout ends the session it is called with: such rows get a session of their own.
    if (fresh || !callers.has(who)) {
      const role = ROLE_OF[who] ?? (who as Role);
      const provider = who === "aanbieder" ? providerId : who === "andere-aanbieder" ? otherProviderId : null;
      const caller = await loginAs(server, role, provider);
      if (fresh) return caller;
      callers.set(who, caller);
    }
    return callers.get(who);
  }

  it("every declared route has a row in this matrix", () => {
    const declared = server.app.routes.map((r) => `${r.method} ${r.path}`).sort();
    expect(Object.keys(cases()).sort()).toEqual(declared);
  });

  /** The audit column: each request an allowed call showed must be named by an entry the call wrote (rule 5). */
  async function unaudited(c: Case, path: string, answer: unknown, as: Caller | undefined, after: number) {
    const shown = requestsShown(answer);
    const inPath = /^\/api\/requests\/(\d+)/.exec(path)?.[1];
    if (c.readsRequest && inPath) shown.set(Number(inPath), shown.get(Number(inPath)));
    if (shown.size === 0) return undefined;
    const actor = as && "user" in as ? `user:${as.user.id}` : undefined;
    const entries = (
      await db
        .select()
        .from(auditLog)
        .where(and(gt(auditLog.id, after), eq(auditLog.outcome, "succes")))
    ).filter((e) => actor === undefined || e.actor === actor);
    const named = (id: number, caseNumber: string | undefined) =>
      entries.some(
        (e) =>
          (e.objectType === "plaatsingsverzoek" && e.objectId === String(id)) ||
          (caseNumber !== undefined && e.onBehalfOf === caseNumber),
      );
    return [...shown].filter(([id, caseNumber]) => !named(id, caseNumber)).map(([id]) => id);
  }

  it("every route answers every caller as the policies say, and every request an allowed call shows is audited", async () => {
    const wrong: string[] = [];
    const audited = new Set<string>();
    for (const [key, c] of Object.entries(cases())) {
      const [method] = key.split(" ");
      for (const who of WHO) {
        const as = await callerFor(who, key === "post /api/auth/logout");
        const path = await c.path();
        const body = method === "get" ? undefined : c.body ? await c.body() : {};
        // After the arranging calls above, so only what this call wrote counts.
        const [{ last }] = (await db.select({ last: max(auditLog.id) }).from(auditLog)) as [{ last: number | null }];
        const res = await api(server.url, path, {
          method: method!.toUpperCase(),
          ...(c.csv
            ? { rawBody: c.csv(), headers: { "content-type": "text/csv" } }
            : body === undefined
              ? {}
              : { body }),
          as,
        });
        const role = ROLE_OF[who];
        const expected = c.expect[who] ?? (role ? c.expect[role] : undefined) ?? c.expect.rest;
        if (res.status !== expected) wrong.push(`${key} as ${who}: ${res.status}, expected ${expected}`);
        if (res.status >= 300) continue;
        const missing = await unaudited(c, path, res.body, as, last ?? 0);
        if (missing === undefined) continue;
        audited.add(key);
        for (const id of missing) wrong.push(`${key} as ${who}: request ${id} shown, no audit entry names it`);
      }
    }
    expect(wrong).toEqual([]);
    // The column saw the routes that show request data, so a detection that finds nothing cannot pass for a check.
    expect([...audited]).toEqual(
      expect.arrayContaining([
        "get /api/requests",
        "get /api/requests/:id",
        "get /api/requests/:id/reservations",
        "get /api/requests/:id/matches",
        "get /api/reservations",
        "post /api/requests/:id/reservations",
        "post /api/reservations/:id/answer",
      ]),
    );
    // Some 700 calls one after another, each arranged afresh (tokens, requests, reservations): it is the whole API.
  }, 180_000);
});

/**
 * The requests an answer shows, by id, with their case number: a case number is what makes an object a request's
 * personal data (a request, or a reservation of one, which names its requestId).
 */
function requestsShown(value: unknown, shown = new Map<number, string | undefined>()) {
  if (Array.isArray(value)) {
    for (const item of value) requestsShown(item, shown);
  } else if (value !== null && typeof value === "object") {
    const o = value as Record<string, unknown>;
    const id = typeof o.requestId === "number" ? o.requestId : o.id;
    if (typeof o.caseNumber === "string" && typeof id === "number") shown.set(id, o.caseNumber);
    for (const v of Object.values(o)) requestsShown(v, shown);
  }
  return shown;
}
