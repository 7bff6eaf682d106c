// "Nieuw verzoek": only the minimum a placement needs (domain.md rule 5): a case number, age, gender, postcode areas
// and codes. No name, no BSN, no free text about the youth.
import type { z } from "zod";
import {
  CARE_TYPE_LABELS,
  CARE_TYPES,
  CHARACTERISTICS,
  MUNICIPALITY_NAMES,
  URGENCIES,
  YOUTH_GENDERS,
} from "../../../../../shared/domain.js";
import {
  CHARACTERISTIC_LABELS,
  currentCareTypeLabel,
  GENDER_LABELS,
  URGENCY_LABELS,
} from "../../../../../shared/labels.js";
import type { createRequestSchema, PlacementRequest } from "../../../../../shared/schemas/placements.js";
import { type RequestDraft, type RequestField, useCreateRequestForm } from "../hooks/use-create-request-form.js";
import { CodeSelect, controlProps, Field, FieldError } from "./field.js";

interface Props {
  onCreate(body: z.input<typeof createRequestSchema>): Promise<PlacementRequest>;
  onCreated(request: PlacementRequest): void;
  onCancel(): void;
}

export function CreateRequestForm({ onCreate, onCreated, onCancel }: Props) {
  const form = useCreateRequestForm(onCreate);
  const { draft, errors } = form;
  const field = (name: RequestField) => ({ id: `request-${name}`, error: errors[name] });
  const control = (name: RequestField) => controlProps(`request-${name}`, errors[name]);

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
      <div className="request-form__grid">
        <Field {...field("caseNumber")} label="Zaaknummer (uw eigen dossiernummer)">
          <input
            {...control("caseNumber")}
            autoComplete="off"
            spellCheck={false}
            value={draft.caseNumber}
            onChange={(e) => form.change({ caseNumber: e.target.value })}
          />
        </Field>
        <Field {...field("age")} label="Leeftijd">
          <input
            {...control("age")}
            type="number"
            inputMode="numeric"
            min={0}
            max={23}
            value={draft.age}
            onChange={(e) => form.change({ age: e.target.value })}
          />
        </Field>
        <CodeSelect
          {...field("gender")}
          label="Geslacht"
          value={draft.gender}
          codes={YOUTH_GENDERS}
          labels={GENDER_LABELS}
          onChange={(gender) => form.change({ gender })}
        />
        <Field {...field("homeMunicipality")} label="Gemeente (woonplaats)">
          <select
            {...control("homeMunicipality")}
            value={draft.homeMunicipality}
            onChange={(e) => form.change({ homeMunicipality: e.target.value as RequestDraft["homeMunicipality"] })}
          >
            <option value="">Kies…</option>
            {MUNICIPALITY_NAMES.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </Field>
        <Field {...field("homePostcode")} label="Postcode thuis (4 cijfers)">
          <input
            {...control("homePostcode")}
            inputMode="numeric"
            maxLength={4}
            value={draft.homePostcode}
            onChange={(e) => form.change({ homePostcode: e.target.value })}
          />
        </Field>
        <Field {...field("schoolPostcode")} label="Postcode school (4 cijfers, leeg als onbekend)">
          <input
            {...control("schoolPostcode")}
            inputMode="numeric"
            maxLength={4}
            value={draft.schoolPostcode}
            onChange={(e) => form.change({ schoolPostcode: e.target.value })}
          />
        </Field>
        <Field {...field("urgency")} label="Urgentie">
          <select
            {...control("urgency")}
            value={draft.urgency}
            onChange={(e) => form.change({ urgency: e.target.value as RequestDraft["urgency"] })}
          >
            {URGENCIES.map((u) => (
              <option key={u} value={u}>
                {URGENCY_LABELS[u]}
              </option>
            ))}
          </select>
        </Field>
        <Field {...field("wantedStart")} label="Gewenste start">
          <input
            {...control("wantedStart")}
            type="date"
            value={draft.wantedStart}
            onChange={(e) => form.change({ wantedStart: e.target.value })}
          />
        </Field>
        <Field {...field("currentCareType")} label="Woont nu" grow>
          <select
            {...control("currentCareType")}
            value={draft.currentCareType}
            onChange={(e) => form.change({ currentCareType: e.target.value as RequestDraft["currentCareType"] })}
          >
            <option value="">{currentCareTypeLabel(null)}</option>
            {CARE_TYPES.map((c) => (
              <option key={c} value={c}>
                {CARE_TYPE_LABELS[c]}
              </option>
            ))}
          </select>
        </Field>
        <Field {...field("siblings")} label="Broers/zussen die mee geplaatst worden">
          <input
            {...control("siblings")}
            type="number"
            inputMode="numeric"
            min={0}
            max={6}
            value={draft.siblings}
            onChange={(e) => form.change({ siblings: e.target.value })}
          />
        </Field>
      </div>
      <CodeChoices
        id="request-characteristics"
        legend="Kenmerken van de jeugdige"
        codes={CHARACTERISTICS}
        labels={CHARACTERISTIC_LABELS}
        chosen={draft.characteristics}
        error={errors.characteristics}
        onChange={(characteristics) => form.change({ characteristics })}
      />
      <CodeChoices
        id="request-care-types"
        legend="Passende zorgvormen (van meest naar minst thuis)"
        codes={CARE_TYPES}
        labels={CARE_TYPE_LABELS}
        chosen={draft.acceptableCareTypes}
        error={errors.acceptableCareTypes}
        onChange={(acceptableCareTypes) => form.change({ acceptableCareTypes })}
      />
      <div className="field field--check">
        <input
          id="request-complex"
          data-testid="request-complex"
          type="checkbox"
          checked={draft.complex}
          onChange={(e) => form.change({ complex: e.target.checked })}
        />
        <label htmlFor="request-complex">Complexe problematiek (een verklarende analyse is dan nodig)</label>
      </div>
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

interface ChoicesProps<C extends string> {
  id: string;
  legend: string;
  codes: readonly C[];
  labels: Record<C, string>;
  chosen: C[];
  error: string | undefined;
  onChange(chosen: C[]): void;
}

/** Codes from a list as checkboxes, kept in the list's own order whatever order they were ticked in. */
export function CodeChoices<C extends string>({ id, legend, codes, labels, chosen, error, onChange }: ChoicesProps<C>) {
  const toggle = (code: C, on: boolean) => onChange(codes.filter((c) => (c === code ? on : chosen.includes(c))));
  return (
    <fieldset className="choices" data-testid={id} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{legend}</legend>
      <div className="choices__grid">
        {codes.map((code) => (
          <div key={code} className="field field--check">
            <input
              id={`${id}-${code}`}
              data-testid={`${id}-${code}`}
              type="checkbox"
              checked={chosen.includes(code)}
              onChange={(e) => toggle(code, e.target.checked)}
            />
            <label htmlFor={`${id}-${code}`}>{labels[code]}</label>
          </div>
        ))}
      </div>
      <FieldError id={`${id}-error`} message={error} />
    </fieldset>
  );
}
