// Reading reservations: a provider's own, and those of one request; each read of the youth's codes is logged.
import type { Reservation } from "../../../shared/schemas/placements.js";
import { Forbidden, NotFound } from "../../http/errors.js";
import { can } from "../../policies/policy.js";
import type { ChangeContext } from "../../policies/types.js";
import type { PlacementDeps } from "./deps.js";
import { presentReservation } from "./presenter.js";
import * as repo from "./repository.js";
import { authorizeRequest, logRead, requestNotFound } from "./requests.js";

export async function reservationsForProvider(deps: PlacementDeps, ctx: ChangeContext): Promise<Reservation[]> {
  const providerId = ctx.actor.kind === "user" ? ctx.actor.providerId : null;
  if (providerId === null || !can(ctx.actor, "reservations.read-own")) throw new Forbidden("reservations.read-own");
  const rows = await repo.reservationsWhere(deps.db, { providerId });
  // A reservation shows the youth's case number, age, gender and codes: a read of its request (domain.md rule 5).
  await logRead(
    deps.db,
    ctx,
    rows.map((r) => r.request),
    "reservering.gelezen",
    (i) => `reservering ${rows[i]?.reservation.id}`,
  );
  return rows.map((r) => presentReservation(r.reservation, r.locationName, r.request));
}

export async function reservationsForRequest(
  deps: PlacementDeps,
  requestId: number,
  ctx: ChangeContext,
): Promise<Reservation[]> {
  const request = await repo.findRequest(deps.db, requestId);
  if (!request) throw new NotFound(requestNotFound(requestId));
  authorizeRequest(ctx, "requests.read", request);
  const rows = await repo.reservationsWhere(deps.db, { requestId });
  // They show the youth's case number, age, gender and codes: a read like any other (domain.md rule 5).
  await logRead(deps.db, ctx, [request], "verzoek.reserveringen-gelezen", () => `${rows.length} reservering(en)`);
  return rows.map((r) => presentReservation(r.reservation, r.locationName, r.request));
}
