// "Nieuw verzoek": only the minimum a placement needs (domain.md rule 5): a case number, age, gender, postcode areas
// and codes. No name, no BSN, no free text about the youth.
import type { z } from "zod";
import type { createRequestSchema, PlacementRequest } from "../../../../../shared/schemas/placements.js";
import { REQUEST_FIELDS } from "../hooks/request-draft.js";
import { useCreateRequestForm } from "../hooks/use-create-request-form.js";
import { RequestFields } from "./request-fields.js";

interface Props {
  onCreate(body: z.input<typeof createRequestSchema>): Promise<PlacementRequest>;
  onCreated(request: PlacementRequest): void;
  onCancel(): void;
}

export function CreateRequestForm({ onCreate, onCreated, onCancel }: Props) {
  const form = useCreateRequestForm(onCreate);

  return (
    <form
      className="request-form"
      aria-labelledby="request-form-title"
      data-testid="request-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void form.submit().then((created) => created && onCreated(created));
      }}
    >
      <h2 id="request-form-title">Nieuw plaatsingsverzoek</h2>
      <p className="request-form__privacy">
        Alleen wat nodig is om te matchen: geen naam, geen BSN, geen vrije tekst over de jeugdige.
      </p>
      <RequestFields
        idPrefix="request"
        fields={REQUEST_FIELDS}
        draft={form.draft}
        errors={form.errors}
        change={form.change}
        unchosenMunicipality
      />
      {form.formError && (
        <p className="message message--error" role="alert" data-testid="request-form-error">
          {form.formError}
        </p>
      )}
      <div className="row-actions">
        <button type="submit" className="button--primary" data-testid="request-submit" disabled={form.busy}>
          Verzoek aanmaken
        </button>
        <button type="button" onClick={onCancel} disabled={form.busy}>
          Annuleren
        </button>
      </div>
    </form>
  );
}
