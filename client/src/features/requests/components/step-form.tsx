// The frame of the small forms of the ambulant-first stepper: the fields, the server's message when it names no
// field, and the button that records the step.
import type { ReactNode } from "react";

interface Props {
  testId: string;
  /** The form's state, from useStepForm. */
  form: { submit(): Promise<boolean>; formError: string | null; busy: boolean };
  saveLabel: string;
  saveTestId: string;
  onCancel?: (() => void) | undefined;
  children: ReactNode;
}

export function StepForm({ testId, form, saveLabel, saveTestId, onCancel, children }: Props) {
  return (
    <form
      className="step-form"
      data-testid={testId}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void form.submit();
      }}
    >
      <div className="step-form__grid">{children}</div>
      {form.formError && (
        <p className="message message--error" role="alert">
          {form.formError}
        </p>
      )}
      <div className="row-actions">
        <button type="submit" className="button--primary" data-testid={saveTestId} disabled={form.busy}>
          {saveLabel}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel} disabled={form.busy}>
            Annuleren
          </button>
        )}
      </div>
    </form>
  );
}
