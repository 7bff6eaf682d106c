// The account page's second factor: whether it is on, setting up an app (QR code, first code, recovery codes shown
// once) and renewing the recovery codes with a current code.
import { useCallback, useState } from "react";
import type { Enrolment } from "../../../../../shared/schemas/auth.js";
import { useAction } from "../../../hooks/use-action.js";
import { useFetched } from "../../../hooks/use-fetched.js";
import { confirmEnrolment, fetchSecondFactor, renewRecoveryCodes, startEnrolment } from "../api/auth.js";

export function useSecondFactor() {
  const status = useFetched(fetchSecondFactor);
  const [enrolment, setEnrolment] = useState<Enrolment | undefined>(undefined);
  /** The codes just made: shown until the page is left. */
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | undefined>(undefined);
  const { reload } = status;

  const start = useAction(async () => {
    setRecoveryCodes(undefined);
    setEnrolment(await startEnrolment());
  });
  const confirm = useAction(async (code: string) => {
    setRecoveryCodes((await confirmEnrolment(code)).recoveryCodes);
    setEnrolment(undefined);
    reload();
  });
  const renew = useAction(async (code: string) => {
    setRecoveryCodes((await renewRecoveryCodes(code)).recoveryCodes);
    reload();
  });
  const cancel = useCallback(() => setEnrolment(undefined), []);

  return { status, enrolment, recoveryCodes, start, confirm, renew, cancel };
}
