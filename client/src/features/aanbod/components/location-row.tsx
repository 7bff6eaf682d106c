// One location in the beheer list: what it is, its places now, open or closed, and the beheerder's actions on it. The
// form to change it opens in a row of its own below.
import { useMutation } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { CARE_TYPE_LABELS } from "../../../../../shared/domain.js";
import type { Location } from "../../../../../shared/schemas/capacity.js";
import { ConfirmButtons } from "../../../components/confirm-buttons.js";
import { useConfirmedMutation } from "../../../hooks/use-confirmed-mutation.js";
import type { ApiError } from "../../../lib/api.js";
import { formatDate } from "../../../lib/format.js";
import { apiErrors } from "../../../lib/query-client.js";
import { STALE_TEXT } from "../hooks/form-errors.js";
import type { LocationSavers } from "../hooks/use-location-form.js";
import { municipalityText } from "../labels.js";
import { LocationForm } from "./location-form.js";

export const LOCATION_COLUMNS = [
  "Code",
  "Naam",
  "Zorgvorm",
  "Gemeente",
  "Capaciteit",
  "Bezet",
  "Gereserveerd",
  "Vrij",
  "Status",
  { label: "Acties", hidden: true },
] as const;

interface Props {
  location: Location;
  savers: LocationSavers;
  onClose(location: Location): Promise<void>;
  onReopen(location: Location): Promise<void>;
}

export function LocationRow({ location: l, savers, onClose, onReopen }: Props) {
  const [editing, setEditing] = useState(false);
  // Closing takes a second click: the location leaves the board and the matches at once.
  // The version an action was sent with: a push may have moved the row on by the time its answer is shown.
  const sentVersion = useRef(l.version);
  const close = useConfirmedMutation(() => {
    sentVersion.current = l.version;
    return onClose(l);
  });
  const reopen = useMutation({
    mutationFn: apiErrors(() => {
      sentVersion.current = l.version;
      return onReopen(l);
    }),
  });
  const closed = l.closedOn !== null;
  const problem = close.error ?? reopen.error;

  return (
    <>
      <tr data-testid={`aanbod-location-${l.id}`} className={closed ? "data-table__row--inactive" : undefined}>
        <td>{l.code}</td>
        <th scope="row">{l.name}</th>
        <td>{CARE_TYPE_LABELS[l.careType]}</td>
        <td>{municipalityText(l)}</td>
        <td>{l.capacity}</td>
        <td>{l.occupied}</td>
        <td>{l.reserved}</td>
        <td>{l.free}</td>
        <td data-testid={`aanbod-location-${l.id}-status`}>
          {closed ? `Gesloten sinds ${formatDate(l.closedOn ?? "")}` : "Open"}
        </td>
        <td>
          <span className="row-actions">
            {close.confirming ? (
              <ConfirmButtons action={close} label="Ja, sluiten" testId={`aanbod-location-${l.id}-close-confirm`} />
            ) : (
              <>
                <button type="button" data-testid={`aanbod-location-${l.id}-edit`} onClick={() => setEditing(!editing)}>
                  Wijzigen
                </button>
                {closed ? (
                  <button
                    type="button"
                    data-testid={`aanbod-location-${l.id}-reopen`}
                    disabled={reopen.isPending}
                    onClick={() => reopen.mutate()}
                  >
                    Heropenen
                  </button>
                ) : (
                  <button type="button" data-testid={`aanbod-location-${l.id}-close`} onClick={close.ask}>
                    Sluiten
                  </button>
                )}
              </>
            )}
          </span>
          {problem && (
            <p
              className="message message--error aanbod-row__problem"
              role="alert"
              data-testid={`aanbod-location-${l.id}-error`}
            >
              {refusal(problem, sentVersion.current)}
            </p>
          )}
        </td>
      </tr>
      {editing && (
        <tr>
          <td colSpan={LOCATION_COLUMNS.length}>
            <LocationForm
              mode={{ kind: "edit", location: l }}
              savers={savers}
              idPrefix={`location-${l.id}`}
              onSaved={() => setEditing(false)}
              onCancel={() => setEditing(false)}
            />
          </td>
        </tr>
      )}
    </>
  );
}

/** A refusal as the server words it (the places still taken), or the stale version when that was the reason. */
function refusal(error: ApiError, sentVersion: number): string {
  if (error.status === 409 && error.current && error.current.version !== sentVersion) return STALE_TEXT;
  return error.detail;
}
