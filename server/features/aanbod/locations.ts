// Location use cases: open (create), change declared attributes and capacity, close, reopen. Each runs in the
// caller's transaction, writes the location, its lifecycle event and an audit entry with before and after, and
// returns the event for the caller to publish after commit (service.ts `applied`).
import { amsterdamToday } from "../../../shared/calendar.js";
import type { CapacityEventKind } from "../../../shared/domain.js";
import { changedFields, sentFields } from "../../../shared/rules/changed-fields.js";
import { locationFlagIssues } from "../../../shared/rules/place-flags.js";
import type {
  LocationClose,
  LocationCreate,
  LocationDeclaredField,
  LocationPatch,
  LocationReopen,
} from "../../../shared/schemas/aanbod.js";
import type { Location } from "../../../shared/schemas/capacity.js";
import type { Tx } from "../../db/client.js";
import { Conflict, Forbidden, NotFound, RuleViolation, ValidationFailed } from "../../http/errors.js";
import { can } from "../../policies/policy.js";
import type { ChangeContext } from "../../policies/types.js";
import { recordAudits } from "../audit/service.js";
import { presentLocation } from "../capacity/presenter.js";
import { type LocationWithProvider, lockLocation, recordLifecycle } from "../capacity/service.js";
import { placeOf } from "./place.js";
import { declaredOf, describeChanges } from "./presenter.js";
import * as repo from "./repository.js";
import { type AanbodDeps, type Applied, applied, authorizeManage } from "./service.js";

export async function createLocationIn(tx: Tx, input: LocationCreate, ctx: ChangeContext): Promise<Applied<Location>> {
  authorizeManage(ctx, "locations.create");
  const provider = await repo.findProvider(tx, input.providerId);
  if (!provider)
    throw new ValidationFailed([{ field: "body.providerId", message: `aanbieder ${input.providerId} bestaat niet` }]);
  refuseFlagMismatch(input);
  await refuseCodeClash(tx, input.providerId, input.code, provider.name);
  const { occupied, openedOn, ...declared } = input;
  const row = await repo.insertLocation(tx, {
    ...declared,
    ...placeOf(input),
    occupied,
    reserved: 0,
    openedOn: openedOn ?? amsterdamToday(),
    lastConfirmedAt: new Date(),
  });
  const located = { location: row, providerName: provider.name };
  const event = await recordLifecycle(tx, located, "locatie-aangemaakt", ctx, null);
  const after = presentLocation(located);
  await audit(tx, ctx, "locatie.aangemaakt", row.id, `${provider.name}: ${row.code} ${row.name}`, {
    after: declaredOf(after),
  });
  return { result: after, events: [event] };
}

/**
 * Changes the declared attributes and the capacity sent, at the version the caller saw. A capacity below the places
 * now occupied + reserved, crisis places above the capacity or a reversed age range is a 422 naming the numbers.
 */
export async function updateLocationIn(
  tx: Tx,
  id: number,
  patch: LocationPatch,
  ctx: ChangeContext,
): Promise<Applied<Location>> {
  const { current, before } = await lockAt(tx, id, patch.version, ctx, "location.update");
  const { version: _, ...fields } = patch;
  const changed: Partial<Record<LocationDeclaredField, unknown>> = Object.fromEntries(
    changedFields(before, fields, sentFields(fields)).map((f) => [f, fields[f]]),
  );
  // A new PC4 or gemeente without coordinates of its own places the location anew.
  const moved = ("postcode" in changed || "municipality" in changed) && fields.lat === undefined;
  if (Object.keys(changed).length === 0) return { result: before, events: [] };
  const merged = { ...before, ...changed } as Location;
  checkMerged(merged);
  refuseFlagMismatch(merged, Object.keys(changed));
  if (merged.code !== before.code) await refuseCodeClash(tx, before.providerId, merged.code, before.providerName, id);
  const place = moved ? placeOf({ ...merged, lat: null, lon: null }) : {};
  const row = await repo.updateLocation(tx, id, { ...(changed as repo.LocationSet), ...place });
  const located = { location: row, providerName: current.providerName };
  const kind: CapacityEventKind = "capacity" in changed ? "capaciteit-gewijzigd" : "kenmerken-gewijzigd";
  const event = await recordLifecycle(tx, located, kind, ctx, before);
  const after = presentLocation(located);
  const was = Object.fromEntries(Object.keys(changed).map((k) => [k, before[k as LocationDeclaredField]]));
  await audit(tx, ctx, "locatie.gewijzigd", id, describeChanges(was, changed), { before: was, after: changed });
  return { result: after, events: [event] };
}

/** Closes a location that holds no youths and no reservations; it leaves the board, totals and matches. */
export async function closeLocationIn(
  tx: Tx,
  id: number,
  body: LocationClose,
  ctx: ChangeContext,
): Promise<Applied<Location>> {
  const { current, before } = await lockAt(tx, id, body.version, ctx, "locations.lifecycle");
  if (before.closedOn !== null) throw new Conflict(`Locatie ${id} is al gesloten sinds ${before.closedOn}.`, before);
  if (before.occupied > 0 || before.reserved > 0)
    throw new Conflict(
      `Locatie ${id} heeft nog ${before.occupied} bezette en ${before.reserved} gereserveerde plek(ken): ` +
        "sluiten kan pas als die leeg zijn.",
      before,
    );
  const today = amsterdamToday();
  const closedOn = body.closedOn ?? today;
  if (closedOn > today) throw new RuleViolation(`Sluitdatum ${closedOn} ligt in de toekomst (vandaag is ${today}).`);
  if (closedOn < before.openedOn)
    throw new RuleViolation(`Sluitdatum ${closedOn} ligt voor de openingsdatum ${before.openedOn}.`);
  return lifecycle(tx, ctx, current, "locatie-gesloten", { closedOn });
}

