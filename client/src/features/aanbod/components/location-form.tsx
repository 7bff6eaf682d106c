// The location form: opening a location (the beheerder) and changing its declared attributes and capacity (the
// beheerder, or a provider its own). Every field of the contract, code lists as selects and checkboxes in Dutch.
import {
  CARE_TYPE_LABELS,
  CARE_TYPES,
  CHARACTERISTICS,
  GENDER_RULES,
  LOCATION_MUNICIPALITIES,
  MAX_AGE,
  MIN_AGE,
  OUTSIDE_REGION,
  PLACE_FLAGS,
} from "../../../../../shared/domain.js";
import { CHARACTERISTIC_LABELS, GENDER_RULE_LABELS, PLACE_FLAG_LABELS } from "../../../../../shared/labels.js";
import type { Location } from "../../../../../shared/schemas/capacity.js";
import { Check, CodeChoices, CodeSelect, controlProps, Field } from "../../../components/fields.js";
import type { LocationField } from "../hooks/location-draft.js";
import { type LocationFormMode, type LocationSavers, useLocationForm } from "../hooks/use-location-form.js";
import { AanbodForm } from "./aanbod-form.js";

interface Props {
  mode: LocationFormMode;
  savers: LocationSavers;
  /** Prefix of the controls' ids and test ids: several forms may be open on one page. */
  idPrefix: string;
  onSaved(location: Location): void;
  onCancel(): void;
}

type TextField = "code" | "name" | "otherMunicipality" | "postcode" | "lat" | "lon";
type NumberField = "capacity" | "crisisPlaces" | "occupied" | "ageMin" | "ageMax";

const municipalityLabel = (m: (typeof LOCATION_MUNICIPALITIES)[number]) =>
  m === OUTSIDE_REGION ? "Buiten de regio" : m;

