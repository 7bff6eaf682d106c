// The verwijzer's board: regional totals only (domain.md: verwijzers see aggregate counts). The server pushes the
// whole new summary on "capacity:summary", so there is nothing to replay: after a reconnect one fetch catches up.
import { useEffect, useState } from "react";
import { type CapacitySummary, capacitySummarySchema } from "../../../../../shared/schemas/capacity.js";
import { useConnection } from "../../../hooks/use-connection.js";
import { type LoadStatus, useFetched } from "../../../hooks/use-fetched.js";
import { type ApiError, request } from "../../../lib/api.js";
import { onPush } from "../../../lib/pushes.js";
import { getSocket, joinTotalsRoom } from "../../../lib/socket.js";

export interface LiveSummary {
  status: LoadStatus;
  summary: CapacitySummary | undefined;
  error: ApiError | undefined;
  reload(): void;
}

/** Fetched and pushed figures arrive in any order: the higher sequence is the newer, whichever came last. */
function newest(a: CapacitySummary | undefined, b: CapacitySummary | undefined): CapacitySummary | undefined {
  if (!a || !b) return a ?? b;
  return a.seq > b.seq ? a : b;
}

export function useCapacitySummary(): LiveSummary {
  const fetched = useFetched((signal) => request("/api/capacity/summary", capacitySummarySchema, { signal }), {
    failure: "De totalen konden niet worden geladen.",
  });
  const { reload, error } = fetched;
  const [pushed, setPushed] = useState<CapacitySummary | undefined>(undefined);
  const connected = useConnection() === "connected";

  useEffect(() => {
    const socket = getSocket();
    const unlisten = onPush(socket, "capacity:summary", (summary) => setPushed((prev) => newest(prev, summary)));
    // Pushes sent before the socket joined the totals room did not come to it, also those between the first fetch
    // and the first join: every join fetches once more.
    const leave = joinTotalsRoom(socket, reload);
    return () => {
      unlisten();
      leave();
    };
  }, [reload]);

  // A failed load is retried as soon as the socket finds the server again.
  const failed = error !== undefined;
  useEffect(() => {
    if (connected && failed) reload();
  }, [connected, failed, reload]);

  const summary = newest(fetched.data, pushed);
  // Figures pushed before the first fetch answered are figures all the same.
  return { status: summary ? "ready" : fetched.status, summary, error, reload };
}
