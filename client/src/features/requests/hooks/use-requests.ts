// The placement requests the user may see: a verwijzer its own, the regisseur all (the server decides which). The
// server names every request of ours that changed, so statuses and badges stay live (app/push-invalidation.ts).
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { loadState } from "../../../lib/query-client.js";
import { queryKeys } from "../../../lib/query-keys.js";
import { listRequests } from "../api/requests.js";

export function useRequests(finished: boolean) {
  const query = useQuery({
    queryKey: queryKeys.requests.list(finished),
    queryFn: async ({ signal }) =>
      // Newest first: the request just made, or the one waiting for a place, is what the user looks for.
      (await listRequests(finished, signal)).toSorted((a, b) => b.createdAt.localeCompare(a.createdAt)),
    // The other list (finished or not) shows once it is read; the one on screen stays until then.
    placeholderData: keepPreviousData,
  });
  return { ...loadState(query), requests: query.data ?? [] };
}
