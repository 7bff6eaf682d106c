// Capacity use cases. Each change owns its transaction: row lock, rule, new counts and event-log row commit together;
// the push to sockets happens after the commit, from the committed row.
import { type CapacityEventKind, LIFECYCLE_EVENT_KINDS } from "../../../shared/domain.js";
import {
  applyCapacityCommand,
  type CapacityCommand,
  freePlaces,
  summarizeGroups,
} from "../../../shared/rules/capacity.js";
import type {
  CapacityEvent,
  CapacitySummary,
  Confirm,
  EventPage,
  Location,
  LocationList,
  LocationQuery,
  OccupancyChange,
  SetAvailability,
} from "../../../shared/schemas/capacity.js";
import type { Db, Tx } from "../../db/client.js";
import { Conflict, Forbidden, NotFound, RuleViolation } from "../../http/errors.js";
import { can } from "../../policies/policy.js";
import { actorLabel, type ChangeContext } from "../../policies/types.js";
import { presentEvent, presentLocation } from "./presenter.js";
import * as repo from "./repository.js";

export interface CapacityDeps {
  db: Db;
  /**
   * Delivers a committed event to every connected board (all processes). watched: false when the write saw that no
   * searching request is followed, so a freed place needs no watch check.
   */
  publish(event: CapacityEvent, hint?: { watched: boolean }): void;
  staleAfterHours: number;
  /** Places freed where reservations wait for them (placements registers it; capacity knows no reservations). */
  freed?: FreedPlacesHook;
}

/**
 * A reservation of a place that comes free ("vrij per") waits for a planned departure: when a provider's change
 * raises a location's free count, the freed places go straight to it, in the same transaction, never free for anyone.
 */
export interface FreedPlacesHook {
  /**
   * Under the location's row lock: gives up to `gained` freed places to the waiting reservations. Returns how many
   * it took (they move to reserved) and what to do after the commit.
   */
  take(tx: Tx, locationId: number, gained: number): Promise<{ places: number; after: () => void }>;
}

