// "Corrigeren": put a wrong age or code of a request right. Only the fields the user may change are shown; the
// correction goes with the version the form opened on, and a colleague's change in between is said, not overwritten.
import { useState } from "react";
import type { Role } from "../../../../../shared/domain.js";
import type { CorrectableField, CorrectRequest, PlacementRequest } from "../../../../../shared/schemas/placements.js";
import { correctableFields, useCorrectRequestForm } from "../hooks/use-correct-request-form.js";
import { RequestFields } from "./request-fields.js";

interface Props {
  request: PlacementRequest;
  role: Role;
  onCorrect(body: CorrectRequest): Promise<void>;
  /** Loads the request again; resolves with it as it is now. */
  onReload(): Promise<PlacementRequest | undefined>;
}

export function RequestCorrection({ request, role, onCorrect, onReload }: Props) {
  const [open, setOpen] = useState(false);
  const fields = correctableFields(request, role);
  if (fields.length === 0) return null;
  if (!open) {
    return (
      <button type="button" data-testid="correct-open" onClick={() => setOpen(true)}>
        Corrigeren
      </button>
    );
  }
  return (
    <CorrectForm
      request={request}
      fields={fields}
      onCorrect={onCorrect}
      onReload={onReload}
      onClose={() => setOpen(false)}
    />
  );
}

interface FormProps extends Omit<Props, "role"> {
  fields: readonly CorrectableField[];
  onClose(): void;
}

function CorrectForm({ request, fields, onCorrect, onReload, onClose }: FormProps) {
  const form = useCorrectRequestForm(request, fields, onCorrect);
  return (
    <form
      className="request-form"
      aria-labelledby="correct-title"
      data-testid="correct-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void form.submit().then((done) => done && onClose());
      }}
    >
      <h2 id="correct-title">Verzoek corrigeren</h2>
      <p className="request-form__privacy">
        Alleen codes, geen naam of vrije tekst. Wat u wijzigt, wordt met de oude en nieuwe waarde gelogd (een
        dossiernummer of postcode alleen als gewijzigd).
      </p>
      <RequestFields
        idPrefix="correct"
        fields={fields}
        draft={form.draft}
        errors={form.errors}
        change={form.change}
        unchosenMunicipality={false}
      />
      {form.formError && (
        <p className="message message--error" role="alert" data-testid="correct-error">
          {form.formError}
          {form.stale && (
            <button
              type="button"
              data-testid="correct-reload"
              onClick={() => void onReload().then((now) => now && form.reset(now))}
            >
              Opnieuw laden
            </button>
          )}
        </p>
      )}
      <div className="row-actions">
        <button type="submit" className="button--primary" data-testid="correct-save" disabled={form.busy}>
          Correctie opslaan
        </button>
        <button type="button" onClick={onClose} disabled={form.busy}>
          Annuleren
        </button>
      </div>
    </form>
  );
}
