// A region's whole list in one file: about 40 providers with 300 locations, as the issue sizes Twente's, is applied
// within the request deadline (REQUEST_TIMEOUT_SECONDS), so the beheerder gets the answer rather than a 503 while the
// transaction still runs. On PGlite and on PostgreSQL.
import { count } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { locations } from "../../server/db/schema.js";
import { BACKENDS } from "../support/database.js";
import { serverSignedInAs } from "../support/server.js";
import { csvOf, importFile, listRow } from "./import-helpers.js";

const PROVIDERS = 40;
const LOCATIONS = 300;

describe.each(BACKENDS)("a region-sized list on %s", (backend) => {
  const setup = serverSignedInAs(backend, "beheerder");

  it("when 300 locations of 40 providers are imported, then all are applied in one answer before the deadline", async () => {
    const rows = Array.from({ length: LOCATIONS }, (_, i) => {
      const provider = i % PROVIDERS;
      return listRow({
        aanbieder_agb: String(73_610_000 + provider),
        aanbieder_naam: `Regioaanbieder ${provider}`,
        locatie_code: `R-${i}`,
        locatie_naam: `Regiogroep ${i}`,
      });
    });

    const res = await importFile(setup.server.url, setup.caller, csvOf(rows));

    // Past the deadline the answer would be a 503 while the transaction still ran on.
    expect(res.status).toBe(200);
    expect(res.body.counts.nieuw).toBe(LOCATIONS);
    const [{ n }] = (await setup.server.database.db.select({ n: count() }).from(locations)) as [{ n: number }];
    expect(n).toBe(LOCATIONS);
  });
});
