// One-tap "Klopt nog": look at a link's numbers, and confirm them without signing in. The secret is the credential:
// single use, scoped to the provider's locations and the versions the e-mail showed, 48 hours. A confirmation goes
// through the capacity write path (kind ongewijzigd-bevestigd), pushed live like any other, and is audited as the
// provider's, as actor "link:<id>".
import type { CapacityEvent } from "../../../shared/schemas/capacity.js";
import type { FreshnessConfirmed, FreshnessLocation, FreshnessLook } from "../../../shared/schemas/freshness.js";
import type { Db, Tx } from "../../db/client.js";
import { Conflict, HttpError, NotFound, TooManyRequests } from "../../http/errors.js";
import type { Actor, ChangeContext } from "../../policies/types.js";
import { recordAudit } from "../audit/service.js";
import * as capacity from "../capacity/service.js";
import { hashToken } from "./prompt.js";
import * as repo from "./repository.js";
import type { LinkThrottle } from "./throttle.js";

export interface FreshnessDeps {
  db: Db;
  capacity: capacity.CapacityDeps;
  throttle: LinkThrottle;
}

const moment = new Intl.DateTimeFormat("nl-NL", {
  timeZone: "Europe/Amsterdam",
  day: "numeric",
  month: "long",
  hour: "2-digit",
  minute: "2-digit",
});

type Linked = NonNullable<Awaited<ReturnType<typeof repo.findLink>>>;
type Now = { id: number; name: string; providerId: number; free: number; version: number; lastConfirmedAt: Date };
type NowRow = Now & { closedOn: string | null };

export async function lookAtLink(
  deps: FreshnessDeps,
  token: string,
  ip: string,
  now = new Date(),
): Promise<FreshnessLook> {
  const found = await findKnown(deps, deps.db, token, ip);
  const current = await repo.locationsNow(
    deps.db,
    found.link.numbers.map((n) => n.locationId),
  );
  const locations = compare(found, current);
  return {
    providerName: found.providerName,
    state: found.link.usedAt
      ? "gebruikt"
      : found.link.expiresAt <= now
        ? "verlopen"
        : locations.some(changed)
          ? "gewijzigd"
          : "geldig",
    expiresAt: found.link.expiresAt.toISOString(),
    usedAt: found.link.usedAt?.toISOString() ?? null,
    locations,
  };
}

/** Confirms every location of the link in one transaction, or nothing: a refusal writes no event and leaves it unused. */
export async function confirmLink(
  deps: FreshnessDeps,
  token: string,
  ip: string,
  now = new Date(),
): Promise<FreshnessConfirmed> {
  let known: Linked | undefined;
  try {
    const { result, events } = await deps.db.transaction(async (tx) => {
      known = await findKnown(deps, tx, token, ip, true);
      return confirmInTransaction(tx, known, ip, now);
    });
    // After the commit, from the committed rows: boards, totals, forecast and watches hear of it like any confirmation.
    for (const event of events) deps.capacity.publish(event);
    return result;
  } catch (err) {
    if (known && err instanceof HttpError) {
      // A refused tap on a real link is evidence too (a forwarded or leaked mail); the reason, never the secret.
      await recordAudit(deps.db, {
        ...auditOf(known, ip),
        outcome: "geweigerd",
        detail: `${known.providerName}: ${err.message}`,
      });
    }
    throw err;
  }
}

