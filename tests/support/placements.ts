// Placement requests for tests, made through the real API.
import type { CreateRequest, PlacementRequest } from "../../shared/schemas/placements.js";
import type { Caller } from "./auth.js";
import { api } from "./server.js";

let counter = 0;

export function requestInput(overrides: Partial<CreateRequest> = {}): CreateRequest {
  counter += 1;
  return {
    caseNumber: `TEST-${Date.now().toString(36).toUpperCase()}-${counter}`,
    age: 14,
    gender: "meisje",
    homeMunicipality: "Enschede",
    homePostcode: "7511",
    schoolPostcode: "7512",
    urgency: "regulier",
    // Three weeks ahead, whatever day the suite runs.
    wantedStart: new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10),
    siblings: 0,
    characteristics: [],
    acceptableCareTypes: ["gezinshuis", "kleinschalig-wonen", "residentieel"],
    complex: false,
    ...overrides,
  };
}

export const ambulantRecord = {
  type: "intensieve-ambulante-gezinsbehandeling",
  periodFrom: "2026-08-01",
  periodTo: "2026-10-31",
  outcome: "ingezet-onvoldoende",
  reason: "veiligheid-onvoldoende",
} as const;

/** A request through concept -> ambulant-vastgelegd -> zoekend, as a verwijzer and a regisseur would do it. */
export async function searchingRequest(url: string, as: Caller, overrides: Partial<CreateRequest> = {}) {
  const created = await api<PlacementRequest>(url, "/api/requests", { body: requestInput(overrides), as });
  if (created.status !== 200) throw new Error(`create failed: ${created.status} ${JSON.stringify(created.body)}`);
  const id = created.body.id;
  await api(url, `/api/requests/${id}/ambulant`, { body: ambulantRecord, as });
  if (overrides.complex) {
    await api(url, `/api/requests/${id}/analysis`, {
      method: "PUT",
      body: { madeOn: "2026-10-01", madeBy: "Gedragswetenschapper GI" },
      as,
    });
  }
  const searching = await api<PlacementRequest>(url, `/api/requests/${id}/transition`, { body: { to: "zoekend" }, as });
  if (searching.status !== 200)
    throw new Error(`to zoekend failed: ${searching.status} ${JSON.stringify(searching.body)}`);
  return searching.body;
}
