// The account page's second factor: whether it is on, setting up an app (QR code, first code, recovery codes shown
// once) and renewing the recovery codes with a current code.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import type { Enrolment } from "../../../../../shared/schemas/auth.js";
import { apiErrors, loadState } from "../../../lib/query-client.js";
import { queryKeys } from "../../../lib/query-keys.js";
import { confirmEnrolment, fetchSecondFactor, renewRecoveryCodes, startEnrolment } from "../api/auth.js";

export function useSecondFactor() {
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: queryKeys.secondFactor, queryFn: ({ signal }) => fetchSecondFactor(signal) });
  const [enrolment, setEnrolment] = useState<Enrolment | undefined>(undefined);
  /** The codes just made: shown until the page is left. */
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | undefined>(undefined);
  const changed = () => queryClient.invalidateQueries({ queryKey: queryKeys.secondFactor });

  const start = useMutation({
    mutationFn: apiErrors(startEnrolment),
    onMutate: () => setRecoveryCodes(undefined),
    onSuccess: setEnrolment,
  });
  const confirm = useMutation({
    mutationFn: apiErrors(confirmEnrolment),
    onSuccess: (answer) => {
      setRecoveryCodes(answer.recoveryCodes);
      setEnrolment(undefined);
      return changed();
    },
  });
  const renew = useMutation({
    mutationFn: apiErrors(renewRecoveryCodes),
    onSuccess: (answer) => {
      setRecoveryCodes(answer.recoveryCodes);
      return changed();
    },
  });
  const cancel = useCallback(() => setEnrolment(undefined), []);

  return { status: { ...loadState(query), data: query.data }, enrolment, recoveryCodes, start, confirm, renew, cancel };
}
