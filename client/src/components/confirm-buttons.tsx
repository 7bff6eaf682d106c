// The second step of an action that cannot be undone: do it after all, or not.
import type { ConfirmedMutation } from "../hooks/use-confirmed-mutation.js";

interface Props {
  action: ConfirmedMutation;
  /** Says what happens, as an answer: "Ja, intrekken". */
  label: string;
  testId?: string;
}

export function ConfirmButtons({ action, label, testId }: Props) {
  return (
    <>
      <button
        type="button"
        className="button--danger"
        data-testid={testId}
        disabled={action.busy}
        onClick={action.confirm}
      >
        {label}
      </button>
      <button type="button" disabled={action.busy} onClick={action.cancel}>
        Annuleren
      </button>
    </>
  );
}
