// Records one ambulant alternative that was deployed or seriously considered (domain.md rule 1): which, when, with
// what outcome, and why it does not suffice, all as codes.
import { AMBULANT_OUTCOMES, AMBULANT_REASONS, AMBULANT_TYPES } from "../../../../../shared/domain.js";
import { AMBULANT_OUTCOME_LABELS, AMBULANT_REASON_LABELS, AMBULANT_TYPE_LABELS } from "../../../../../shared/labels.js";
import { type AmbulantAlternative, ambulantAlternativeSchema } from "../../../../../shared/schemas/placements.js";
import { CodeSelect, controlProps, Field } from "../../../components/fields.js";
import { amsterdamToday } from "../../../lib/format.js";
import { useStepForm } from "../hooks/use-step-form.js";
import { StepForm } from "./step-form.js";

interface Props {
  onSave(alternative: AmbulantAlternative): Promise<void>;
  onCancel?: () => void;
}

const initial = () => ({ type: "", periodFrom: amsterdamToday(), periodTo: "", outcome: "", reason: "" });
type Draft = ReturnType<typeof initial>;

const MESSAGES = {
  type: { invalid_value: "Kies welk ambulant alternatief is ingezet of overwogen." },
  periodFrom: { invalid_format: "Vul de begindatum in." },
  periodTo: { invalid_format: "Vul een geldige einddatum in, of laat het veld leeg." },
  outcome: { invalid_value: "Kies de uitkomst." },
  reason: { invalid_value: "Kies waarom het niet volstaat." },
};

// An empty end date means "still running": the schema wants null for that, not "".
const toBody = (draft: Draft) => ({ ...draft, periodTo: draft.periodTo === "" ? null : draft.periodTo });

export function AmbulantForm({ onSave, onCancel }: Props) {
  const form = useStepForm({ schema: ambulantAlternativeSchema, initial, send: onSave, toBody, messages: MESSAGES });
  const { draft, errors } = form;

  return (
    <StepForm
      testId="ambulant-form"
      form={form}
      saveLabel="Alternatief vastleggen"
      saveTestId="ambulant-save"
      onCancel={onCancel}
    >
      <CodeSelect
        id="ambulant-type"
        label="Ambulant alternatief"
        value={draft.type}
        codes={AMBULANT_TYPES}
        labels={AMBULANT_TYPE_LABELS}
        error={errors.type}
        onChange={(type) => form.change({ type })}
      />
      <Field id="ambulant-from" label="Periode van" error={errors.periodFrom}>
        <input
          {...controlProps("ambulant-from", errors.periodFrom)}
          type="date"
          value={draft.periodFrom}
          onChange={(e) => form.change({ periodFrom: e.target.value })}
        />
      </Field>
      <Field id="ambulant-to" label="tot (leeg als het nog loopt)" error={errors.periodTo}>
        <input
          {...controlProps("ambulant-to", errors.periodTo)}
          type="date"
          value={draft.periodTo}
          onChange={(e) => form.change({ periodTo: e.target.value })}
        />
      </Field>
      <CodeSelect
        id="ambulant-outcome"
        label="Uitkomst"
        value={draft.outcome}
        codes={AMBULANT_OUTCOMES}
        labels={AMBULANT_OUTCOME_LABELS}
        error={errors.outcome}
        onChange={(outcome) => form.change({ outcome })}
      />
      <CodeSelect
        id="ambulant-reason"
        label="Waarom het niet volstaat"
        value={draft.reason}
        codes={AMBULANT_REASONS}
        labels={AMBULANT_REASON_LABELS}
        error={errors.reason}
        onChange={(reason) => form.change({ reason })}
      />
    </StepForm>
  );
}
