// The files people actually have: Dutch Excel's semicolons with a BOM and Windows line ends, cells with line breaks,
// comma files with labels instead of codes, Windows-1252 text, and XLSX workbooks with real date cells; and the
// bodies that are no list at all. On PGlite and on PostgreSQL.

import { eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { locations, providers } from "../../server/db/schema.js";
import { REQUIRED_COLUMNS, XLSX_MEDIA_TYPE } from "../../shared/schemas/aanbod-import.js";
import { BACKENDS } from "../support/database.js";
import { serverSignedInAs } from "../support/server.js";
import { csvOf, importFile, listRow, listState } from "./import-helpers.js";

describe.each(BACKENDS)("import file formats on %s", (backend) => {
  const setup = serverSignedInAs(backend, "beheerder");

  const db = () => setup.server.database.db;
  const locationWithCode = async (code: string) =>
    (await db().select().from(locations).where(eq(locations.code, code)))[0];

  it("when a file has semicolons, a BOM, CRLF and quoted cells with line breaks, then it reads right, lines included", async () => {
    const rows = [
      listRow({
        aanbieder_agb: "73700001",
        aanbieder_naam: "Zorg; met een puntkomma",
        locatie_code: "FMT-1",
        locatie_naam: "Groep met\r\ntwee regels",
        kenmerken: "agressie,\r\nlvb",
      }),
      listRow({
        aanbieder_agb: "73700001",
        aanbieder_naam: "Zorg; met een puntkomma",
        locatie_code: "FMT-2",
        gemeente: "Enschde",
      }),
    ];
    const bad = csvOf(rows, { eol: "\r\n", bom: true });
    expect(bad.startsWith("\uFEFFaanbieder_agb;")).toBe(true);

    const refused = await importFile(setup.server.url, setup.caller, bad, { dryRun: true });

    expect(refused.status).toBe(422);
    // The first record takes lines 2 to 4 (two quoted line breaks): the bad one starts on line 5.
    expect(refused.body.rows.map((r) => [r.line, r.outcome])).toEqual([
      [2, "nieuw"],
      [5, "fout"],
    ]);

    const good = csvOf([rows[0]!, { ...rows[1]!, gemeente: "Enschede" }], { eol: "\r\n", bom: true });
    const applied = await importFile(setup.server.url, setup.caller, good);
    expect(applied.status).toBe(200);
    expect(await locationWithCode("FMT-1")).toMatchObject({
      name: "Groep met twee regels",
      targetGroups: ["agressie", "lvb"],
    });
    const [provider] = await db().select().from(providers).where(eq(providers.agbCode, "73700001"));
    expect(provider?.name).toBe("Zorg; met een puntkomma");
  });

  it("when a comma file gives Dutch labels and Dutch dates, then they are taken as the codes and days they name", async () => {
    const file = csvOf(
      [
        listRow({
          aanbieder_agb: "73700002",
          aanbieder_naam: "Gezinshuis Labelhof",
          aanbieder_soort: "Gezinshuis",
          locatie_code: "LBL-1",
          zorgvorm: "Kleinschalig wonen",
          gemeente: "hof van twente",
          postcode: "7471 AB",
          geslacht: "Alleen meisjes",
          kenmerken: "Trauma, Suïcidaliteit",
          contra_indicaties: "Seksueel grensoverschrijdend gedrag",
          broers_zussen: "Ja",
          geopend_op: "5-1-2025",
        }),
      ],
      { delimiter: "," },
    );

    const res = await importFile(setup.server.url, setup.caller, file);

    expect(res.status).toBe(200);
    expect(await locationWithCode("LBL-1")).toMatchObject({
      careType: "kleinschalig-wonen",
      municipality: "Hof van Twente",
      postcode: "7471",
      gender: "meisjes",
      targetGroups: ["trauma", "suicidaliteit"],
      contraIndications: ["seksueel-grensoverschrijdend"],
      siblingsTogether: true,
      openedOn: "2025-01-05",
    });
  });

  it("when a CSV was saved as Windows-1252, then its accents survive", async () => {
    const file = csvOf([
      listRow({ aanbieder_agb: "73700003", aanbieder_naam: "Zorggroep Ré", locatie_code: "ANSI-1" }),
    ]);

    const res = await importFile(setup.server.url, setup.caller, Buffer.from(file, "latin1"));

    expect(res.status).toBe(200);
    const [provider] = await db().select().from(providers).where(eq(providers.agbCode, "73700003"));
    expect(provider?.name).toBe("Zorggroep Ré");
  });

  it("when an XLSX has date cells, numbers and yes/no cells, then the days, the AGB code's leading zero and the flags come through", async () => {
    const workbook = new ExcelJS.Workbook();
    // An empty explanation sheet first: the list is the first sheet that holds anything.
    workbook.addWorksheet("Uitleg");
    const sheet = workbook.addWorksheet("Aanbod");
    sheet.addRow([...REQUIRED_COLUMNS]);
    const values = listRow({ locatie_code: "XL-1", aanbieder_naam: "Excel Zorg" });
    sheet.addRow(
      REQUIRED_COLUMNS.map((c) => {
        if (c === "aanbieder_agb") return 1_234_567; // "01234567", stored by Excel as a number
        if (c === "geopend_op") return new Date(Date.UTC(2024, 1, 29));
        if (c === "capaciteit") return 9;
        if (c === "broers_zussen") return true;
        if (c === "aanbieder_email")
          return { text: "planning@excel.example", hyperlink: "mailto:planning@excel.example" };
        return values[c] ?? null;
      }),
    );
    sheet.getCell("R2").numFmt = "dd-mm-yyyy";
    const body = Buffer.from(await workbook.xlsx.writeBuffer());

    const res = await importFile(setup.server.url, setup.caller, body, { type: XLSX_MEDIA_TYPE });

    expect(res.status).toBe(200);
    expect(res.body.rows).toEqual([expect.objectContaining({ line: 2, outcome: "nieuw", agbCode: "01234567" })]);
    expect(await locationWithCode("XL-1")).toMatchObject({
      openedOn: "2024-02-29",
      capacity: 9,
      siblingsTogether: true,
    });
    const [provider] = await db().select().from(providers).where(eq(providers.agbCode, "01234567"));
    expect(provider).toMatchObject({ name: "Excel Zorg", email: "planning@excel.example" });
  });

  it("when the body is no list (too large, another type, empty, broken, columns missing), then a Dutch problem and nothing is written", async () => {
    const before = await listState(db());
    const big = Buffer.alloc(5 * 1024 * 1024 + 1, "a");

    const tooLarge = await importFile(setup.server.url, setup.caller, big);
    const json = await importFile(setup.server.url, setup.caller, "{}", { type: "application/json" });
    const empty = await importFile(setup.server.url, setup.caller, "");
    const broken = await importFile(setup.server.url, setup.caller, Buffer.from("geen zip"), { type: XLSX_MEDIA_TYPE });
    const columns = await importFile(
      setup.server.url,
      setup.caller,
      csvOf([listRow({ locatie_code: "COL-1" })], { columns: REQUIRED_COLUMNS.filter((c) => c !== "capaciteit") }),
    );

    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.detail).toBe("Het bestand is groter dan 5 MB.");
    expect(json.status).toBe(415);
    expect(json.body.detail).toContain("text/csv");
    expect(empty.status).toBe(400);
    expect(empty.body.errors).toEqual([{ field: "body", message: "geen bestand meegestuurd" }]);
    expect(broken.status).toBe(400);
    expect(broken.body.detail).toContain("geen leesbaar XLSX");
    expect(columns.status).toBe(422);
    expect(columns.body.fileErrors).toEqual(["De kopregel mist de kolom capaciteit."]);
    for (const res of [tooLarge, json, empty, broken, columns])
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(await listState(db())).toEqual(before);
  });
});
