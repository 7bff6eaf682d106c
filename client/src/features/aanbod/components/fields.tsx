// The controls of the aanbod forms: a labelled field with its error tied to it for screen readers, a code list as a
// select or as checkboxes (Dutch labels, codes as values), a yes/no checkbox, and what a failed save says.
import type { ReactNode } from "react";
import { type SaveProblem, STALE_TEXT } from "../hooks/form-errors.js";

/** What ties a control to its label and to its error message; the id doubles as the test id. */
export function controlProps(id: string, error: string | undefined) {
  return {
    id,
    "data-testid": id,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": error ? `${id}-error` : undefined,
  };
}

interface FieldProps {
  id: string;
  label: string;
  error: string | undefined;
  hint?: string;
  children: ReactNode;
}

export function Field({ id, label, error, hint, children }: FieldProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && <span className="aanbod-form__hint">{hint}</span>}
      <FieldError id={id} message={error} />
    </div>
  );
}

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p className="field-error" id={`${id}-error`} data-testid={`${id}-error`}>
      {message}
    </p>
  ) : null;
}

interface CodeSelectProps<C extends string> {
  id: string;
  label: string;
  value: C | "";
  codes: readonly C[];
  labels: Record<C, string> | ((code: C) => string);
  error: string | undefined;
  onChange(value: C | ""): void;
}

/** One code from a list by its Dutch label; "Kies…" until the user chooses. */
export function CodeSelect<C extends string>({ id, label, value, codes, labels, error, onChange }: CodeSelectProps<C>) {
  const text = typeof labels === "function" ? labels : (code: C) => labels[code];
  return (
    <Field id={id} label={label} error={error}>
      {/* The options are the codes and "", so the value is one of them. */}
      <select {...controlProps(id, error)} value={value} onChange={(e) => onChange(e.target.value as C | "")}>
        <option value="">Kies…</option>
        {codes.map((code) => (
          <option key={code} value={code}>
            {text(code)}
          </option>
        ))}
      </select>
    </Field>
  );
}

interface CodeChecksProps<C extends string> {
  id: string;
  legend: string;
  codes: readonly C[];
  labels: Record<C, string>;
  value: readonly C[];
  error: string | undefined;
  onChange(value: C[]): void;
}

/** Any number of codes from a list, one checkbox each. */
export function CodeChecks<C extends string>({
  id,
  legend,
  codes,
  labels,
  value,
  error,
  onChange,
}: CodeChecksProps<C>) {
  return (
    <fieldset className="aanbod-choices aanbod-form__wide" data-testid={id}>
      <legend>{legend}</legend>
      <div className="aanbod-choices__grid">
        {codes.map((code) => (
          <div className="field field--check" key={code}>
            <input
              id={`${id}-${code}`}
              data-testid={`${id}-${code}`}
              type="checkbox"
              checked={value.includes(code)}
              onChange={(e) => onChange(e.target.checked ? [...value, code] : value.filter((c) => c !== code))}
            />
            <label htmlFor={`${id}-${code}`}>{labels[code]}</label>
          </div>
        ))}
      </div>
      <FieldError id={id} message={error} />
    </fieldset>
  );
}

export function Check({
  id,
  label,
  checked,
  onChange,
}: {
  id: string;
  label: string;
  checked: boolean;
  onChange(v: boolean): void;
}) {
  return (
    <div className="field field--check">
      <input id={id} data-testid={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}

/** A failed save: the server's refusal, or the stale version with the way out (start from what is there now). */
export function SaveProblemMessage({
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