export function LocationForm({ mode, savers, idPrefix, onSaved, onCancel }: Props) {
  const form = useLocationForm(mode, savers);
  const { draft, errors } = form;
  const id = (field: LocationField) => `${idPrefix}-${field}`;
  const field = (name: LocationField) => ({ id: id(name), error: errors[name] });
  const text = (name: TextField, extra: { inputMode?: "numeric" | "decimal"; maxLength?: number } = {}) => (
    <input
      {...controlProps(id(name), errors[name])}
      autoComplete="off"
      spellCheck={false}
      value={draft[name]}
      onChange={(e) => form.change({ [name]: e.target.value })}
      {...extra}
    />
  );
  const number = (name: NumberField, min: number, max: number) => (
    <input
      {...controlProps(id(name), errors[name])}
      type="number"
      inputMode="numeric"
      min={min}
      max={max}
      step={1}
      value={draft[name]}
      onChange={(e) => form.change({ [name]: e.target.value })}
    />
  );
  const creating = mode.kind === "create";
  const title = creating ? "Nieuwe locatie" : `Locatie ${mode.location.name} wijzigen`;

  return (
    <AanbodForm
      title={title}
      idPrefix={idPrefix}
      submitLabel={creating ? "Locatie toevoegen" : "Opslaan"}
      busy={form.busy}
      problem={form.problem}
      notice={form.notice}
      onSubmit={() => void form.submit().then((saved) => saved && onSaved(saved))}
      onCancel={onCancel}
      onReload={form.reloadCurrent}
    >
      <Field {...field("code")} label="Locatiecode (eigen code van de aanbieder)">
        {text("code")}
      </Field>
      <Field {...field("name")} label="Naam">
        {text("name")}
      </Field>
      <CodeSelect
        {...field("careType")}
        label="Zorgvorm"
        value={draft.careType}
        codes={CARE_TYPES}
        labels={CARE_TYPE_LABELS}
        onChange={(careType) => form.change({ careType })}
      />
      <CodeSelect
        {...field("municipality")}
        label="Gemeente"
        value={draft.municipality}
        codes={LOCATION_MUNICIPALITIES}
        labels={municipalityLabel}
        onChange={(municipality) => form.change({ municipality })}
      />
      {draft.municipality === OUTSIDE_REGION && (
        <Field {...field("otherMunicipality")} label="Gemeente buiten de regio">
          {text("otherMunicipality")}
        </Field>
      )}
      <Field {...field("postcode")} label="Postcodegebied (4 cijfers)">
        {text("postcode", { inputMode: "numeric", maxLength: 4 })}
      </Field>
      <Field
        {...field("capacity")}
        label="Capaciteit (plekken)"
        hint={creating ? undefined : countsHint(mode.location)}
      >
        {number("capacity", 0, 1000)}
      </Field>
      <Field {...field("crisisPlaces")} label="Waarvan crisisplekken">
        {number("crisisPlaces", 0, 1000)}
      </Field>
      {creating && (
        <Field {...field("occupied")} label="Nu al bezet (bij overname)">
          {number("occupied", 0, 1000)}
        </Field>
      )}
      <Field {...field("ageMin")} label="Leeftijd van">
        {number("ageMin", MIN_AGE, MAX_AGE)}
      </Field>
      <Field {...field("ageMax")} label="Leeftijd tot en met">
        {number("ageMax", MIN_AGE, MAX_AGE)}
      </Field>
      <CodeSelect
        {...field("gender")}
        label="Voor"
        value={draft.gender}
        codes={GENDER_RULES}
        labels={GENDER_RULE_LABELS}
        onChange={(gender) => gender && form.change({ gender })}
      />
      {creating && (
        <Field {...field("openedOn")} label="Open vanaf">
          <input
            {...controlProps(id("openedOn"), errors.openedOn)}
            type="date"
            value={draft.openedOn}
            onChange={(e) => form.change({ openedOn: e.target.value })}
          />
        </Field>
      )}
      <Field {...field("lat")} label="Breedtegraad (optioneel)" hint="Leeg: uit de postcode of gemeente">
        {text("lat", { inputMode: "decimal" })}
      </Field>
      <Field {...field("lon")} label="Lengtegraad (optioneel)">
        {text("lon", { inputMode: "decimal" })}
      </Field>
      <Check
        id={id("treatment")}
        label="Met behandeling"
        checked={draft.treatment}
        onChange={(treatment) => form.change({ treatment })}
      />
      <Check
        id={id("siblingsTogether")}
        label="Broers en zussen kunnen samen geplaatst worden"
        checked={draft.siblingsTogether}
        onChange={(siblingsTogether) => form.change({ siblingsTogether })}
      />
      <CodeChoices
        {...field("flags")}
        legend="Soort plek"
        codes={PLACE_FLAGS}
        labels={PLACE_FLAG_LABELS}
        chosen={draft.flags}
        className="aanbod-form__wide"
        onChange={(flags) => form.change({ flags })}
      />
      <CodeChoices
        {...field("targetGroups")}
        legend="Kenmerken waarvoor de locatie er is"
        codes={CHARACTERISTICS}
        labels={CHARACTERISTIC_LABELS}
        chosen={draft.targetGroups}
        className="aanbod-form__wide"
        onChange={(targetGroups) => form.change({ targetGroups })}
      />
      <CodeChoices
        {...field("contraIndications")}
        legend="Contra-indicaties die de aanbieder aangeeft"
        codes={CHARACTERISTICS}
        labels={CHARACTERISTIC_LABELS}
        chosen={draft.contraIndications}
        className="aanbod-form__wide"
        onChange={(contraIndications) => form.change({ contraIndications })}
      />
    </AanbodForm>
  );
}

/** A capacity under the places taken is refused; the form says beforehand what that floor is. */
function countsHint(l: Location): string {
  return `Nu ${l.occupied} bezet en ${l.reserved} gereserveerd: de capaciteit kan niet lager dan ${l.occupied + l.reserved}.`;
}
