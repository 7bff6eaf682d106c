// Withdrawing a request ends it for good and releases a place it holds: it takes a second, deliberate click.
import type { PlacementRequest } from "../../../../../shared/schemas/placements.js";
import { ConfirmButtons } from "../../../components/confirm-buttons.js";
import { useConfirmedMutation } from "../../../hooks/use-confirmed-mutation.js";

interface Props {
  request: PlacementRequest;
  onWithdraw(): Promise<void>;
}

export function WithdrawRequest({ request, onWithdraw }: Props) {
  const withdraw = useConfirmedMutation(onWithdraw);
  if (request.status === "geplaatst" || request.status === "ingetrokken") return null;

  return (
    <div className="withdraw">
      {withdraw.confirming ? (
        <span className="row-actions">
          <span>
            {request.status === "gereserveerd"
              ? "Het verzoek intrekken? De gereserveerde plek komt dan weer vrij."
              : "Het verzoek intrekken?"}
          </span>
          <ConfirmButtons action={withdraw} label="Ja, intrekken" testId="withdraw-confirm" />
        </span>
      ) : (
        <button type="button" data-testid="withdraw" onClick={withdraw.ask}>
          Verzoek intrekken
        </button>
      )}
      {withdraw.error && (
        <p className="message message--error" role="alert">
          {withdraw.error.detail}
        </p>
      )}
    </div>
  );
}
