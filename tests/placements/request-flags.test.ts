// What a placement request asks beyond the care type (soort plek: respijt, kamertraining, behandeling, pleegzorg
// deeltijd/voltijd): stored and answered, refused with 422 naming the field when it does not fit the youth, correctable
// like the other codes, and used by matching: respijt both ways, kamertraining only from 16. On PGlite and PostgreSQL.
import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, placementRequests } from "../../server/db/schema.js";
import type { Provider } from "../../shared/schemas/aanbod.js";
import type { Advice } from "../../shared/schemas/advice.js";
import type { Location } from "../../shared/schemas/capacity.js";
import type { MatchList, PlacementRequest } from "../../shared/schemas/placements.js";
import type { Problem } from "../../shared/schemas/problem.js";
import { type Caller, loginAs } from "../support/auth.js";
import { BACKENDS } from "../support/database.js";
import { randomAgbCode } from "../support/fixtures.js";
import { requestInput, searchingRequest } from "../support/placements.js";
import { api, startTestServer, type TestServer } from "../support/server.js";

type Answer = PlacementRequest & Pick<Problem, "detail" | "errors">;

describe.each(BACKENDS)("flags of placement requests on %s", (backend) => {
  let server: TestServer;
  let verwijzer: Caller;
  let regisseur: Caller;
  let beheerder: Caller;
  let provider: Provider;
  let code = 0;

  beforeAll(async () => {
    server = await startTestServer(backend);
    verwijzer = await loginAs(server, "verwijzer");
    regisseur = await loginAs(server, "regisseur");
    beheerder = await loginAs(server, "beheerder");
    provider = (
      await api<Provider>(server.url, "/api/providers", {
        body: { name: `Soort plek ${backend}`, agbCode: randomAgbCode(), kind: "aanbieder" },
        as: beheerder,
      })
    ).body;
  });
  afterAll(async () => {
    await server?.close();
  });

  const db = () => server.database.db;
  const create = (body: Record<string, unknown>) =>
    api<Answer>(server.url, "/api/requests", { body: requestInput(body), as: verwijzer });
  const stored = async (caseNumber: string) =>
    db().select().from(placementRequests).where(eq(placementRequests.caseNumber, caseNumber));
  const correct = (id: number, body: Record<string, unknown>) =>
    api<Answer>(server.url, `/api/requests/${id}`, { method: "PATCH", body, as: regisseur });
  /** A gezinshuis in Enschede with free places, opened through the API so matching hears of it. */
  const open = async (extra: Record<string, unknown>) => {
    const res = await api<Location & Problem>(server.url, "/api/locations", {
      body: {
        providerId: provider.id,
        code: `SP-${++code}`,
        name: `Gezinshuis ${code}`,
        careType: "gezinshuis",
        municipality: "Enschede",
        postcode: "7511",
        ageMin: 0,
        ageMax: 18,
        capacity: 3,
        ...extra,
      },
      as: beheerder,
    });
    expect(res.status).toBe(201);
    return res.body;
  };
  const matchedIds = async (requestId: number) => {
    const res = await api<MatchList>(server.url, `/api/requests/${requestId}/matches?limit=500`, { as: regisseur });
    expect(res.status).toBe(200);
    return res.body.matches.map((m) => m.locationId);
  };

  it("when a request asks for respijt and behandeling, then it is stored and answered with them; without flags it has none", async () => {
    const res = await create({ flags: ["logeer-respijt", "behandeling"] });

    expect(res.status).toBe(200);
    expect(res.body.flags).toEqual(["logeer-respijt", "behandeling"]);
    const [row] = await stored(res.body.caseNumber);
    expect(row?.flags).toEqual(["logeer-respijt", "behandeling"]);
    const read = await api<PlacementRequest>(server.url, `/api/requests/${res.body.id}`, { as: verwijzer });
    expect(read.body.flags).toEqual(["logeer-respijt", "behandeling"]);

    const plain = await create({});
    expect(plain.status).toBe(200);
    expect(plain.body.flags).toEqual([]);
  });

  it("when kamertraining is asked for a youth under 16, then 422 names flags and nothing is written", async () => {
    const input = requestInput({ age: 15, flags: ["kamertraining"] });

    const res = await api<Answer>(server.url, "/api/requests", { body: input, as: verwijzer });

    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ field: "body.flags", message: expect.stringContaining("vanaf 16 jaar") }]);
    expect(await stored(input.caseNumber)).toEqual([]);
    // At 16 it is taken.
    expect((await create({ age: 16, flags: ["kamertraining"] })).status).toBe(200);
  });

  it("when a form of pleegzorg is asked while pleegzorg is not acceptable, then 422 names flags", async () => {
    const res = await create({ flags: ["pleegzorg-voltijd"], acceptableCareTypes: ["gezinshuis"] });
    expect(res.status).toBe(422);
    expect(res.body.errors?.map((e) => e.field)).toEqual(["body.flags"]);
    const fits = await create({ flags: ["pleegzorg-voltijd"], acceptableCareTypes: ["pleegzorg", "gezinshuis"] });
    expect(fits.status).toBe(200);
  });

  it("when a flag is not one of the codes, then 400 names the field", async () => {
    const res = await create({ flags: ["crisis"] });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.field).toBe("body.flags.0");
  });

  it("when the regisseur corrects the flags, then they change with an audit entry; an age under 16 with kamertraining is 422 naming age", async () => {
    const request = await searchingRequest(server.url, verwijzer, { age: 17 });

    const added = await correct(request.id, { version: request.version, flags: ["kamertraining"] });

    expect(added.status).toBe(200);
    expect(added.body.flags).toEqual(["kamertraining"]);
    const [entry] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "verzoek.gecorrigeerd"), eq(auditLog.objectId, String(request.id))))
      .orderBy(desc(auditLog.id))
      .limit(1);
    expect(JSON.parse(entry?.detail ?? "{}")).toEqual({ flags: { van: [], naar: ["kamertraining"] } });

    const younger = await correct(request.id, { version: added.body.version, age: 15 });
    expect(younger.status).toBe(422);
    expect(younger.body.errors?.map((e) => e.field)).toEqual(["body.age"]);
    const [row] = await stored(request.caseNumber);
    expect(row).toMatchObject({ age: 17, version: added.body.version });
  });

  it("when a respite request is matched, then only respijt places are listed, and a regular request never lists them", async () => {
    const respite = await open({ flags: ["logeer-respijt"] });
    const regular = await open({});
    const respiteRequest = await searchingRequest(server.url, verwijzer, {
      acceptableCareTypes: ["gezinshuis"],
      flags: ["logeer-respijt"],
    });
    const regularRequest = await searchingRequest(server.url, verwijzer, { acceptableCareTypes: ["gezinshuis"] });

    const forRespite = await matchedIds(respiteRequest.id);
    const forRegular = await matchedIds(regularRequest.id);

    expect(forRespite).toContain(respite.id);
    expect(forRespite).not.toContain(regular.id);
    expect(forRegular).toContain(regular.id);
    expect(forRegular).not.toContain(respite.id);
  });

  it("when a youth of 15 is matched, then a kamertraining place is not listed; at 16 it is, with its flag", async () => {
    const training = await open({ careType: "kleinschalig-wonen", ageMin: 16, flags: ["kamertraining"] });
    const fifteen = await searchingRequest(server.url, verwijzer, {
      age: 15,
      acceptableCareTypes: ["kleinschalig-wonen"],
    });
    const sixteen = await searchingRequest(server.url, verwijzer, {
      age: 16,
      acceptableCareTypes: ["kleinschalig-wonen"],
      flags: ["kamertraining"],
    });

    expect(await matchedIds(fifteen.id)).not.toContain(training.id);
    const res = await api<MatchList>(server.url, `/api/requests/${sixteen.id}/matches?limit=500`, { as: regisseur });
    expect(res.body.matches.find((m) => m.locationId === training.id)?.flags).toEqual(["kamertraining"]);
  });
  it("when the matchadvies of a respite request is opened, then it lists the request's flags and each option's", async () => {
    const respite = await open({ flags: ["logeer-respijt"], treatment: true });
    const request = await searchingRequest(server.url, verwijzer, {
      acceptableCareTypes: ["gezinshuis"],
      flags: ["logeer-respijt", "behandeling"],
    });

    const res = await api<Advice>(server.url, `/api/requests/${request.id}/advice`, { as: regisseur });

    expect(res.status).toBe(200);
    expect(res.body.request.flags).toEqual(["logeer-respijt", "behandeling"]);
    const option = res.body.options?.matches.find((m) => m.locationId === respite.id);
    expect(option?.flags).toEqual(expect.arrayContaining(["logeer-respijt", "behandeling"]));
  });
});
