// One open planned move: what and when, moved to another date or certainty in place, or withdrawn (cannot be undone).
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { CERTAINTIES, type Certainty } from "../../../../../shared/domain.js";
import type { PlannedMove, PlannedMoveChange } from "../../../../../shared/schemas/forecast.js";
import { ConfirmButtons } from "../../../components/confirm-buttons.js";
import { useConfirmedMutation } from "../../../hooks/use-confirmed-mutation.js";
import { amsterdamToday, formatDate } from "../../../lib/format.js";
import { apiErrors } from "../../../lib/query-client.js";
import { CERTAINTY_LABELS, DIRECTION_LABELS } from "../labels.js";
import { problemText } from "./problem-text.js";

// A calendar day has no time zone: formatted as UTC it stays the day it says.
const shortDate = new Intl.DateTimeFormat("nl-NL", { timeZone: "UTC", dateStyle: "medium" });

interface Props {
  move: PlannedMove;
  onMove(change: PlannedMoveChange): Promise<void>;
  onCancel(): Promise<void>;
}

export function PlannedMoveRow({ move: m, onMove, onCancel }: Props) {
  const [draft, setDraft] = useState<PlannedMoveChange | null>(null);
  const save = useMutation({
    mutationFn: apiErrors(async (change: PlannedMoveChange) => {
      await onMove(change);
      setDraft(null);
    }, "Verplaatsen is niet gelukt. Probeer het opnieuw."),
  });
  const withdraw = useConfirmedMutation(onCancel);
  const what = `${DIRECTION_LABELS[m.direction].toLowerCase()} van ${formatDate(m.expectedDate)}`;

  return (
    <tr data-testid={`planned-${m.direction}-${m.id}`}>
      <th scope="row">{DIRECTION_LABELS[m.direction]}</th>
      {draft ? (
        // Editing takes the row's full width: a location card is narrow.
        <td colSpan={2}>
          <span className="row-actions">
            <input
              type="date"
              aria-label={`Nieuwe datum voor de ${what}`}
              min={amsterdamToday()}
              value={draft.expectedDate}
              onChange={(e) => setDraft({ ...draft, expectedDate: e.target.value })}
            />
            <select
              aria-label={`Zekerheid van de ${what}`}
              value={draft.certainty}
              onChange={(e) => setDraft({ ...draft, certainty: e.target.value as Certainty })}
            >
              {CERTAINTIES.map((c) => (
                <option key={c} value={c}>
                  {CERTAINTY_LABELS[c]}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="button--primary"
              disabled={save.isPending}
              onClick={() => save.mutate(draft)}
            >
              Opslaan
            </button>
            <button type="button" disabled={save.isPending} onClick={() => setDraft(null)}>
              Annuleren
            </button>
          </span>
          {save.error && <p className="message message--error">{problemText(save.error)}</p>}
        </td>
      ) : (
        <>
          <td>
            <time dateTime={m.expectedDate}>{shortDate.format(new Date(`${m.expectedDate}T00:00:00Z`))}</time>
            <span className="planning__certainty">{CERTAINTY_LABELS[m.certainty].toLowerCase()}</span>
          </td>
          <td>
            <span className="row-actions">
              {withdraw.confirming ? (
                <ConfirmButtons action={withdraw} label="Ja, intrekken" />
              ) : (
                <>
                  <button
                    type="button"
                    aria-label={`De ${what} verplaatsen`}
                    onClick={() => setDraft({ expectedDate: m.expectedDate, certainty: m.certainty })}
                  >
                    Verplaatsen
                  </button>
                  <button type="button" aria-label={`De ${what} intrekken`} onClick={withdraw.ask}>
                    Intrekken
                  </button>
                </>
              )}
            </span>
            {withdraw.error && <p className="message message--error">{problemText(withdraw.error)}</p>}
          </td>
        </>
      )}
    </tr>
  );
}
