// Room-scoped capacity feeds: a socket that asked for one care type and/or municipality sits in one room for that
// scope, and each event goes to the rooms of the scopes it belongs to. Pure bookkeeping, no socket.io here.
import type { CareType, LocationMunicipality } from "../../shared/domain.js";

/** Everyone who sees every location (the default for roles that may see locations). */
export const DETAIL_ROOM = "capaciteit-detail";
const SCOPED = `${DETAIL_ROOM}:`;
const ANY = "*";

export interface Scope {
  careType?: CareType;
  municipality?: LocationMunicipality;
}

export const isScoped = (scope: Scope) => scope.careType !== undefined || scope.municipality !== undefined;

export const scopeRoom = (scope: Scope) => `${SCOPED}${scope.careType ?? ANY}|${scope.municipality ?? ANY}`;

export const isScopeRoom = (room: string) => room.startsWith(SCOPED);

/** The rooms an event of this location goes to: the unscoped room and the three scopes that contain it. */
export function eventRooms(at: Required<Scope>): string[] {
  return [
    DETAIL_ROOM,
    scopeRoom(at),
    scopeRoom({ careType: at.careType }),
    scopeRoom({ municipality: at.municipality }),
  ];
}

function parseScopeRoom(room: string): { careType: string; municipality: string } {
  const [careType = ANY, municipality = ANY] = room.slice(SCOPED.length).split("|");
  return { careType, municipality };
}

/**
 * The newest seq per (care type, municipality), read from the event log a little at a time. Before the first read
 * nothing is known, so every scope's head starts at the log's head then (a feed behind it syncs once, harmlessly).
 */
export function createScopeHeads() {
  let base: number | undefined;
  let scanned = 0;
  const pairs = new Map<string, { careType: string; municipality: string; seq: number }>();
  return {
    /** How far the log has been read: the next read asks for the events after this. */
    scanned: () => (base === undefined ? undefined : scanned),
    start(seq: number) {
      base = seq;
      scanned = seq;
    },
    add(rows: { careType: string; municipality: string; seq: number }[], seq: number) {
      for (const row of rows) {
        const key = `${row.careType}|${row.municipality}`;
        if ((pairs.get(key)?.seq ?? 0) < row.seq) pairs.set(key, row);
        scanned = Math.max(scanned, row.seq);
      }
      scanned = Math.max(scanned, seq);
    },
    /** The newest seq of the scope a scoped room stands for. */
    headOf(room: string): number {
      const scope = parseScopeRoom(room);
      let head = base ?? 0;
      for (const pair of pairs.values()) {
        if (scope.careType !== ANY && scope.careType !== pair.careType) continue;
        if (scope.municipality !== ANY && scope.municipality !== pair.municipality) continue;
        head = Math.max(head, pair.seq);
      }
      return head;
    },
  };
}
export type ScopeHeads = ReturnType<typeof createScopeHeads>;
