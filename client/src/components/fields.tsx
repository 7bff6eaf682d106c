// The controls of the app's forms: a labelled field with its error tied to it for screen readers, a code list as a
// select or as checkboxes (Dutch labels, codes as values), and a yes/no checkbox.
import type { ReactNode } from "react";
import "./fields.css";

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
  /** The control's id. */
  id: string;
  label: string;
  error: string | undefined;
  /** A line under the control that says what to fill in. */
  hint?: string;
  /** Takes the room left in its row. */
  grow?: boolean;
  children: ReactNode;
}

export function Field({ id, label, error, hint, grow = false, children }: FieldProps) {
  return (
    <div className={grow ? "field field--grow" : "field"}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && <span className="field__hint">{hint}</span>}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

/** The message under a control; id is the message's own id, the one the control's aria-describedby names. */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p className="field-error" id={id} data-testid={id}>
      {message}
    </p>
  ) : null;
}

interface CodeSelectProps<C extends string> {
  id: string;
  label: string;
  /** A code of the list, or "" for none chosen yet; a form may hold it as a plain string. */
  value: string;
  codes: readonly C[];
  labels: Record<C, string> | ((code: C) => string);
  error: string | undefined;
  onChange(value: C | ""): void;
}

/** One code from a list, shown by its Dutch label; "Kies…" until the user chooses. */
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

interface ChoicesProps<C extends string> {
  id: string;
  legend: string;
  codes: readonly C[];
  labels: Record<C, string>;
  chosen: readonly C[];
  error: string | undefined;
  onChange(chosen: C[]): void;
  /** Another class for the fieldset, for where it sits in its form. */
  className?: string;
}

/** Codes from a list as checkboxes, kept in the list's own order whatever order they were ticked in. */
export function CodeChoices<C extends string>({
  id,
  legend,
  codes,
  labels,
  chosen,
  error,
  onChange,
  className,
}: ChoicesProps<C>) {
  const toggle = (code: C, on: boolean) => onChange(codes.filter((c) => (c === code ? on : chosen.includes(c))));
  return (
    <fieldset
      className={className ? `choices ${className}` : "choices"}
      data-testid={id}
      aria-describedby={error ? `${id}-error` : undefined}
    >
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

/** Yes or no, as one checkbox with its label; the id doubles as the test id. */
export function Check({
  id,
  label,
  checked,
  onChange,
}: {
  id: string;
  label: string;
  checked: boolean;
  onChange(checked: boolean): void;
}) {
  return (
    <div className="field field--check">
      <input id={id} data-testid={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}
