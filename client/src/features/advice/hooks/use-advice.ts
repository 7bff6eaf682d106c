// The advice of one request, and printing it: first the server records the print (audit), then the browser prints.
import { useCallback } from "react";
import { useFetched } from "../../../hooks/use-fetched.js";
import { getAdvice, recordPrinted } from "../api/advice.js";

export function useAdvice(requestId: number) {
  const fetched = useFetched((signal) => getAdvice(requestId, signal), {
    key: requestId,
    failure: "Het matchadvies kon niet worden geladen.",
  });
  const print = useCallback(async () => {
    // No record, no print: an advice that left the building unlogged is what the audit exists to prevent.
    await recordPrinted(requestId);
    window.print();
  }, [requestId]);
  return { ...fetched, advice: fetched.data, print };
}
