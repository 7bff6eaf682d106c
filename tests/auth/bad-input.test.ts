// A bad-input sweep over every declared route with a schema: each malformed request gets a Dutch 4xx problem and
// writes nothing. The routes come from app.routes, so a new route is swept without touching this file.
import { and, count, gt, isNotNull, max, notInArray } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import * as schema from "../../server/db/schema.js";
import type { Route } from "../../server/http/routes.js";
import { policies } from "../../server/policies/policy.js";
import type { Role } from "../../shared/domain.js";
import type { Problem } from "../../shared/schemas/problem.js";
import { sample, scrape } from "../observability/scrape.js";
import { addAccount, type Caller, loginAs } from "../support/auth.js";
import { addLocation } from "../support/fixtures.js";
import { ambulantRecord, requestInput, searchingRequest } from "../support/placements.js";
import { api, startTestServer } from "../support/server.js";

// Top-level: the routes must be known when the tests are declared, one test per route.
const server = await startTestServer("pglite");
const db = server.database.db;
afterAll(() => server.close());

interface Case {
  label: string;
  path: string;
  body?: unknown;
  rawBody?: string;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  /** The field a 400 must name ("body" also matches "body.x"), or 413 for an oversized body. */
  expect: string | 413;
}

/** What a malformed value may be: every type confusion, edge number and hostile string we can think of. */
const WRONG_JSON: unknown[] = [
  "tekst",
  "",
  7,
  -1,
  1.5,
  1e300,
  -1e300,
  true,
  null,
  {},
  { $gt: "" },
  [],
  ["tekst"],
  "x".repeat(10_000),
  "Naam\r\nX-Extra: ja",
  "a\u0000b",
];
const WRONG_QUERY: (string | string[])[] = ["tekst", "-1", "1.5", "NaN", "1e400", "", "x".repeat(10_000), ["a", "b"]];
const WRONG_PARAM = ["abc", "-1", "0", "1.5", "NaN", "Infinity", "1e400", "99999999999999999999", "%00", "1%0D%0A"];
/**
 * Not ids, though a lenient number parser takes them: past PostgreSQL's integer range (a database error, once a 500),
 * signed, hex, exponent, fraction, zero, a leading zero. Every id in a path must be refused with a 400, before any
 * query, whatever the route's schema thinks of them: these are asked unconditionally.
 */
const NOT_AN_ID_PARAM = ["2147483648", "-1", "0x2", "2e0", "1.5", "0", "01", "+1"];
/** The same for an id in a JSON body (2e0 is the number 2 there: JSON has no other spelling of it to refuse). */
const NOT_AN_ID_JSON: unknown[] = [2147483648, 0, -1, 1.5, "2", "0x2"];
/** A path parameter or body field that names a row: "id", "locationId", "providerId", ... */
const isIdName = (name: string) => name === "id" || /Id$/.test(name);
/** A display name must refuse these even if it accepted everything else (header and log injection, bloat). */
const HOSTILE_NAMES = ["Naam\r\nX-Extra: ja", "Naam\u0000", "Naam\u001b[31m", "Naam\u2028regel", "N".repeat(10_000)];
/** Validation messages are Dutch; these words mean an English library message leaked through. */
const ENGLISH = /\b(invalid|expected|received|required|unrecognized|unsupported|failed|incorrect|must|entity)\b/i;
/** Success rows the sweep may cause: the beheerder's own login and reads. Anything else means something was done. */
const READ_ACTIONS = ["login", "audit.gelezen", "audit.geexporteerd", "token.gebruik"];

const TABLES: Record<string, PgTable> = {
  users: schema.users,
  api_tokens: schema.apiTokens,
  capacity_events: schema.capacityEvents,
  sessions: schema.sessions,
  placement_requests: schema.placementRequests,
  ambulant_alternatives: schema.ambulantAlternatives,
  request_transitions: schema.requestTransitions,
  reservations: schema.reservations,
  planned_departures: schema.plannedDepartures,
  planned_admissions: schema.plannedAdmissions,
  planning_events: schema.planningEvents,
  webhook_endpoints: schema.webhookEndpoints,
};

