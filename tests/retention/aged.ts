// Closed requests for the retention tests: made through the real API, then moved back in time in the database, as
// months of use would have left them.
import { eq, sql } from "drizzle-orm";
import type { Db } from "../../server/db/client.js";
import { auditLog, placementRequests, requestTransitions, reservations } from "../../server/db/schema.js";
import type { PlacementRequest, Reservation } from "../../shared/schemas/placements.js";
import { type Caller, loginAs } from "../support/auth.js";
import { addLocation } from "../support/fixtures.js";
import { searchingRequest } from "../support/placements.js";
import { api, type TestServer } from "../support/server.js";

async function ok<T>(res: Promise<{ status: number; body: T }>, what: string): Promise<T> {
  const { status, body } = await res;
  if (status !== 200) throw new Error(`${what}: ${status} ${JSON.stringify(body)}`);
  return body;
}

/**
 * A complex request (its explanatory analysis names who made it) that one provider declined with a note and another
 * accepted: every identifying part retention must remove is there, and audit entries of reads and reservations name
 * its case number.
 */
export async function placedRequest(server: TestServer, regisseur: Caller): Promise<PlacementRequest> {
  const db = server.database.db;
  const request = await searchingRequest(server.url, regisseur, { complex: true, schoolPostcode: "7512" });
  const declining = await addLocation(db, { capacity: 10, occupied: 5 });
  const accepting = await addLocation(db, { capacity: 10, occupied: 5 });
  const reserve = (locationId: number) =>
    ok(
      api<Reservation>(server.url, `/api/requests/${request.id}/reservations`, { body: { locationId }, as: regisseur }),
      "reserve",
    );
  const first = await reserve(declining.id);
  const declines = await loginAs(server, "aanbieder", declining.providerId);
  await ok(
    api(server.url, `/api/reservations/${first.id}/answer`, {
      body: { answer: "weigeren", reason: "anders", note: "GROEP-VOL" },
      as: declines,
    }),
    "decline",
  );
  const second = await reserve(accepting.id);
  const accepts = await loginAs(server, "aanbieder", accepting.providerId);
  await ok(
    api(server.url, `/api/reservations/${second.id}/answer`, { body: { answer: "accepteren" }, as: accepts }),
    "accept",
  );
  return ok(api<PlacementRequest>(server.url, `/api/requests/${request.id}`, { as: regisseur }), "read");
}

export async function withdrawnRequest(server: TestServer, regisseur: Caller): Promise<PlacementRequest> {
  const request = await searchingRequest(server.url, regisseur);
  return ok(
    api<PlacementRequest>(server.url, `/api/requests/${request.id}/transition`, {
      body: { to: "ingetrokken" },
      as: regisseur,
    }),
    "withdraw",
  );
}

/** Moves a request's whole life back so that it closed `months` months (and a day) ago. */
export async function closedMonthsAgo(db: Db, requestId: number, months: number) {
  const closedAt = sql`now() - make_interval(months => ${months}::int) - interval '1 day'`;
  await db
    .update(placementRequests)
    .set({
      createdAt: sql`${closedAt} - interval '30 days'`,
      placedAt: sql`case when ${placementRequests.placedAt} is null then null else ${closedAt} end`,
    })
    .where(eq(placementRequests.id, requestId));
  await db.update(requestTransitions).set({ at: closedAt }).where(eq(requestTransitions.requestId, requestId));
  await db
    .update(reservations)
    .set({
      createdAt: sql`${closedAt} - interval '2 days'`,
      expiresAt: closedAt,
      answeredAt: sql`case when ${reservations.answeredAt} is null then null else ${closedAt} end`,
    })
    .where(eq(reservations.requestId, requestId));
}

/** Audit entries that show this case number anywhere: as whom they were for, in their detail or in their data. */
export async function auditEntriesNaming(db: Db, caseNumber: string): Promise<number> {
  const pattern = `%${caseNumber}%`;
  const rows = await db
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(
      sql`${auditLog.onBehalfOf} = ${caseNumber} or ${auditLog.detail} like ${pattern} or ${auditLog.data}::text like ${pattern}`,
    );
  return rows.length;
}