export async function listLocations(deps: CapacityDeps, filter: LocationQuery): Promise<LocationList> {
  // One snapshot for the list and its sequence, so replaying from seq misses nothing and repeats nothing.
  return deps.db.transaction(
    async (tx) => {
      const seq = await repo.currentSeq(tx);
      const rows = await repo.findLocations(tx, filter);
      return { seq, staleAfterHours: deps.staleAfterHours, locations: rows.map(presentLocation) };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}

export async function getLocation(deps: CapacityDeps, id: number): Promise<Location> {
  const row = await repo.findLocation(deps.db, id);
  if (!row) throw new NotFound(`Locatie ${id} bestaat niet.`);
  return presentLocation(row);
}

export async function capacitySummary(deps: CapacityDeps): Promise<CapacitySummary> {
  const { groups, seq } = await repo.capacityGroups(deps.db);
  return summarizeGroups(groups, seq);
}

export async function eventsAfter(deps: CapacityDeps, afterSeq: number, limit: number): Promise<EventPage> {
  const [rows, seq] = await Promise.all([repo.eventsAfter(deps.db, afterSeq, limit), repo.currentSeq(deps.db)]);
  return { events: await presentEvents(deps.db, rows), seq: Math.max(seq, rows.at(-1)?.event.seq ?? 0) };
}

const isLifecycle = (kind: CapacityEventKind) => LIFECYCLE_EVENT_KINDS.includes(kind);

/**
 * Replayed lifecycle events carry their location as it is now (the log holds counts, not attributes): applied in
 * order, a location's last event leaves a board with its current state, added, updated or removed when closed.
 */
async function presentEvents(db: Db, rows: Awaited<ReturnType<typeof repo.eventsAfter>>): Promise<CapacityEvent[]> {
  const ids = new Set(rows.filter((r) => isLifecycle(r.event.kind)).map((r) => r.event.locationId));
  const located = new Map((await repo.findLocationsByIds(db, [...ids])).map((l) => [l.location.id, l]));
  return rows.map((r) => {
    const event = presentEvent(r.event, r);
    const location = isLifecycle(r.event.kind) ? located.get(r.event.locationId) : undefined;
    return location ? { ...event, location: presentLocation(location) } : event;
  });
}

/**
 * Appends a location's lifecycle event (opened, capacity or attributes changed, closed, reopened) in the caller's
 * transaction, after the location row was written. Returns the event to publish after commit: it carries the
 * location, so boards and indexes take it as it now is.
 */
export async function recordLifecycle(
  tx: Tx,
  row: repo.LocationWithProvider,
  kind: CapacityEventKind,
  ctx: ChangeContext,
  prev: repo.LifecycleWrite["prev"],
): Promise<CapacityEvent> {
  const event = await repo.appendLifecycleEvent(tx, {
    location: row.location,
    kind,
    actor: actorLabel(ctx.actor),
    prev,
  });
  return { ...presentEvent(event, row.location), location: presentLocation(row) };
}

/**
 * One scope's events after afterSeq. The head is read first: seqs follow commit order, so every event of the scope
 * up to it is in the page (unless the limit cut it short), and seq tells a scoped feed how far it is complete.
 */
export async function scopedEventsAfter(
  deps: CapacityDeps,
  scope: Pick<LocationQuery, "careType" | "municipality">,
  afterSeq: number,
  limit: number,
): Promise<EventPage> {
  const seq = await repo.currentSeq(deps.db);
  const rows = await repo.eventsAfter(deps.db, afterSeq, limit, scope);
  return { events: await presentEvents(deps.db, rows), seq: Math.max(seq, rows.at(-1)?.event.seq ?? 0) };
}

/**
 * The location (with its provider's name) under its row lock until the transaction ends: every change of one location
 * queues behind it, whichever feature makes it (aanbod's edits and lifecycle, reservations).
 */
export const lockLocation = (tx: Tx, id: number) => repo.lockLocation(tx, id);
export type { LocationWithProvider } from "./repository.js";

export const currentSeq = (deps: CapacityDeps) => repo.currentSeq(deps.db);
export const scopeHeads = (deps: CapacityDeps, afterSeq: number) => repo.scopeHeads(deps.db, afterSeq);

export function setAvailability(deps: CapacityDeps, id: number, input: SetAvailability, ctx: ChangeContext) {
  return change(deps, id, { kind: "set-free", free: input.free }, ctx, input.version);
}

export function changeOccupancy(deps: CapacityDeps, id: number, input: OccupancyChange, ctx: ChangeContext) {
  const command: CapacityCommand =
    input.change === "bezet" ? { kind: "occupy", places: input.places } : { kind: "release", places: input.places };
  return change(deps, id, command, ctx);
}

export function confirmUnchanged(deps: CapacityDeps, id: number, input: Confirm, ctx: ChangeContext) {
  return change(deps, id, { kind: "confirm" }, ctx, input.version);
}

const eventKinds: Record<CapacityCommand["kind"], CapacityEventKind> = {
  "set-free": "vrije-plekken-gewijzigd",
  occupy: "plek-bezet",
  release: "plek-vrijgekomen",
  confirm: "ongewijzigd-bevestigd",
  reserve: "plek-gereserveerd",
  unreserve: "reservering-vervallen",
  place: "geplaatst",
};

// A provider's change is computed from a plain read and written only if the location is still at that version;
// when other changes keep committing in between, it queues on the row lock instead.
const OPTIMISTIC_TRIES = 3;

/**
 * A provider's own change, pushed after commit. Usually one read and one statement that commits by itself: no
 * transaction round trips, and the sequence counter is locked for that statement alone.
 */
async function change(
  deps: CapacityDeps,
  id: number,
  command: CapacityCommand,
  ctx: ChangeContext,
  expectedVersion?: number,
): Promise<Location> {
  const options: ChangeOptions = { expectedVersion, authorize: true, requestKey: ctx.requestKey };
  for (let attempt = 0; attempt < OPTIMISTIC_TRIES; attempt++) {
    const prepared = checkChange(await repo.findLocation(deps.db, id), id, command, ctx, options);
    // Freed places that a reservation awaits are handed over under the row lock, below: the plain write declines
    // then. A reservation made after the read bumped the version (it writes the location even when it holds nothing
    // yet), so the write fails as moved.
    const unlessAwaited = prepared.gained > 0 && deps.freed !== undefined;
    const written = await repo.writeChange(deps.db, { ...prepared.write, unlessAwaited });
    if (written === "awaited") break;
    // Moved on since the read: the next read sees it (and a stale version is refused).
    if (written !== "moved") return published(deps, prepared, written);
  }
  const [prepared, written, after] = await deps.db.transaction(async (tx) => {
    const locked = await prepareChange(tx, id, command, ctx, options);
    const taken = locked.gained > 0 && deps.freed ? await deps.freed.take(tx, id, locked.gained) : undefined;
    const done = await repo.writeChange(tx, taken?.places ? handedOver(locked.write, taken.places) : locked.write);
    if (typeof done === "string") throw new Error(`location ${id} changed under its row lock`);
    return [locked, done, taken?.after] as const;
  });
  after?.();
  return published(deps, prepared, written);
}

/** The freed places a waiting reservation took: reserved for it instead of free. */
function handedOver(write: repo.ChangeWrite, places: number): repo.ChangeWrite {
  const counts = { ...write.counts, reserved: write.counts.reserved + places };
  const detail = `${write.audit.detail}; ${places} naar een reservering die op deze uitstroom wachtte (vrij ${freePlaces(counts)})`;
  return { ...write, counts, audit: { ...write.audit, detail } };
}

function published(
  deps: CapacityDeps,
  { where, providerName }: Prepared,
  { location, event, watched }: Exclude<repo.ChangeWritten, string>,
): Location {
  deps.publish(presentEvent(event, where), { watched });
  return presentLocation({ location, providerName });
}

/**
 * The one write path for counts: lock, check version, apply the rule, write, log. Runs inside the caller's
 * transaction (reservations change counts and their own rows together); the caller pushes the event after commit.
 * authorize: false is for use cases that made their own policy decision (a regisseur reserving a place).
 */
export async function changeInTransaction(
  tx: Tx,
  id: number,
  command: CapacityCommand,
  ctx: ChangeContext,
  options: ChangeOptions,
): Promise<{ location: Location; event: CapacityEvent }> {
  const prepared = await prepareChange(tx, id, command, ctx, options);
  const written = await repo.writeChange(tx, prepared.write);
  if (typeof written === "string") throw new Error(`location ${id} changed under its row lock`);
  const { location, event } = written;
  return {
    location: presentLocation({ location, providerName: prepared.providerName }),
    event: presentEvent(event, prepared.where),
  };
}

type Prepared = Awaited<ReturnType<typeof checkChange>>;
type ChangeOptions = { expectedVersion?: number; authorize: boolean; requestKey?: string };

/** Everything of a change but writing it, under the location's row lock. */
async function prepareChange(tx: Tx, id: number, command: CapacityCommand, ctx: ChangeContext, options: ChangeOptions) {
  return checkChange(await repo.lockLocation(tx, id), id, command, ctx, options);
}

/** The policy, the version and the rule, for the location as read (the key was checked by the idempotency middleware). */
function checkChange(
  current: repo.LocationWithProvider | undefined,
  id: number,
  command: CapacityCommand,
  ctx: ChangeContext,
  options: ChangeOptions,
) {
  const expectedVersion = options.expectedVersion;
  if (!current) throw new NotFound(`Locatie ${id} bestaat niet.`);
  // A closed location takes no youths and holds no places until it is reopened.
  if (current.location.closedOn !== null)
    throw new Conflict(`Locatie ${id} is gesloten sinds ${current.location.closedOn}.`, presentLocation(current));
  if (options.authorize && !can(ctx.actor, "location.update", current.location)) {
    throw new Forbidden("location.update", "U mag alleen locaties van uw eigen organisatie wijzigen.", {
      type: "locatie",
      id,
    });
  }
  if (expectedVersion !== undefined && current.location.version !== expectedVersion) {
    throw new Conflict(
      `Versie ${expectedVersion} is verouderd: de locatie is inmiddels gewijzigd (versie ${current.location.version}).`,
      presentLocation(current),
    );
  }
  const outcome = applyCapacityCommand(current.location, command);
  if (!outcome.ok) {
    // Running out of places is a conflict with the current state; an impossible number is a broken rule.
    if (command.kind === "set-free") throw new RuleViolation(outcome.reason);
    throw new Conflict(outcome.reason, presentLocation(current));
  }
  const kind = eventKinds[command.kind];
  const write: repo.ChangeWrite = {
    location: current.location,
    counts: outcome.counts,
    kind,
    actor: actorLabel(ctx.actor),
    requestKey: options.requestKey,
    audit: {
      actor: ctx.actor,
      action: `capaciteit.${kind}`,
      objectType: "locatie",
      objectId: id,
      outcome: "succes",
      ip: ctx.ip,
      detail: `vrij ${current.location.free} -> ${freePlaces(outcome.counts)}`,
    },
  };
  // How many places this change frees: a reservation waiting for a coming place may take them (FreedPlacesHook).
  const gained = Math.max(0, freePlaces(outcome.counts) - freePlaces(current.location));
  return { write, where: current.location, providerName: current.providerName, gained };
}
