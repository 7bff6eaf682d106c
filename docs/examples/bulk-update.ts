// Example: a provider's planning system pushes the free places of its locations to the wijzer in one call, with a
// client typed from the OpenAPI document (openapi-fetch over the types `npm run api:types` generates).
//
//   WIJZER_URL=https://wijzer.example.nl WIJZER_TOKEN=bwt_... WIJZER_PROVIDER_ID=12 \
//     npx tsx docs/examples/bulk-update.ts vrije-plekken.json      # {"<location code>": <free places>, ...}
//
// Type-checked with the rest of the repository (npm run lint) and run against a live server by
// tests/capacity/bulk-example.test.ts.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import createClient, { type Client } from "openapi-fetch";
import type { components, paths } from "./api-types.js";

export type WijzerClient = Client<paths>;
type Item = components["schemas"]["BulkAvailabilityItem"];
type Answer = components["schemas"]["BulkAvailabilityAnswer"];

/** A client that signs every call with the provider's API token (made on the provider's page, shown once). */
export function wijzerClient(baseUrl: string, token: string): WijzerClient {
  return createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${token}` } });
}

/**
 * Sets the free places of the provider's locations named in `freeByCode` (the provider's own location codes), each
 * with the version just read. A stale one (changed since by someone else) is decided again once: the planning system
 * is where this provider's numbers come from, so its number is sent again with the current version.
 */
export async function pushFreePlaces(
  client: WijzerClient,
  providerId: number,
  freeByCode: ReadonlyMap<string, number>,
): Promise<Answer> {
  const { data: list, error } = await client.GET("/api/locations");
  if (!list) throw new Error(`Locaties lezen mislukt: ${error?.detail}`);
  const items: Item[] = list.locations.flatMap((l) => {
    const free = l.providerId === providerId ? freeByCode.get(l.code) : undefined;
    return free === undefined ? [] : [{ locationId: l.id, version: l.version, free }];
  });
  const first = await putOnce(client, providerId, items);
  const again = first.results.flatMap((r) =>
    r.status === "stale" ? [{ locationId: r.locationId, version: r.location.version, free: freeOf(items, r) }] : [],
  );
  if (again.length === 0) return first;
  const second = await putOnce(client, providerId, again);
  const retried = new Map(second.results.map((r) => [r.locationId, r]));
  const results = first.results.map((r) => retried.get(r.locationId) ?? r);
  return { results, counts: countsOf(results) };
}

/**
 * One call under one Idempotency-Key. Sent again with the same key after a network error or an answer that asks for
 * a retry (503, or 409 "still in progress", both with Retry-After), it is applied once and answered the same.
 */
async function putOnce(client: WijzerClient, providerId: number, items: Item[]): Promise<Answer> {
  const key = randomUUID();
  for (let attempt = 1; ; attempt++) {
    const sent = await client
      .PUT("/api/providers/{providerId}/availability", {
        params: { path: { providerId: String(providerId) } },
        body: { items },
        headers: { "Idempotency-Key": key },
      })
      .catch((err: unknown) => ({ network: err }));
    if ("data" in sent && sent.data) return sent.data;
    const retryAfter = "response" in sent ? sent.response.headers.get("Retry-After") : "1";
    if (retryAfter === null || attempt === 5) {
      const why = "error" in sent ? sent.error?.detail : String((sent as { network: unknown }).network);
      throw new Error(`Vrije plekken doorgeven mislukt: ${why}`);
    }
    await sleep(Number(retryAfter) * 1000 * attempt);
  }
}

const freeOf = (items: Item[], r: { locationId: number }) =>
  items.find((i) => i.locationId === r.locationId)?.free ?? 0;

function countsOf(results: Answer["results"]): Answer["counts"] {
  return {
    applied: results.filter((r) => r.status === "applied").length,
    stale: results.filter((r) => r.status === "stale").length,
    refused: results.filter((r) => r.status === "refused").length,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { WIJZER_URL, WIJZER_TOKEN, WIJZER_PROVIDER_ID } = process.env;
  const file = process.argv[2];
  if (!WIJZER_URL || !WIJZER_TOKEN || !WIJZER_PROVIDER_ID || !file) {
    console.error("Nodig: WIJZER_URL, WIJZER_TOKEN, WIJZER_PROVIDER_ID en een JSON-bestand {code: vrije plekken}.");
    process.exit(2);
  }
  const numbers = new Map(Object.entries(JSON.parse(readFileSync(file, "utf8")) as Record<string, number>));
  const answer = await pushFreePlaces(wijzerClient(WIJZER_URL, WIJZER_TOKEN), Number(WIJZER_PROVIDER_ID), numbers);
  for (const r of answer.results) {
    const outcome = r.status === "applied" ? `vrij ${r.location.free}` : r.status === "stale" ? r.detail : r.reason;
    console.log(`${r.locationId}\t${r.status}\t${outcome}`);
  }
  console.log(answer.counts);
}
