// Records that a verklarende analyse was made (domain.md rule 2): when and by whom, never its content.
import type { z } from "zod";
import { explanatoryAnalysisSchema } from "../../../../../shared/schemas/placements.js";
import { controlProps, Field } from "../../../components/fields.js";
import { amsterdamToday } from "../../../lib/format.js";
import { useStepForm } from "../hooks/use-step-form.js";
import { StepForm } from "./step-form.js";

interface Props {
  onSave(analysis: z.output<typeof explanatoryAnalysisSchema>): Promise<void>;
}

const initial = () => ({ madeOn: amsterdamToday(), madeBy: "" });
const MESSAGES = {
  madeOn: { invalid_format: "Vul de datum van de analyse in." },
  madeBy: { too_small: "Vul in wie de analyse maakte (functie of organisatie)." },
};

export function AnalysisForm({ onSave }: Props) {
  const form = useStepForm({ schema: explanatoryAnalysisSchema, initial, send: onSave, messages: MESSAGES });
  const { draft, errors } = form;
  return (
    <StepForm testId="analysis-form" form={form} saveLabel="Analyse vastleggen" saveTestId="analysis-save">
      <Field id="analysis-on" label="Gemaakt op" error={errors.madeOn}>
        <input
          {...controlProps("analysis-on", errors.madeOn)}
          type="date"
          value={draft.madeOn}
          onChange={(e) => form.change({ madeOn: e.target.value })}
        />
      </Field>
      <Field
        id="analysis-by"
        label="Door (functie of organisatie, geen naam van de jeugdige)"
        error={errors.madeBy}
        grow
      >
        <input
          {...controlProps("analysis-by", errors.madeBy)}
          autoComplete="off"
          value={draft.madeBy}
          onChange={(e) => form.change({ madeBy: e.target.value })}
        />
      </Field>
    </StepForm>
  );
}
