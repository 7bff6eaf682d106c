// Registering a verwachte uitstroom or instroom: direction, expected date and how certain it is.
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { CERTAINTIES, type Certainty, PLAN_DIRECTIONS, type PlanDirection } from "../../../../../shared/domain.js";
import type { PlannedMoveInput } from "../../../../../shared/schemas/forecast.js";
import { amsterdamToday } from "../../../lib/format.js";
import { apiErrors } from "../../../lib/query-client.js";
import { CERTAINTY_LABELS, DIRECTION_HINTS } from "../labels.js";
import { problemText } from "./problem-text.js";

interface Props {
  locationId: number;
  onAdd(input: PlannedMoveInput): Promise<void>;
}

export function AddMoveForm({ locationId, onAdd }: Props) {
  const [direction, setDirection] = useState<PlanDirection>("uitstroom");
  const [expectedDate, setExpectedDate] = useState("");
  const [certainty, setCertainty] = useState<Certainty>("waarschijnlijk");
  const [missing, setMissing] = useState(false);
  const [added, setAdded] = useState(false);
  const action = useMutation({
    mutationFn: apiErrors(async (input: PlannedMoveInput) => {
      await onAdd(input);
      setExpectedDate("");
      setAdded(true);
    }, "Opslaan is niet gelukt. Probeer het opnieuw."),
  });
  const id = (name: string) => `plan-${name}-${locationId}`;

  function submit() {
    setAdded(false);
    setMissing(expectedDate === "");
    if (expectedDate !== "") action.mutate({ direction, expectedDate, certainty });
  }

  return (
    <form
      className="planning__form"
      noValidate
      aria-label="Verwachte uit- of instroom toevoegen"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div className="field">
        <label htmlFor={id("direction")}>Soort</label>
        <select id={id("direction")} value={direction} onChange={(e) => setDirection(e.target.value as PlanDirection)}>
          {PLAN_DIRECTIONS.map((d) => (
            <option key={d} value={d}>
              {DIRECTION_HINTS[d]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={id("date")}>Verwachte datum</label>
        <input
          id={id("date")}
          data-testid={id("date")}
          type="date"
          min={amsterdamToday()}
          value={expectedDate}
          onChange={(e) => setExpectedDate(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={id("certainty")}>Zekerheid</label>
        <select id={id("certainty")} value={certainty} onChange={(e) => setCertainty(e.target.value as Certainty)}>
          {CERTAINTIES.map((c) => (
            <option key={c} value={c}>
              {CERTAINTY_LABELS[c]}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" data-testid={id("add")} disabled={action.isPending}>
        Toevoegen
      </button>
      <div className="planning__feedback" role="status">
        {missing && <p className="message message--error">Kies de verwachte datum.</p>}
        {action.error && <p className="message message--error">{problemText(action.error)}</p>}
        {added && !action.error && <p className="message message--success">Toegevoegd aan de planning.</p>}
      </div>
    </form>
  );
}