async function confirmInTransaction(tx: Tx, found: Linked, ip: string, now: Date) {
  const { link } = found;
  if (link.usedAt)
    throw new Conflict(`Deze link is al gebruikt: de cijfers zijn op ${moment.format(link.usedAt)} bevestigd.`);
  if (link.expiresAt <= now)
    throw new HttpError(
      410,
      "Verlopen",
      `Deze link is verlopen (geldig tot ${moment.format(link.expiresAt)}). Log in om uw cijfers te bevestigen of te wijzigen.`,
    );
  // In id order, as every writer of several locations does, so two writers never wait on each other's locks.
  const ids = link.numbers.map((n) => n.locationId).sort((a, b) => a - b);
  const locked: NowRow[] = [];
  for (const id of ids) {
    const row = await capacity.lockLocation(tx, id);
    if (row) locked.push(row.location);
  }
  const locations = compare(found, locked);
  if (locations.some(changed)) {
    throw new HttpError(
      409,
      "Conflict",
      `De cijfers zijn gewijzigd sinds deze e-mail, er is niets bevestigd. Nu: ${locations.map(nowText).join("; ")}.`,
      { numbers: locations },
    );
  }
  const ctx: ChangeContext = { actor: linkActor(link), ip };
  const events: CapacityEvent[] = [];
  const confirmed: FreshnessLocation[] = [];
  for (const n of [...link.numbers].sort((a, b) => a.locationId - b.locationId)) {
    // The link's own decision stands for the policy: its provider's location, at the version the e-mail showed.
    const { location, event } = await capacity.changeInTransaction(tx, n.locationId, { kind: "confirm" }, ctx, {
      expectedVersion: n.version,
      authorize: false,
    });
    events.push(event);
    confirmed.push({
      locationId: n.locationId,
      name: location.name,
      linked: { free: n.free, version: n.version },
      current: { free: location.free, version: location.version, lastConfirmedAt: location.lastConfirmedAt },
      closed: false,
    });
  }
  await repo.markUsed(tx, link.id);
  await recordAudit(tx, {
    ...auditOf(found, ip),
    outcome: "succes",
    detail: `${found.providerName}: ${confirmed.length} locatie(s) ongewijzigd bevestigd via bevestigingslink`,
  });
  return { result: { providerName: found.providerName, locations: confirmed }, events };
}

async function findKnown(deps: FreshnessDeps, db: Db | Tx, token: string, ip: string, lock = false) {
  const wait = await deps.throttle.attempt(ip);
  if (wait > 0)
    throw new TooManyRequests("Te veel onbekende bevestigingslinks vanaf dit adres. Probeer het later opnieuw.", wait);
  const found = await repo.findLink(db, hashToken(token), lock);
  if (!found)
    throw new NotFound("Deze bevestigingslink bestaat niet. Log in om uw cijfers te bevestigen of te wijzigen.");
  await deps.throttle.known(ip);
  return found;
}

const linkActor = (link: repo.LinkRow): Actor => ({
  kind: "link",
  id: link.id,
  role: "aanbieder",
  providerId: link.providerId,
});

/** The link's entry: the provider it speaks for, by id and name (the secret never). */
function auditOf(found: Linked, ip: string) {
  return {
    actor: linkActor(found.link),
    action: "bevestigingslink.gebruik",
    objectType: "aanbieder",
    objectId: found.link.providerId,
    onBehalfOf: `aanbieder:${found.link.providerId}`,
    ip,
  };
}

/** Each linked location, as the e-mail showed it and as it is now; another provider's location shows no numbers. */
function compare(found: Linked, rows: readonly NowRow[]): FreshnessLocation[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return found.link.numbers.map((n) => {
    const row = byId.get(n.locationId);
    const own = row && row.providerId === found.link.providerId ? row : undefined;
    return {
      locationId: n.locationId,
      name: own?.name ?? `Locatie ${n.locationId}`,
      linked: { free: n.free, version: n.version },
      current: own
        ? { free: own.free, version: own.version, lastConfirmedAt: own.lastConfirmedAt.toISOString() }
        : null,
      closed: own ? own.closedOn !== null : false,
    };
  });
}

const changed = (l: FreshnessLocation) => l.current === null || l.closed || l.current.version !== l.linked.version;

function nowText(l: FreshnessLocation): string {
  if (!l.current) return `${l.name} hoort niet (meer) bij deze aanbieder`;
  if (l.closed) return `${l.name} is gesloten`;
  return `${l.name} ${l.current.free} vrij`;
}