async function snapshot() {
  const rows: Record<string, number> = {};
  for (const [name, table] of Object.entries(TABLES)) rows[name] = (await db.select({ n: count() }).from(table))[0]!.n;
  const [revoked] = await db.select({ n: count() }).from(schema.apiTokens).where(isNotNull(schema.apiTokens.revokedAt));
  const [disabled] = await db.select({ n: count() }).from(schema.users).where(isNotNull(schema.users.disabledAt));
  const versions = await db
    .select({ id: schema.locations.id, version: schema.locations.version })
    .from(schema.locations);
  const statuses = await db
    .select({ id: schema.placementRequests.id, status: schema.placementRequests.status })
    .from(schema.placementRequests);
  const [audit] = await db.select({ last: max(schema.auditLog.id) }).from(schema.auditLog);
  return { rows, revoked: revoked!.n, disabled: disabled!.n, versions, statuses, lastAuditId: audit?.last ?? 0 };
}

/** Who may call a route: the beheerder where the policy allows it, otherwise the first role the policy names. */
function roleFor(route: Route): Role {
  if (route.access === "public" || route.access === "authenticated") return "beheerder";
  const roles = policies[route.access].roles;
  return roles.includes("beheerder") ? "beheerder" : roles[0]!;
}

/** The object shape a body or query is checked against; for a discriminated union, the variant of the valid body. */
function shapeOf(type: z.ZodType | undefined, valid: unknown): Record<string, z.ZodType> {
  if (type instanceof z.ZodObject) return type.shape;
  if (type instanceof z.ZodDiscriminatedUnion) {
    const variant = type.options.find((o) => o instanceof z.ZodObject && o.safeParse(valid).success);
    if (variant instanceof z.ZodObject) return variant.shape;
  }
  return {};
}

const inTwoWeeks = () => new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);

const rejects = (type: z.ZodType | undefined, value: unknown) => type !== undefined && !type.safeParse(value).success;

/** Every malformed request for one route, each with one defect in an otherwise valid request. */
function casesFor(route: Route, params: Record<string, string>, validBody: unknown): Case[] {
  const pathWith = (p: Record<string, string>) => route.path.replace(/:(\w+)/g, (_, name: string) => p[name]!);
  const path = pathWith(params);
  const cases: Case[] = [];
  for (const name of Object.keys(route.schemas.params?.shape ?? {})) {
    // Judged with the other params valid: alone, a route with two params would reject every value.
    const refused = (v: string) => rejects(route.schemas.params, { ...params, [name]: decodeURIComponent(v) });
    const wrong = WRONG_PARAM.filter(refused);
    for (const bad of isIdName(name) ? [...new Set([...wrong, ...NOT_AN_ID_PARAM])] : wrong) {
      cases.push({
        label: `params.${name}=${bad}`,
        path: pathWith({ ...params, [name]: bad }),
        expect: `params.${name}`,
      });
    }
  }
  const queryShape = shapeOf(route.schemas.query, {});
  for (const [name, type] of Object.entries(queryShape)) {
    for (const bad of WRONG_QUERY.filter((v) => rejects(type, v))) {
      cases.push({
        label: `query.${name}=${String(bad).slice(0, 20)}`,
        path,
        query: { [name]: bad },
        expect: `query.${name}`,
      });
    }
  }
  if (route.schemas.query) {
    for (const key of ["onbekend", "__proto__", "constructor", "__proto__[admin]"]) {
      cases.push({ label: `query key ${key}`, path, query: { [key]: "true" }, expect: `query.${key}` });
    }
  }
  if (!route.schemas.body) return cases;
  const base = validBody as Record<string, unknown>;
  const json = JSON.stringify(base).slice(1); // the valid body's members, to prepend a hostile one
  const bodyShape = shapeOf(route.schemas.body, base);
  for (const [name, type] of Object.entries(bodyShape)) {
    const wrong = WRONG_JSON.filter((v) => rejects(type, v));
    const always = name === "name" ? HOSTILE_NAMES : isIdName(name) ? NOT_AN_ID_JSON : [];
    for (const bad of [...new Set([...wrong, ...always])]) {
      cases.push({
        label: `body.${name}=${JSON.stringify(bad).slice(0, 20)}`,
        path,
        body: { ...base, [name]: bad },
        expect: `body.${name}`,
      });
    }
    const { [name]: _, ...without } = base;
    if (rejects(type, undefined))
      cases.push({ label: `without body.${name}`, path, body: without, expect: `body.${name}` });
  }
  cases.push(
    { label: "an unknown key", path, body: { ...base, onbekend: 1 }, expect: "body.onbekend" },
    { label: "__proto__", path, rawBody: `{"__proto__":{"admin":true},${json}`, expect: "body.__proto__" },
    {
      label: "constructor",
      path,
      rawBody: `{"constructor":{"prototype":{"admin":true}},${json}`,
      expect: "body.constructor",
    },
    { label: "NaN", path, rawBody: `{"n":NaN,${json}`, expect: "body" },
    { label: "unterminated JSON", path, rawBody: `{${json.slice(0, -2)}`, expect: "body" },
    { label: "null", path, rawBody: "null", expect: "body" },
    { label: "a string", path, rawBody: '"tekst"', expect: "body" },
    { label: "an array", path, rawBody: JSON.stringify([base]), expect: "body" },
    { label: "100 kB", path, body: { ...base, padding: "x".repeat(100_000) }, expect: 413 },
  );
  // Without a JSON content type the body is not read at all: refused unless an empty body is valid.
  if (rejects(route.schemas.body, {})) {
    cases.push({
      label: "text/plain",
      path,
      rawBody: JSON.stringify(base),
      headers: { "content-type": "text/plain" },
      expect: "body",
    });
  }
  return cases;
}

