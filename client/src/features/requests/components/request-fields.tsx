// The fields of a request, as the "Nieuw verzoek" form shows them all and the "Corrigeren" form only those the user
// may change: case number, age, gender, postcode areas and codes (domain.md rule 5), each tied to its error.
import {
  CARE_TYPE_LABELS,
  CARE_TYPES,
  CHARACTERISTICS,
  MUNICIPALITY_NAMES,
  REQUEST_FLAGS,
  URGENCIES,
  YOUTH_GENDERS,
} from "../../../../../shared/domain.js";
import {
  CHARACTERISTIC_LABELS,
  currentCareTypeLabel,
  GENDER_LABELS,
  PLACE_FLAG_LABELS,
  URGENCY_LABELS,
} from "../../../../../shared/labels.js";
import { Check, CodeChoices, CodeSelect, controlProps, Field } from "../../../components/fields.js";
import type { RequestDraft, RequestField, RequestFieldErrors } from "../hooks/request-draft.js";

interface Props {
  /** Prefix of the controls' ids and test ids. */
  idPrefix: string;
  /** The fields to show; the others are left out of the form. */
  fields: readonly RequestField[];
  draft: RequestDraft;
  errors: RequestFieldErrors;
  change(patch: Partial<RequestDraft>): void;
  /** Whether the municipality may still be unchosen ("Kies…"): a new request starts without one, a request has one. */
  unchosenMunicipality: boolean;
}

type TextField = "caseNumber" | "age" | "homePostcode" | "schoolPostcode" | "siblings" | "wantedStart";

export function RequestFields({ idPrefix, fields, draft, errors, change, unchosenMunicipality }: Props) {
  const shows = (name: RequestField) => fields.includes(name);
  const field = (name: RequestField) => ({ id: `${idPrefix}-${name}`, error: errors[name] });
  const control = (name: RequestField) => controlProps(`${idPrefix}-${name}`, errors[name]);
  const text = (name: TextField) => ({
    ...control(name),
    value: draft[name],
    onChange: (e: { target: { value: string } }) => change({ [name]: e.target.value }),
  });

  return (
    <>
      <div className="request-form__grid">
        {shows("caseNumber") && (
          <Field {...field("caseNumber")} label="Zaaknummer (uw eigen dossiernummer)">
            <input {...text("caseNumber")} autoComplete="off" spellCheck={false} />
          </Field>
        )}
        {shows("age") && (
          <Field {...field("age")} label="Leeftijd">
            <input {...text("age")} type="number" inputMode="numeric" min={0} max={23} />
          </Field>
        )}
        {shows("gender") && (
          <CodeSelect
            {...field("gender")}
            label="Geslacht"
            value={draft.gender}
            codes={YOUTH_GENDERS}
            labels={GENDER_LABELS}
            onChange={(gender) => change({ gender })}
          />
        )}
        {shows("homeMunicipality") && (
          <Field {...field("homeMunicipality")} label="Gemeente (woonplaats)">
            <select
              {...control("homeMunicipality")}
              value={draft.homeMunicipality}
              onChange={(e) => change({ homeMunicipality: e.target.value as RequestDraft["homeMunicipality"] })}
            >
              {unchosenMunicipality && <option value="">Kies…</option>}
              {MUNICIPALITY_NAMES.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          </Field>
        )}
        {shows("homePostcode") && (
          <Field {...field("homePostcode")} label="Postcode thuis (4 cijfers)">
            <input {...text("homePostcode")} inputMode="numeric" maxLength={4} />
          </Field>
        )}
        {shows("schoolPostcode") && (
          <Field {...field("schoolPostcode")} label="Postcode school (4 cijfers, leeg als onbekend)">
            <input {...text("schoolPostcode")} inputMode="numeric" maxLength={4} />
          </Field>
        )}
        {shows("urgency") && (
          <Field {...field("urgency")} label="Urgentie">
            <select
              {...control("urgency")}
              value={draft.urgency}
              onChange={(e) => change({ urgency: e.target.value as RequestDraft["urgency"] })}
            >
              {URGENCIES.map((u) => (
                <option key={u} value={u}>
                  {URGENCY_LABELS[u]}
                </option>
              ))}
            </select>
          </Field>
        )}
        {shows("wantedStart") && (
          <Field {...field("wantedStart")} label="Gewenste start">
            <input {...text("wantedStart")} type="date" />
          </Field>
        )}
        {shows("currentCareType") && (
          <Field {...field("currentCareType")} label="Woont nu" grow>
            <select
              {...control("currentCareType")}
              value={draft.currentCareType}
              onChange={(e) => change({ currentCareType: e.target.value as RequestDraft["currentCareType"] })}
            >
              <option value="">{currentCareTypeLabel(null)}</option>
              {CARE_TYPES.map((c) => (
                <option key={c} value={c}>
                  {CARE_TYPE_LABELS[c]}
                </option>
              ))}
            </select>
          </Field>
        )}
        {shows("siblings") && (
          <Field {...field("siblings")} label="Broers/zussen die mee geplaatst worden">
            <input {...text("siblings")} type="number" inputMode="numeric" min={0} max={6} />
          </Field>
        )}
      </div>
      {shows("characteristics") && (
        <CodeChoices
          id={`${idPrefix}-characteristics`}
          legend="Kenmerken van de jeugdige"
          codes={CHARACTERISTICS}
          labels={CHARACTERISTIC_LABELS}
          chosen={draft.characteristics}
          error={errors.characteristics}
          onChange={(characteristics) => change({ characteristics })}
        />
      )}
      {shows("acceptableCareTypes") && (
        <CodeChoices
          id={`${idPrefix}-care-types`}
          legend="Passende zorgvormen (van meest naar minst thuis)"
          codes={CARE_TYPES}
          labels={CARE_TYPE_LABELS}
          chosen={draft.acceptableCareTypes}
          error={errors.acceptableCareTypes}
          onChange={(acceptableCareTypes) => change({ acceptableCareTypes })}
        />
      )}
      {shows("flags") && (
        <CodeChoices
          id={`${idPrefix}-flags`}
          legend="Soort plek"
          codes={REQUEST_FLAGS}
          labels={PLACE_FLAG_LABELS}
          chosen={draft.flags}
          error={errors.flags}
          onChange={(flags) => change({ flags })}
        />
      )}
      {shows("complex") && (
        <Check
          id={`${idPrefix}-complex`}
          label="Complexe problematiek (een verklarende analyse is dan nodig)"
          checked={draft.complex}
          onChange={(complex) => change({ complex })}
        />
      )}
    </>
  );
}
