// Importing the region's list of providers and locations: a dry run tells per row what the file does, a bad row
// refuses the whole file, a good file is applied in one transaction whose events reach boards and matches at once,
// and the same file again (or the export of the list) changes nothing. On PGlite and on PostgreSQL.
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, locations, providers } from "../../server/db/schema.js";
import type { CapacityEvent } from "../../shared/schemas/capacity.js";
import type { MatchList } from "../../shared/schemas/placements.js";
import { type Caller, loginAs } from "../support/auth.js";
import { BACKENDS } from "../support/database.js";
import { addLocation } from "../support/fixtures.js";
import { searchingRequest } from "../support/placements.js";
import {
  api,
  type ClientSocket,
  connectSocket,
  eventually,
  startTestServer,
  type TestServer,
} from "../support/server.js";
import { ALL_COLUMNS, csvOf, download, type FileRow, importFile, listRow, listState } from "./import-helpers.js";

const SAMPLE = readFileSync(new URL("../../docs/voorbeeld-aanbod.csv", import.meta.url));
const SAMPLE_LOCATIONS = 10;

describe.each(BACKENDS)("importing the list of providers and locations on %s", (backend) => {
  let server: TestServer;
  let beheerder: Caller;
  let regisseur: Caller;
  let board: ClientSocket;
  const heard: CapacityEvent[] = [];

  beforeAll(async () => {
    server = await startTestServer(backend);
    beheerder = await loginAs(server, "beheerder");
    regisseur = await loginAs(server, "regisseur");
    board = await connectSocket(server.url, regisseur);
    board.on("capacity:changed", (e) => heard.push(e));
  });
  afterAll(async () => {
    board?.disconnect();
    await server?.close();
  });

  const db = () => server.database.db;
  const matchesOf = async (requestId: number) =>
    (await api<MatchList>(server.url, `/api/requests/${requestId}/matches`, { as: regisseur })).body.matches;
  /** The exported list as rows, to edit as a person would in a spreadsheet. */
  const exportedRows = async (): Promise<FileRow[]> =>
    parse((await download(server.url, beheerder, "csv")).body, { bom: true, delimiter: ";", columns: true });

  it("when a file has bad rows, then each names every reason with its line, the file is refused whole and nothing is written", async () => {
    const full = await addLocation(db(), { capacity: 10, occupied: 5, reserved: 2 });
    const [owner] = await db().select().from(providers).where(eq(providers.id, full.providerId));
    const columns = [...ALL_COLUMNS.slice(0, 19), "opmerking"];
    const file = csvOf(
      [
        listRow({ locatie_code: "IMP-OK", opmerking: "mag blijven staan" } as FileRow),
        listRow({ locatie_code: "IMP-G", gemeente: "Enschde" }),
        listRow({ locatie_code: "IMP-Z", zorgvorm: "Pleegzorgg" }),
        listRow({ locatie_code: "IMP-OK" }),
        listRow({ locatie_code: "IMP-L", leeftijd_van: "17", leeftijd_tot: "12" }),
        listRow({
          aanbieder_agb: owner!.agbCode,
          aanbieder_naam: owner!.name,
          aanbieder_email: "",
          locatie_code: full.code,
          capaciteit: "6",
          geopend_op: "",
        }),
        listRow({ aanbieder_agb: "", locatie_code: "IMP-A" }),
        listRow({
          locatie_code: "IMP-M",
          capaciteit: "veel",
          kenmerken: "agressie,onzin",
          aanbieder_email: "geen-mail",
        }),
      ],
      { columns },
    );
    const before = await listState(db());

    const dry = await importFile(server.url, beheerder, file, { dryRun: true });
    const applied = await importFile(server.url, beheerder, file, { dryRun: false });

    for (const res of [dry, applied]) {
      expect(res.status).toBe(422);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(res.body.applied).toBe(false);
      expect(res.body.unknownColumns).toEqual(["opmerking"]);
      const errorsOf = (line: number) => res.body.rows.find((r) => r.line === line)?.errors ?? [];
      expect(res.body.rows.find((r) => r.line === 2)?.outcome).toBe("nieuw");
      expect(errorsOf(3)).toEqual(['gemeente: onbekende gemeente "Enschde"']);
      expect(errorsOf(4)).toEqual(['zorgvorm: onbekende zorgvorm "Pleegzorgg"']);
      expect(errorsOf(5)).toEqual(["locatie_code: IMP-OK staat voor deze AGB-code al op regel 2"]);
      expect(errorsOf(6)).toEqual(["leeftijd_tot: leeftijd tot (12) ligt onder leeftijd van (17)"]);
      expect(errorsOf(7)).toEqual(["capaciteit: 6 is lager dan de 5 bezette plus 2 gereserveerde plekken (7)"]);
      expect(errorsOf(8)).toEqual(["aanbieder_agb: verplicht"]);
      expect(errorsOf(9)).toHaveLength(3);
      expect(errorsOf(9).join(" | ")).toMatch(
        /capaciteit: geen geheel getal: "veel".*kenmerken: onbekend kenmerk "onzin"/,
      );
      expect(errorsOf(9).some((e) => e.startsWith("aanbieder_email: "))).toBe(true);
      expect(res.body.counts).toMatchObject({ nieuw: 1, fout: 7 });
      // The problem's own field errors name the lines too.
      expect(res.body.errors?.map((e) => e.field)).toContain("regel 7");
    }
    expect(await listState(db())).toEqual(before);
    const [entry] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "aanbod.geimporteerd"), eq(auditLog.outcome, "mislukt")));
    expect(entry?.detail).toContain("7 fout");
  });

  it("when the sample file is applied after its dry run, then its locations reach a board and fitting matches at once", async () => {
    const request = await searchingRequest(server.url, regisseur, {
      age: 15,
      gender: "meisje",
      acceptableCareTypes: ["jeugdzorgplus"],
      characteristics: ["machtiging-jz"],
    });
    // The match index is loaded before the import: only the import's events can bring the new locations in.
    expect(await matchesOf(request.id)).toEqual([]);
    const before = await listState(db());

    const dry = await importFile(server.url, beheerder, SAMPLE, { dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ applied: false, dryRun: true, unknownColumns: [], fileErrors: [] });
    expect(dry.body.rows.map((r) => r.outcome)).toEqual(Array(SAMPLE_LOCATIONS).fill("nieuw"));
    expect(await listState(db())).toEqual(before);

    const applied = await importFile(server.url, beheerder, SAMPLE);

    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({ applied: true, counts: { nieuw: SAMPLE_LOCATIONS, fout: 0 } });
    const created = await db().select().from(locations).where(eq(locations.name, "Gesloten groep Almelo"));
    expect(created).toHaveLength(1);
    await eventually(() => heard.filter((e) => e.kind === "locatie-aangemaakt").length >= SAMPLE_LOCATIONS);
    expect(heard.find((e) => e.locationId === created[0]!.id)?.location).toMatchObject({
      code: "JZ-ALM",
      careType: "jeugdzorgplus",
      gender: "meisjes",
      openedOn: "2019-06-03",
    });
    const matched = (await matchesOf(request.id)).map((m) => m.locationName).sort();
    expect(matched).toEqual(["Gesloten groep Almelo", "Gesloten groep Zwolle"]);
    const zwolle = await db().select().from(locations).where(eq(locations.code, "JZ-ZW"));
    expect(zwolle[0]).toMatchObject({ municipality: "buiten de regio", otherMunicipality: "Zwolle", lat: 52.5168 });
  });

  it("when the same file comes again, or the export of the list, then every row is ongewijzigd and no event is written", async () => {
    const before = await listState(db());

    const again = await importFile(server.url, beheerder, SAMPLE);
    const csv = await download(server.url, beheerder, "csv");
    const xlsx = await download(server.url, beheerder, "xlsx");
    const fromCsv = await importFile(server.url, beheerder, csv.body);
    const fromXlsx = await importFile(server.url, beheerder, xlsx.body, {
      type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    });

    expect(csv.type).toContain("text/csv");
    expect(xlsx.type).toContain("spreadsheetml");
    for (const res of [again, fromCsv, fromXlsx]) {
      expect(res.status).toBe(200);
      expect(res.body.applied).toBe(true);
      expect(new Set(res.body.rows.map((r) => r.outcome))).toEqual(new Set(["ongewijzigd"]));
      expect(res.body.missing.every((m) => m.outcome === "blijft-open")).toBe(true);
    }
    // The export holds every location, the test fixture's (with its own coordinates and youths) too.
    expect(fromCsv.body.rows.length).toBe(SAMPLE_LOCATIONS + 1);
    expect(await listState(db())).toEqual(before);
  });

  it("when a row of the export is edited, then the dry run names the changed columns and the apply pushes the change", async () => {
    const rows = await exportedRows();
    const edited = rows.map((r) =>
      r.locatie_code === "ENS-01" ? { ...r, capaciteit: "12", kenmerken: "trauma,weglopen,lvb" } : r,
    );
    const file = csvOf(edited, { columns: ALL_COLUMNS });

    const dry = await importFile(server.url, beheerder, file, { dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body.rows.filter((r) => r.outcome === "gewijzigd")).toEqual([
      expect.objectContaining({ code: "ENS-01", fields: ["kenmerken", "capaciteit"] }),
    ]);
    const [location] = await db().select().from(locations).where(eq(locations.code, "ENS-01"));
    const seen = heard.length;

    const applied = await importFile(server.url, beheerder, file);

    expect(applied.status).toBe(200);
    await eventually(() => heard.slice(seen).some((e) => e.locationId === location!.id));
    expect(heard.slice(seen).find((e) => e.locationId === location!.id)).toMatchObject({
      kind: "capaciteit-gewijzigd",
      capacity: 12,
      location: { targetGroups: expect.arrayContaining(["lvb", "trauma", "weglopen"]) },
    });
  });

  it("when a location is missing from the file, then it stays open unless closing was asked, and one with youths cannot close", async () => {
    const rows = await exportedRows();
    const withoutCrisis = csvOf(
      rows.filter((r) => r.locatie_code !== "HGL-01"),
      { columns: ALL_COLUMNS },
    );
    const [crisis] = await db().select().from(locations).where(eq(locations.code, "HGL-01"));

    const kept = await importFile(server.url, beheerder, withoutCrisis, { dryRun: true });
    expect(kept.status).toBe(200);
    expect(kept.body.missing).toEqual([expect.objectContaining({ code: "HGL-01", outcome: "blijft-open" })]);

    const closed = await importFile(server.url, beheerder, withoutCrisis, { closeMissing: true });
    expect(closed.status).toBe(200);
    expect(closed.body.missing).toEqual([expect.objectContaining({ code: "HGL-01", outcome: "sluiten" })]);
    const [after] = await db().select().from(locations).where(eq(locations.id, crisis!.id));
    expect(after?.closedOn).not.toBeNull();
    await eventually(() => heard.some((e) => e.locationId === crisis!.id && e.kind === "locatie-gesloten"));

    // The fixture's location holds 5 youths and 2 reservations: left out with closing asked, the file is refused.
    const onlySample = csvOf(
      rows.filter((r) => r.aanbieder_agb?.startsWith("735")),
      { columns: ALL_COLUMNS },
    );
    const before = await listState(db());
    const refused = await importFile(server.url, beheerder, onlySample, { closeMissing: true });
    expect(refused.status).toBe(422);
    expect(refused.body.missing.find((m) => m.outcome === "fout")?.errors).toEqual([
      "sluiten kan niet: nog 5 bezette en 2 gereserveerde plek(ken)",
    ]);
    expect(await listState(db())).toEqual(before);
  });

  it("when someone other than the beheerder imports, then 403 and nothing is read", async () => {
    const staff = await loginAs(server, "regisseur");
    const res = await importFile(server.url, staff, csvOf([listRow({ locatie_code: "IMP-X" })]));
    expect(res.status).toBe(403);
    expect((await db().select().from(locations).where(eq(locations.code, "IMP-X"))).length).toBe(0);
  });
});
