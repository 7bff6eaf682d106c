// The frame the provider and location forms share: title, a grid of fields ending in what a failed save says, and the
// save and cancel buttons with the form's notice beside them.
import type { ReactNode } from "react";
import { type SaveProblem, STALE_TEXT } from "../hooks/form-errors.js";
import "./aanbod.css";

interface Props {
  title: string;
  /** Prefix of the form's ids and test ids: several forms may be open on one page. */
  idPrefix: string;
  submitLabel: string;
  busy: boolean;
  problem: SaveProblem<string> | undefined;
  notice: string | undefined;
  onSubmit(): void;
  onCancel(): void;
  /** After a stale save: start from what is there now. */
  onReload(): void;
  /** The fields, laid out in the form's grid. */
  children: ReactNode;
}

export function AanbodForm(props: Props) {
  const { title, idPrefix, submitLabel, busy, problem, notice, onSubmit, onCancel, onReload, children } = props;
  return (
    <form
      className="aanbod-form"
      aria-label={title}
      data-testid={`${idPrefix}-form`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <h3>{title}</h3>
      <div className="aanbod-form__grid">
        {children}
        <SaveProblemMessage id={`${idPrefix}-form`} problem={problem} onReload={onReload} />
      </div>
      <div className="aanbod-form__actions">
        <button type="submit" className="button--primary" data-testid={`${idPrefix}-save`} disabled={busy}>
          {submitLabel}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          Annuleren
        </button>
        <span role="status">{notice}</span>
      </div>
    </form>
  );
}

/** A failed save: the server's refusal, or the stale version with the way out (start from what is there now). */
function SaveProblemMessage({
  id,
  problem,
  onReload,
}: {
  id: string;
  problem: SaveProblem<string> | undefined;
  onReload(): void;
}) {
  if (!problem) return null;
  if (problem.kind === "stale") {
    return (
      <div className="message message--conflict aanbod-form__wide" role="alert" data-testid={`${id}-error`}>
        <p>{STALE_TEXT}</p>
        <button type="button" data-testid={`${id}-reload`} onClick={onReload}>
          Opnieuw laden
        </button>
      </div>
    );
  }
  if (!problem.general) return null;
  return (
    <p className="message message--error aanbod-form__wide" role="alert" data-testid={`${id}-error`}>
      {problem.general}
    </p>
  );
}
