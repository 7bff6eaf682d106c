// The place flags of a location (logeer-/respijtplek, kamertraining 16+, pleegzorg deeltijd/voltijd): set and changed
// through the API by the beheerder and a provider for its own, refused with 422 naming the field when they do not fit
// the age range or care type, pushed as a kenmerken-gewijzigd event, and carried by the import and the export.
import { parse } from "csv-parse/sync";
import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, capacityEvents, locations } from "../../server/db/schema.js";
import type { Provider } from "../../shared/schemas/aanbod.js";
import type { Location } from "../../shared/schemas/capacity.js";
import type { Problem } from "../../shared/schemas/problem.js";
import { type Caller, loginAs } from "../support/auth.js";
import { BACKENDS } from "../support/database.js";
import { randomAgbCode } from "../support/fixtures.js";
import {
  api,
  type ClientSocket,
  connectSocket,
  nextEvent,
  startTestServer,
  type TestServer,
} from "../support/server.js";
import { ALL_COLUMNS, csvOf, download, type FileRow, importFile, listRow } from "./import-helpers.js";

describe.each(BACKENDS)("place flags of locations on %s", (backend) => {
  let server: TestServer;
  let beheerder: Caller;
  let board: ClientSocket;
  let code = 0;

  beforeAll(async () => {
    server = await startTestServer(backend);
    beheerder = await loginAs(server, "beheerder");
    board = await connectSocket(server.url, await loginAs(server, "regisseur"));
  });
  afterAll(async () => {
    board?.disconnect();
    await server?.close();
  });

  const db = () => server.database.db;
  const newProvider = async () => {
    const res = await api<Provider>(server.url, "/api/providers", {
      body: { name: `Vlaggen ${backend} ${++code}`, agbCode: randomAgbCode(), kind: "aanbieder" },
      as: beheerder,
    });
    expect(res.status).toBe(201);
    return res.body;
  };
  /** Kleinschalig wonen for 16-18 in Hengelo unless told otherwise. */
  const open = (providerId: number, extra: Record<string, unknown> = {}, as = beheerder) =>
    api<Location & Problem>(server.url, "/api/locations", {
      body: {
        providerId,
        code: `V-${++code}`,
        name: `Woning ${code}`,
        careType: "kleinschalig-wonen",
        municipality: "Hengelo",
        postcode: "7551",
        ageMin: 16,
        ageMax: 18,
        capacity: 4,
        ...extra,
      },
      as,
    });
  const patch = (id: number, body: Record<string, unknown>, as = beheerder) =>
    api<Location & Problem>(server.url, `/api/locations/${id}`, { method: "PATCH", body, as });
  const stored = async (id: number) => (await db().select().from(locations).where(eq(locations.id, id)))[0];
  const eventCount = async (id: number) =>
    (await db().select().from(capacityEvents).where(eq(capacityEvents.locationId, id))).length;

  it("when the beheerder opens a location with flags, then it answers, stores and lists them", async () => {
    const provider = await newProvider();

    const created = await open(provider.id, { flags: ["kamertraining", "logeer-respijt"] });

    expect(created.status).toBe(201);
    expect(created.body.flags).toEqual(["kamertraining", "logeer-respijt"]);
    expect((await stored(created.body.id))?.flags).toEqual(["kamertraining", "logeer-respijt"]);
    const list = await api<{ locations: Location[] }>(server.url, "/api/locations", { as: beheerder });
    expect(list.body.locations.find((l) => l.id === created.body.id)?.flags).toEqual([
      "kamertraining",
      "logeer-respijt",
    ]);
    // Without flags a location has none.
    expect((await open(provider.id)).body.flags).toEqual([]);
  });

  it("when a provider changes the flags of its own location, then the board hears kenmerken-gewijzigd and the audit holds before and after", async () => {
    const provider = await newProvider();
    const location = (await open(provider.id, { careType: "pleegzorg", ageMin: 0, ageMax: 17 })).body;
    const planner = await loginAs(server, "aanbieder", provider.id);
    const heard = nextEvent(board, (e) => e.locationId === location.id && e.kind === "kenmerken-gewijzigd");

    const changed = await patch(location.id, { version: location.version, flags: ["pleegzorg-deeltijd"] }, planner);

    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ flags: ["pleegzorg-deeltijd"], version: location.version + 1 });
    expect((await heard).location?.flags).toEqual(["pleegzorg-deeltijd"]);
    const [entry] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "locatie.gewijzigd"), eq(auditLog.objectId, String(location.id))))
      .orderBy(desc(auditLog.id))
      .limit(1);
    expect(entry?.data).toEqual({ before: { flags: [] }, after: { flags: ["pleegzorg-deeltijd"] } });
  });

  it("when kamertraining is asked for a location that takes youths under 16, then 422 names flags and nothing is written", async () => {
    const provider = await newProvider();

    const young = await open(provider.id, { ageMin: 12, flags: ["kamertraining"] });

    expect(young.status).toBe(422);
    expect(young.body.errors).toEqual([{ field: "body.flags", message: expect.stringContaining("vanaf 16 jaar") }]);
    expect((await db().select().from(locations).where(eq(locations.providerId, provider.id))).length).toBe(0);

    // On an existing 14-17 group: the flags sent are what is wrong.
    const group = (await open(provider.id, { ageMin: 14, ageMax: 17 })).body;
    const flagged = await patch(group.id, { version: group.version, flags: ["kamertraining"] });
    expect(flagged.status).toBe(422);
    expect(flagged.body.errors?.map((e) => e.field)).toEqual(["body.flags"]);
    expect((await stored(group.id))?.flags).toEqual([]);
  });

  it("when the age range of a kamertraining location is lowered under 16, then 422 names ageMin and the location stays as it was", async () => {
    const provider = await newProvider();
    const location = (await open(provider.id, { flags: ["kamertraining"] })).body;
    const events = await eventCount(location.id);

    const res = await patch(location.id, { version: location.version, ageMin: 15 });

    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ field: "body.ageMin", message: expect.stringContaining("15") }]);
    expect(await stored(location.id)).toMatchObject({ ageMin: 16, version: location.version });
    expect(await eventCount(location.id)).toBe(events);
  });

  it("when pleegzorg deeltijd or voltijd is declared on another care type, then 422 names the field", async () => {
    const provider = await newProvider();

    const created = await open(provider.id, { careType: "gezinshuis", ageMin: 0, flags: ["pleegzorg-voltijd"] });
    expect(created.status).toBe(422);
    expect(created.body.errors?.map((e) => e.field)).toEqual(["body.flags"]);

    // A foster family with voltijd that becomes a gezinshuis: the care type is what the change got wrong.
    const family = (await open(provider.id, { careType: "pleegzorg", ageMin: 0, flags: ["pleegzorg-voltijd"] })).body;
    const moved = await patch(family.id, { version: family.version, careType: "gezinshuis" });
    expect(moved.status).toBe(422);
    expect(moved.body.errors?.map((e) => e.field)).toEqual(["body.careType"]);
    expect((await stored(family.id))?.careType).toBe("pleegzorg");
  });

  it("when a flag is not one of the codes, then 400 names the field", async () => {
    const provider = await newProvider();
    const res = await open(provider.id, { flags: ["crisisplek"] });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.field).toBe("body.flags.0");
  });

  it("when the list is exported and imported again, then kenmerken_plek carries the flags both ways and errors name row and column", async () => {
    const provider = await newProvider();
    const respite = (await open(provider.id, { flags: ["logeer-respijt", "kamertraining"] })).body;
    const rows: FileRow[] = parse((await download(server.url, beheerder, "csv")).body, {
      bom: true,
      delimiter: ";",
      columns: true,
    });
    expect(rows.find((r) => r.locatie_code === respite.code)?.kenmerken_plek).toBe("logeer-respijt,kamertraining");
    // The export imports as unchanged: the column round-trips.
    const same = await importFile(server.url, beheerder, csvOf(rows, { columns: ALL_COLUMNS }), { dryRun: true });
    expect(same.status).toBe(200);
    expect(same.body.counts.gewijzigd).toBe(0);

    // Labels are taken as well as codes; a changed cell is a gewijzigd row naming the column.
    const edited = rows.map((r) =>
      r.locatie_code === respite.code ? { ...r, kenmerken_plek: "Logeer-/respijtplek" } : r,
    );
    const applied = await importFile(server.url, beheerder, csvOf(edited, { columns: ALL_COLUMNS }));
    expect(applied.status).toBe(200);
    expect(applied.body.rows.filter((r) => r.outcome === "gewijzigd")).toEqual([
      expect.objectContaining({ code: respite.code, fields: ["kenmerken_plek"] }),
    ]);
    expect((await stored(respite.id))?.flags).toEqual(["logeer-respijt"]);
  });

  it("when an imported row has an unknown or unfitting flag, then the row names its line and the column and nothing is written", async () => {
    const columns = [...ALL_COLUMNS.slice(0, 19), "kenmerken_plek"];
    const file = csvOf(
      [
        listRow({ locatie_code: "FLAG-OK", kenmerken_plek: "" }),
        listRow({ locatie_code: "FLAG-X", kenmerken_plek: "logeren,kamertraining" }),
        listRow({ locatie_code: "FLAG-K", kenmerken_plek: "kamertraining" }),
      ],
      { columns },
    );

    const res = await importFile(server.url, beheerder, file);

    expect(res.status).toBe(422);
    const byCode = Object.fromEntries(res.body.rows.map((r) => [r.code, r]));
    expect(byCode["FLAG-OK"]?.outcome).toBe("nieuw");
    expect(byCode["FLAG-X"]).toMatchObject({
      line: 3,
      outcome: "fout",
      errors: ['kenmerken_plek: onbekend kenmerk van de plek "logeren"'],
    });
    // listRow is a 12-17 group: kamertraining needs 16 and up.
    expect(byCode["FLAG-K"]).toMatchObject({
      line: 4,
      outcome: "fout",
      errors: [expect.stringMatching(/^kenmerken_plek: kamertraining is voor jongeren vanaf 16 jaar/)],
    });
    expect((await db().select().from(locations).where(eq(locations.code, "FLAG-OK"))).length).toBe(0);
  });
});
