// The placement requests the user may see: a verwijzer its own, the regisseur all (the server decides which).
import { useFetched } from "../../../hooks/use-fetched.js";
import { usePushRefetch } from "../../../hooks/use-push-refetch.js";
import { listRequests } from "../api/requests.js";

export function useRequests(finished: boolean) {
  const { status, data, error, reload } = useFetched(
    async (signal) => {
      const list = await listRequests(finished, signal);
      // Newest first: the request just made, or the one waiting for a place, is what the user looks for.
      return list.toSorted((a, b) => b.createdAt.localeCompare(a.createdAt));
    },
    { initial: [], key: finished },
  );
  // The server names every request of ours that changed: statuses and badges stay live.
  usePushRefetch("requests:changed", reload, { settleMs: 500 });

  return { status, requests: data, error, reload };
}
