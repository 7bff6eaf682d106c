// "Corrigeren": put a wrong age or code of a request right. Only the fields the user may change are shown; the
// correction goes with the version the form opened on, and a colleague's change in between is said, not overwritten.
import { useState } from "react";
import {
  CARE_TYPE_LABELS,
  CARE_TYPES,
  CHARACTERISTICS,
  MUNICIPALITY_NAMES,
  type Role,
  URGENCIES,
  YOUTH_GENDERS,
} from "../../../../../shared/domain.js";
import {
  CHARACTERISTIC_LABELS,
  currentCareTypeLabel,
  GENDER_LABELS,
  URGENCY_LABELS,
} from "../../../../../shared/labels.js";
import type { CorrectableField, CorrectRequest, PlacementRequest } from "../../../../../shared/schemas/placements.js";
import { correctableFields, useCorrectRequestForm } from "../hooks/use-correct-request-form.js";
import type { RequestDraft } from "../hooks/use-create-request-form.js";
import { CodeChoices } from "./create-request-form.js";
import { CodeSelect, controlProps, Field } from "./field.js";

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
  const { draft, errors } = form;
  const shows = (f: CorrectableField) => fields.includes(f);
  const field = (name: keyof RequestDraft) => ({ id: `correct-${name}`, error: errors[name] });
  const control = (name: keyof RequestDraft) => controlProps(`correct-${name}`, errors[name]);
  const text = (name: "caseNumber" | "age" | "homePostcode" | "schoolPostcode" | "siblings" | "wantedStart") => ({
    ...control(name),
    value: draft[name],
    onChange: (e: { target: { value: string } }) => form.change({ [name]: e.target.value }),
  });

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
      <div className="request-form__grid">
        {shows("caseNumber") && (
          <Field {...field("caseNumber")} label="Zaaknummer (uw eigen dossiernummer)">
            <input {...text("caseNumber")} autoComplete="off" spellCheck={false} />
          </Field>
        )}
        <Field {...field("age")} label="Leeftijd">
          <input {...text("age")} type="number" inputMode="numeric" min={0} max={23} />
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
            {MUNICIPALITY_NAMES.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </Field>
        <Field {...field("homePostcode")} label="Postcode thuis (4 cijfers)">
          <input {...text("homePostcode")} inputMode="numeric" maxLength={4} />
        </Field>
        <Field {...field("schoolPostcode")} label="Postcode school (4 cijfers, leeg als onbekend)">
          <input {...text("schoolPostcode")} inputMode="numeric" maxLength={4} />
        </Field>
        {shows("urgency") && (
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
        )}
        <Field {...field("wantedStart")} label="Gewenste start">
          <input {...text("wantedStart")} type="date" />
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
          <input {...text("siblings")} type="number" inputMode="numeric" min={0} max={6} />
        </Field>
      </div>
      <CodeChoices
        id="correct-characteristics"
        legend="Kenmerken van de jeugdige"
        codes={CHARACTERISTICS}
        labels={CHARACTERISTIC_LABELS}
        chosen={draft.characteristics}
        error={errors.characteristics}
        onChange={(characteristics) => form.change({ characteristics })}
      />
      <CodeChoices
        id="correct-care-types"
        legend="Passende zorgvormen (van meest naar minst thuis)"
        codes={CARE_TYPES}
        labels={CARE_TYPE_LABELS}
        chosen={draft.acceptableCareTypes}
        error={errors.acceptableCareTypes}
        onChange={(acceptableCareTypes) => form.change({ acceptableCareTypes })}
      />
      {shows("complex") && (
        <div className="field field--check">
          <input
            id="correct-complex"
            data-testid="correct-complex"
            type="checkbox"
            checked={draft.complex}
            onChange={(e) => form.change({ complex: e.target.checked })}
          />
          <label htmlFor="correct-complex">Complexe problematiek (een verklarende analyse is dan nodig)</label>
        </div>
      )}
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