/** What is wrong with one answer, or nothing. */
function complaint(c: Case, status: number, headers: Headers, body: Problem): string | undefined {
  const where = `${c.label}: ${status}`;
  if (status < 400 || status >= 500) return `${where} is not a 4xx`;
  if (!headers.get("content-type")?.startsWith("application/problem+json")) return `${where} is not problem+json`;
  if (typeof body.detail !== "string" || body.detail.trim() === "") return `${where} has no detail`;
  if (ENGLISH.test(body.detail)) return `${where} detail is not Dutch: ${body.detail.slice(0, 120)}`;
  if (c.expect === 413) return status === 413 ? undefined : `${where}, expected 413`;
  if (status !== 400) return `${where}, expected 400 naming ${c.expect}`;
  const fields = body.errors?.map((e) => e.field) ?? [];
  if (!fields.some((f) => f === c.expect || f.startsWith(`${c.expect}.`)))
    return `${where} names ${fields.join(", ") || "no field"}, expected ${c.expect}`;
  return undefined;
}

describe("bad input on every route", () => {
  let admin: Caller;
  let regisseur: Caller;
  beforeAll(async () => {
    admin = await loginAs(server, "beheerder");
    regisseur = await loginAs(server, "regisseur");
  });

  /** Real objects for each kind of path id, so a request that slipped through validation would find its target. */
  async function arrange(route: Route) {
    const location = await addLocation(db, { capacity: 10, occupied: 5 });
    const ids: Record<string, () => Promise<number>> = {
      locations: async () => location.id,
      providers: async () => location.providerId,
      accounts: async () => (await addAccount(db, "beleid")).id,
      tokens: async () => {
        const made = await api<{ id: number }>(server.url, `/api/providers/${location.providerId}/tokens`, {
          body: { name: "Koppeling" },
          as: admin,
        });
        return made.body.id;
      },
      requests: async () => (await searchingRequest(server.url, regisseur)).id,
      webhooks: async () => {
        const [row] = await db
          .insert(schema.webhookEndpoints)
          .values({ providerId: location.providerId, url: "https://p.example.nl/h", events: [], secret: "whsec_x" })
          .returning({ id: schema.webhookEndpoints.id });
        return row!.id;
      },
      planned: async () => {
        const body = { direction: "uitstroom", expectedDate: inTwoWeeks(), certainty: "zeker" };
        const path = `/api/locations/${location.id}/planned`;
        return (await api<{ id: number }>(server.url, path, { body, as: admin })).body.id;
      },
      notifications: async () => {
        // The sweep's caller for this route is the beheerder (roleFor): its own notification.
        const userId = "user" in admin ? admin.user.id : 0;
        const [row] = await db
          .insert(schema.notifications)
          .values({ userId, kind: "plek-vrij", title: "t", body: "b", link: "/", dedupeKey: `sweep:${Math.random()}` })
          .returning({ id: schema.notifications.id });
        return row!.id;
      },
      outbox: async () => {
        const [row] = await db
          .insert(schema.mailOutbox)
          .values({
            kind: "melding",
            toAddress: "iemand@test.twente.nl",
            subject: "s",
            body: "b",
            status: "mislukt",
            dedupeKey: `sweep:${Math.random()}`,
          })
          .returning({ id: schema.mailOutbox.id });
        return row!.id;
      },
      reservations: async () => {
        const request = await searchingRequest(server.url, regisseur);
        const path = `/api/requests/${request.id}/reservations`;
        return (await api<{ id: number }>(server.url, path, { body: { locationId: location.id }, as: regisseur })).body
          .id;
      },
    };
    const params: Record<string, string> = {};
    for (const [, resource, name] of route.path.matchAll(/\/(\w+)\/:(\w+)/g)) {
      if (resource === "planned") {
        // A planned move is named by its direction and id (/api/planned/:direction/:id): one fixture gives both.
        Object.assign(params, { direction: "uitstroom", id: String(await ids.planned!()) });
        continue;
      }
      const kind = name === "id" ? resource! : `${name!.replace(/Id$/, "")}s`;
      const id = ids[kind];
      if (!id) throw new Error(`No fixture for :${name} in ${route.path}; add one to arrange().`);
      params[name!] = String(await id());
    }
    const validBodies: Record<string, unknown> = {
      "post /api/auth/login": { email: "iemand@test.twente.nl", password: "een-wachtwoord" },
      "post /api/auth/login/code": { code: "123456" },
      "post /api/auth/login/enrol": { code: "123456" },
      "post /api/auth/mfa/confirm": { code: "123456" },
      "post /api/auth/mfa/recovery-codes": { code: "123456" },
      "post /api/auth/reset/request": { email: "iemand@test.twente.nl" },
      "post /api/auth/reset/complete": { token: "x".repeat(43), password: "een-lang-wachtwoord" },
      "put /api/notifications/preferences": { preferences: [{ kind: "plek-vrij", delivery: "direct" }] },
      "post /api/freshness/look": { token: "x".repeat(43) },
      "post /api/freshness/confirm": { token: "x".repeat(43) },
      "post /api/accounts": {
        name: "Nieuwe Regisseur",
        email: "nieuw@test.twente.nl",
        role: "regisseur",
        providerId: null,
        password: "een-lang-wachtwoord",
      },
      "post /api/providers/:providerId/tokens": { name: "Planningssysteem" },
      "post /api/providers/:providerId/webhooks": {
        url: "https://planning.example.nl/webhooks",
        events: ["cijfers.verouderen"],
        description: "Planning",
      },
      "patch /api/accounts/:id": { role: "regisseur", providerId: null },
      "put /api/locations/:id/availability": { version: location.version, free: 3 },
      "put /api/providers/:providerId/availability": {
        items: [{ locationId: location.id, version: location.version, free: 3 }],
      },
      "post /api/locations/:id/occupancy": { change: "bezet", places: 1 },
      "post /api/locations/:id/confirm": { version: location.version },
      // With every optional field set, so each is swept against a base that uses it.
      "post /api/requests": requestInput({ currentCareType: "residentieel" }),
      "patch /api/requests/:id": { version: 1, age: 15, characteristics: ["trauma"], schoolPostcode: null },
      "post /api/requests/:id/ambulant": ambulantRecord,
      "put /api/requests/:id/analysis": { madeOn: "2026-10-01", madeBy: "Gedragswetenschapper GI" },
      "post /api/requests/:id/transition": { to: "ingetrokken" },
      "put /api/requests/:id/watch": { watching: true },
      "post /api/requests/:id/reservations": { locationId: location.id },
      "post /api/reservations/:id/answer": { answer: "weigeren", reason: "geen-plek-meer" },
      "post /api/locations/:id/planned": { direction: "uitstroom", expectedDate: inTwoWeeks(), certainty: "zeker" },
      "put /api/planned/:direction/:id": { expectedDate: inTwoWeeks(), certainty: "waarschijnlijk" },
      "post /api/providers": {
        name: "Nieuwe Aanbieder",
        agbCode: "73999999",
        kind: "aanbieder",
        email: "planning@test.twente.nl",
        active: true,
      },
      "patch /api/providers/:id": { version: 1, name: "Hernoemd", agbCode: "73999998", email: null, active: false },
      "post /api/locations": {
        providerId: location.providerId,
        code: "NIEUW-1",
        name: "Nieuwe groep",
        careType: "residentieel",
        municipality: "buiten de regio",
        otherMunicipality: "Deventer",
        postcode: "7411",
        lat: 52.25,
        lon: 6.16,
        ageMin: 12,
        ageMax: 18,
        gender: "alle",
        treatment: true,
        targetGroups: ["trauma"],
        contraIndications: ["brandstichting"],
        crisisPlaces: 1,
        siblingsTogether: true,
        capacity: 8,
        occupied: 2,
        openedOn: "2026-01-05",
      },
      "patch /api/locations/:id": {
        version: location.version,
        code: "ANDERS-1",
        name: "Andere naam",
        careType: "kleinschalig-wonen",
        municipality: "Hengelo",
        otherMunicipality: null,
        postcode: "7551",
        lat: 52.27,
        lon: 6.79,
        ageMin: 10,
        ageMax: 17,
        gender: "meisjes",
        treatment: false,
        targetGroups: ["lvb"],
        contraIndications: [],
        crisisPlaces: 0,
        siblingsTogether: false,
        capacity: 12,
      },
      "post /api/locations/:id/close": { version: location.version, closedOn: "2026-01-05" },
      "post /api/locations/:id/reopen": { version: location.version },
    };
    // Each case must carry exactly one defect, so every route with a body needs a valid base here.
    const key = `${route.method} ${route.path}`;
    if (route.schemas.body && !(key in validBodies)) throw new Error(`No valid body for ${key}; add one to arrange().`);
    const validBody = validBodies[key] ?? {};
    const role = roleFor(route);
    const caller =
      role === "beheerder"
        ? admin
        : role === "regisseur"
          ? regisseur
          : await loginAs(server, role, role === "aanbieder" ? location.providerId : null);
    return { params, validBody, caller };
  }

  const swept = server.app.routes.filter((r) => r.schemas.params || r.schemas.query || r.schemas.body);

  it("when routes are declared, then every one with a schema is in the sweep", () => {
    expect(swept.length).toBeGreaterThan(10);
    expect(swept.map((r) => `${r.method} ${r.path}`)).toContain("post /api/providers/:providerId/tokens");
  });

  it("when a route has a path parameter, then its params schema declares it, so the sweep and validation reach it", () => {
    const undeclared = server.app.routes.flatMap((r) =>
      [...r.path.matchAll(/:(\w+)/g)]
        .map(([, name]) => name!)
        .filter((name) => !(name in (r.schemas.params?.shape ?? {})))
        .map((name) => `${r.method} ${r.path}: ${name}`),
    );
    expect(undeclared).toEqual([]);
  });

  it.each(swept.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const))(
    "when %s gets malformed input, then every answer is a Dutch 4xx problem and nothing is written",
    async (_, route) => {
      const { params, validBody, caller } = await arrange(route);
      if (route.schemas.body) {
        // The base of every case must itself be valid, or the cases test more than one defect at a time.
        expect(route.schemas.body.safeParse(validBody).success).toBe(true);
      }
      const cases = casesFor(route, params, validBody);
      expect(cases.length).toBeGreaterThan(0);
      const before = await snapshot();
      const databaseErrors = async () => sample(await scrape(server.url), "wijzer_database_errors_total");
      const databaseErrorsBefore = await databaseErrors();

      const complaints: string[] = [];
      for (const c of cases) {
        const search = new URLSearchParams();
        for (const [k, v] of Object.entries(c.query ?? {})) for (const one of [v].flat()) search.append(k, one);
        const query = c.query ? `?${search}` : "";
        const res = await api<Problem>(server.url, `${c.path}${query}`, {
          method: route.method.toUpperCase(),
          ...(route.method === "get" ? {} : c.rawBody !== undefined ? { rawBody: c.rawBody } : { body: c.body }),
          as: caller,
          ...(c.headers ? { headers: c.headers } : {}),
        });
        const problem = complaint(c, res.status, res.headers, res.body);
        if (problem) complaints.push(problem);
      }

      expect(complaints).toEqual([]);
      // Nothing malformed may reach the database: a query it refuses would count here and set off an alert.
      expect(await databaseErrors()).toBe(databaseErrorsBefore);
      const after = await snapshot();
      expect({ ...after, lastAuditId: 0 }).toEqual({ ...before, lastAuditId: 0 });
      const done = await db
        .select({ action: schema.auditLog.action, actor: schema.auditLog.actor })
        .from(schema.auditLog)
        .where(
          and(
            gt(schema.auditLog.id, before.lastAuditId),
            notInArray(schema.auditLog.outcome, ["geweigerd", "mislukt"]),
            notInArray(schema.auditLog.action, READ_ACTIONS),
          ),
        );
      expect(done).toEqual([]);
      expect(({} as Record<string, unknown>).admin).toBeUndefined();
      expect(Object.hasOwn(Object.prototype, "admin")).toBe(false);
    },
  );
});
