// Placement requests for tests, made through the real API.
import type { CreateRequest, PlacementRequest, Reservation } from "../../shared/schemas/placements.js";
import { type Caller, loginAs } from "./auth.js";
import { api, type TestServer } from "./server.js";

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

/** A searching request reserved at a location by the regisseur and accepted by the location's provider: geplaatst. */
export async function placedRequest(
  server: TestServer,
  regisseur: Caller,
  place: { id: number; providerId: number },
  overrides: Partial<CreateRequest> = {},
) {
  const request = await searchingRequest(server.url, regisseur, overrides);
  const reserved = await api<Reservation>(server.url, `/api/requests/${request.id}/reservations`, {
    body: { locationId: place.id },
    as: regisseur,
  });
  if (reserved.status !== 200) throw new Error(`reserve failed: ${reserved.status} ${JSON.stringify(reserved.body)}`);
  const provider = await loginAs(server, "aanbieder", place.providerId);
  const accepted = await api(server.url, `/api/reservations/${reserved.body.id}/answer`, {
    body: { answer: "accepteren" },
    as: provider,
  });
  if (accepted.status !== 200) throw new Error(`accept failed: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  const placed = await api<PlacementRequest>(server.url, `/api/requests/${request.id}`, { as: regisseur });
  return placed.body;
}
