// The advice of one request, and printing it: first the server records the print (audit), then the browser prints.
import { useQuery } from "@tanstack/react-query";
import { useCallback } from "react";
import { loadState } from "../../../lib/query-client.js";
import { queryKeys } from "../../../lib/query-keys.js";
import { getAdvice, recordPrinted } from "../api/advice.js";

export function useAdvice(requestId: number) {
  const query = useQuery({
    queryKey: queryKeys.advice(requestId),
    queryFn: ({ signal }) => getAdvice(requestId, signal),
  });
  const print = useCallback(async () => {
    // No record, no print: an advice that left the building unlogged is what the audit exists to prevent.
    await recordPrinted(requestId);
    window.print();
  }, [requestId]);
  return { ...loadState(query, "Het matchadvies kon niet worden geladen."), advice: query.data, print };
}
