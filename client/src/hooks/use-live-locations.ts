// The live location list both pages build on: a snapshot from the API, kept current by the ordered capacity feed.
import { useCallback, useEffect, useState } from "react";
import { foldLocationEvents } from "../../../shared/rules/capacity.js";
import { DEFAULT_STALE_AFTER_HOURS } from "../../../shared/rules/freshness.js";
import { type Location, locationListSchema } from "../../../shared/schemas/capacity.js";
import { type ApiError, asApiError, request } from "../lib/api.js";
import { type CapacityFeed, createCapacityFeed } from "../lib/capacity-feed.js";
import type { LoadStatus } from "../lib/query-client.js";
import { getSocket } from "../lib/socket.js";
import { useConnection } from "./use-connection.js";

export interface LiveLocations {
  /** "loading" only until the first snapshot; a later reload keeps showing the previous list meanwhile. */
  status: LoadStatus;
  /** The newest event-log sequence folded into the list. */
  seq: number;
  locations: Location[];
  staleAfterHours: number;
  error: ApiError | undefined;
  /** Whether pushes arrive; when false the numbers may be behind. */
  connected: boolean;
  /** Takes in a location the API just returned, so one's own change shows before its push arrives. */
  merge(location: Location): void;
  reload(): void;
}

interface Snapshot {
  status: LiveLocations["status"];
  /** The newest event-log sequence folded into the list. */
  seq: number;
  locations: Location[];
  staleAfterHours: number;
  error: ApiError | undefined;
}

const initial: Snapshot = {
  status: "loading",
  seq: 0,
  locations: [],
  staleAfterHours: DEFAULT_STALE_AFTER_HOURS,
  error: undefined,
};

export function useLiveLocations(): LiveLocations {
  const [snapshot, setSnapshot] = useState<Snapshot>(initial);
  // Bumped to fetch a fresh snapshot and start a new feed from its sequence.
  const [generation, setGeneration] = useState(0);
  const connected = useConnection() === "connected";
  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new generation is the signal to fetch again.
  useEffect(() => {
    const controller = new AbortController();
    let feed: CapacityFeed | undefined;
    let restarted = false;
    const restart = () => {
      if (restarted || controller.signal.aborted) return;
      restarted = true;
      feed?.stop();
      reload();
    };

    request("/api/locations", locationListSchema, { signal: controller.signal }).then(
      (list) => {
        // The answer can land after this effect was cleaned up; a feed started then would never be stopped.
        if (controller.signal.aborted) return;
        setSnapshot({
          status: "ready",
          seq: list.seq,
          locations: list.locations,
          staleAfterHours: list.staleAfterHours,
          error: undefined,
        });
        feed = createCapacityFeed(getSocket(), {
          fromSeq: list.seq,
          onEvents: (events) => {
            const seq = events.at(-1)?.seq ?? 0;
            setSnapshot((prev) => {
              // A location opened, changed, closed or reopened comes with the event; a count change of a location
              // we have never seen needs a fresh snapshot (asked once, after this update).
              const locations = foldLocationEvents(prev.locations, events);
              if (locations) return { ...prev, seq: Math.max(prev.seq, seq), locations };
              queueMicrotask(restart);
              return prev;
            });
          },
          onReloadNeeded: () => {
            feed?.stop();
            reload();
          },
        });
      },
      (err: unknown) => {
        if (controller.signal.aborted) return;
        const error = asApiError(err, "De locaties konden niet worden geladen.");
        setSnapshot((prev) => ({ ...prev, status: prev.status === "ready" ? "ready" : "error", error }));
      },
    );

    return () => {
      controller.abort();
      feed?.stop();
    };
  }, [generation, reload]);

  // A failed load is retried as soon as the socket finds the server again.
  const failed = snapshot.error !== undefined;
  useEffect(() => {
    if (connected && failed) reload();
  }, [connected, failed, reload]);

  const merge = useCallback((location: Location) => {
    setSnapshot((prev) => ({
      ...prev,
      locations: prev.locations.map((l) => (l.id === location.id && location.version > l.version ? location : l)),
    }));
  }, []);

  return { ...snapshot, connected, merge, reload };
}
