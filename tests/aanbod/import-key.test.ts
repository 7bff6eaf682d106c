// An Idempotency-Key names one request: a dry run and the apply of the same file differ only in their query string,
// and a retry of the dry run under its key must never be taken for the apply (or the other way round).
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { api, serverSignedInAs } from "../support/server.js";

const SAMPLE = readFileSync(new URL("../../docs/voorbeeld-aanbod.csv", import.meta.url), "utf8");

const setup = serverSignedInAs("pglite", "beheerder");
const post = (query: string, key: string, csv = SAMPLE) =>
  api<{ applied: boolean }>(setup.server.url, `/api/imports/aanbod?${query}`, {
    method: "POST",
    rawBody: csv,
    headers: { "content-type": "text/csv", "idempotency-key": key },
    as: setup.caller,
  });

it("when the key of a dry run is sent again with dryRun=false, then it is refused as another request and nothing is applied", async () => {
  const dry = await post("dryRun=true", "import-1");
  expect(dry.status).toBe(200);
  expect(dry.body.applied).toBe(false);

  const apply = await post("dryRun=false", "import-1");

  expect(apply.status).toBe(422);
  expect(JSON.stringify(apply.body)).toContain("hoort bij een ander verzoek");
  const list = await api<{ providers: unknown[] }>(setup.server.url, "/api/providers", { as: setup.caller });
  expect(list.body.providers).toHaveLength(0);
});

it("when the same dry run is sent again under its key, then its answer is replayed", async () => {
  const first = await post("dryRun=true", "import-2");
  const again = await post("dryRun=true", "import-2");
  expect(again.status).toBe(first.status);
  expect(again.headers.get("idempotent-replayed")).toBe("true");
});

it("when another file is sent under a key already used, then it is refused as another request", async () => {
  await post("dryRun=true", "import-3");
  const other = await post("dryRun=true", "import-3", `${SAMPLE}\n`);
  expect(other.status).toBe(422);
});