/** Reopens a closed location, empty: its numbers count as confirmed now. */
export async function reopenLocationIn(
  tx: Tx,
  id: number,
  body: LocationReopen,
  ctx: ChangeContext,
): Promise<Applied<Location>> {
  const { current, before } = await lockAt(tx, id, body.version, ctx, "locations.lifecycle");
  if (before.closedOn === null) throw new Conflict(`Locatie ${id} is niet gesloten.`, before);
  return lifecycle(tx, ctx, current, "locatie-heropend", { closedOn: null, lastConfirmedAt: new Date() });
}

export const createLocation = (deps: AanbodDeps, input: LocationCreate, ctx: ChangeContext) =>
  applied(deps, (tx) => createLocationIn(tx, input, ctx));
export const updateLocation = (deps: AanbodDeps, id: number, patch: LocationPatch, ctx: ChangeContext) =>
  applied(deps, (tx) => updateLocationIn(tx, id, patch, ctx));
export const closeLocation = (deps: AanbodDeps, id: number, body: LocationClose, ctx: ChangeContext) =>
  applied(deps, (tx) => closeLocationIn(tx, id, body, ctx));
export const reopenLocation = (deps: AanbodDeps, id: number, body: LocationReopen, ctx: ChangeContext) =>
  applied(deps, (tx) => reopenLocationIn(tx, id, body, ctx));

async function lifecycle(
  tx: Tx,
  ctx: ChangeContext,
  current: LocationWithProvider,
  kind: "locatie-gesloten" | "locatie-heropend",
  set: repo.LocationSet,
): Promise<Applied<Location>> {
  const before = presentLocation(current);
  const row = await repo.updateLocation(tx, before.id, set);
  const located = { location: row, providerName: current.providerName };
  const event = await recordLifecycle(tx, located, kind, ctx, before);
  const after = presentLocation(located);
  const action = kind === "locatie-gesloten" ? "locatie.gesloten" : "locatie.heropend";
  await audit(tx, ctx, action, before.id, `gesloten: ${before.closedOn ?? "leeg"} -> ${after.closedOn ?? "leeg"}`, {
    before: { closedOn: before.closedOn },
    after: { closedOn: after.closedOn },
  });
  return { result: after, events: [event] };
}

/**
 * The location under its row lock, if the actor may do this to it (an aanbieder: only its own provider's) and it is
 * still at the version the caller saw; `before` is it as presented.
 */
async function lockAt(
  tx: Tx,
  id: number,
  version: number,
  ctx: ChangeContext,
  action: "location.update" | "locations.lifecycle",
): Promise<{ current: LocationWithProvider; before: Location }> {
  const current = await lockLocation(tx, id);
  if (!current) throw new NotFound(`Locatie ${id} bestaat niet.`);
  const allowed =
    action === "location.update" ? can(ctx.actor, action, current.location) : can(ctx.actor, "locations.lifecycle");
  if (!allowed)
    throw new Forbidden(action, "U mag alleen locaties van uw eigen organisatie wijzigen.", { type: "locatie", id });
  const before = presentLocation(current);
  if (before.version !== version)
    throw new Conflict(
      `Versie ${version} is verouderd: de locatie is inmiddels gewijzigd (versie ${before.version}).`,
      before,
    );
  return { current, before };
}

/** The rules across fields, on the location as it would be after the change. */
function checkMerged(l: Location) {
  if (l.ageMin > l.ageMax) throw new RuleViolation(`Leeftijd van (${l.ageMin}) ligt boven leeftijd tot (${l.ageMax}).`);
  if (l.capacity < l.occupied + l.reserved)
    throw new RuleViolation(
      `Capaciteit ${l.capacity} is lager dan de ${l.occupied} bezette plus ${l.reserved} gereserveerde plekken ` +
        `(${l.occupied + l.reserved}).`,
    );
  if (l.crisisPlaces > l.capacity)
    throw new RuleViolation(`Crisisplekken (${l.crisisPlaces}) zijn meer dan de capaciteit (${l.capacity}).`);
  const outside = l.municipality === "buiten de regio";
  if (outside !== (l.otherMunicipality !== null))
    throw new RuleViolation(
      outside
        ? "Een locatie buiten de regio noemt haar gemeente (otherMunicipality)."
        : "Alleen een locatie buiten de regio heeft een andere gemeente (otherMunicipality).",
    );
}

/** The flags against the age range and care type (shared/rules/place-flags.ts): 422 naming the field to change. */
function refuseFlagMismatch(l: Parameters<typeof locationFlagIssues>[0], sent?: readonly string[]) {
  const issues = locationFlagIssues(l, sent);
  if (issues.length === 0) return;
  const errors = issues.map((i) => ({ field: `body.${i.field}`, message: i.message }));
  throw new RuleViolation(`${errors.map((e) => `${e.field}: ${e.message}`).join("; ")}.`, errors);
}

async function refuseCodeClash(tx: Tx, providerId: number, code: string, providerName: string, exceptId?: number) {
  const clash = await repo.locationWithCode(tx, providerId, code, exceptId);
  if (clash) throw new Conflict(`${providerName} heeft al een locatie met code ${code} (id ${clash.id}).`);
}

function audit(tx: Tx, ctx: ChangeContext, action: string, id: number, detail: string, data: Record<string, unknown>) {
  return recordAudits(tx, [
    {
      actor: ctx.actor,
      action,
      objectType: "locatie",
      objectId: id,
      outcome: "succes",
      ip: ctx.ip,
      requestKey: ctx.requestKey,
      detail,
      data,
    },
  ]);
}
