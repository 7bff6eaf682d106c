// The pushes that say data in the query cache changed, in one place: each marks the queries it concerns stale, so the
// ones on screen read again (one read per burst: a settle time per key) and the others when next shown. Pushes sent
// while the socket was away are lost, so every reconnect marks all that pushes keep current stale. Pushes that carry the new state
// itself (the verwijzer's totals, the unread count) are put in place by the hooks that show them, and the board's
// location list folds its own ordered feed (lib/capacity-feed.ts).
import type { QueryClient, QueryKey } from "@tanstack/react-query";
import type { MatchMap } from "../../../shared/schemas/advice.js";
import type { CapacityEvent } from "../../../shared/schemas/capacity.js";
import type { MatchesData } from "../features/matching/hooks/use-matches.js";
import { movesRanking } from "../features/matching/hooks/use-matches.js";
import { type AppSocket, onPush } from "../lib/pushes.js";
import { queryKeys } from "../lib/query-keys.js";
import { onReconnected } from "../lib/socket.js";

/** Settle times: changes come in bursts (a reservation changes the location, then the answer; an import many). */
const SETTLE_MS = {
  requestList: 500,
  request: 300,
  matches: 500,
  matchMap: 1000,
  aanbod: 300,
  forecast: 300,
  regionForecast: 1000,
  inbox: 250,
} as const;

/** What pushes keep current: after a reconnect, read again (an audit read, say, is itself logged: not those). */
const PUSHED: readonly QueryKey[] = [
  queryKeys.requests.all,
  queryKeys.matches.all,
  queryKeys.matchMap.all,
  queryKeys.ownReservations,
  queryKeys.forecast.all,
  queryKeys.aanbod.providers,
  queryKeys.notifications.all,
  // Not the totals: useTotalsRoom reads them again after every (re)join of the totals room, which a reconnect makes.
];

/** Starts listening on the socket; returns the stop. */
export function startPushInvalidation(socket: AppSocket, queryClient: QueryClient): () => void {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const soon = (queryKey: QueryKey, settleMs: number) => {
    const id = JSON.stringify(queryKey);
    clearTimeout(timers.get(id));
    timers.set(
      id,
      setTimeout(() => {
        timers.delete(id);
        void queryClient.invalidateQueries({ queryKey });
      }, settleMs),
    );
  };
  const capacityChanged = capacityInvalidation(queryClient, soon);

  const stops = [
    // The server names the request that changed: a reservation, the provider's answer, an expiry, a colleague's step.
    onPush(socket, "requests:changed", ({ requestId }) => {
      soon(queryKeys.requests.lists, SETTLE_MS.requestList);
      soon(queryKeys.requests.detail(requestId), SETTLE_MS.request);
    }),
    // A new reservation at the provider's own locations, an answer from a colleague, an expiry.
    onPush(socket, "reservations:changed", () => soon(queryKeys.ownReservations, 0)),
    // Only sockets in the totals room get it (hooks/use-totals-room.ts): the pages that show a forecast.
    onPush(socket, "forecast:changed", () => {
      soon([...queryKeys.forecast.all, "location"], SETTLE_MS.forecast);
      soon([...queryKeys.forecast.all, "planned"], SETTLE_MS.forecast);
      soon([...queryKeys.forecast.all, "region"], SETTLE_MS.regionForecast);
    }),
    // A read elsewhere (another tab) changes which notifications are unread.
    onPush(socket, "notifications:unread", () => soon(queryKeys.notifications.inbox, SETTLE_MS.inbox)),
    onPush(socket, "capacity:changed", capacityChanged),
    onReconnected(socket, () => {
      for (const queryKey of PUSHED) void queryClient.invalidateQueries({ queryKey });
    }),
  ];
  return () => {
    for (const stop of stops) stop();
    for (const timer of timers.values()) clearTimeout(timer);
  };
}

/**
 * A capacity change reads again the lists it can move: the beheerder's aanbod (counts and lifecycle), a match list
 * when the change can move its ranking, a match map when the place is on it or has room.
 */
function capacityInvalidation(queryClient: QueryClient, soon: (queryKey: QueryKey, settleMs: number) => void) {
  // Free places per location as last seen, to tell "more free than before" from any other change.
  const knownFree = new Map<number, number>();
  return (event: CapacityEvent) => {
    soon(queryKeys.aanbod.providers, SETTLE_MS.aanbod);
    for (const [queryKey, data] of queryClient.getQueriesData<MatchesData>({ queryKey: queryKeys.matches.all })) {
      const listed = data?.list.matches.find((m) => m.locationId === event.locationId);
      const before = knownFree.get(event.locationId) ?? listed?.free;
      if (movesRanking(event, listed !== undefined, before)) soon(queryKey, SETTLE_MS.matches);
    }
    for (const [queryKey, map] of queryClient.getQueriesData<MatchMap>({ queryKey: queryKeys.matchMap.all })) {
      const onMap = map?.places.some((p) => p.locationId === event.locationId) ?? false;
      if (onMap || event.free > 0) soon(queryKey, SETTLE_MS.matchMap);
    }
    knownFree.set(event.locationId, event.free);
  };
}
