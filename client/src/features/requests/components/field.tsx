// A field of the request forms: its label, its control, and the message that says what is wrong with it, tied to the
// control for screen readers.
import type { ReactNode } from "react";

/** What ties a control to its label and to its error message. */
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
  /** Takes the room left in its row. */
  grow?: boolean;
  children: ReactNode;
}

export function Field({ id, label, error, grow = false, children }: FieldProps) {
  return (
    <div className={grow ? "field field--grow" : "field"}>
      <label htmlFor={id}>{label}</label>
      {children}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

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
  value: string;
  codes: readonly C[];
  labels: Record<C, string>;
  error: string | undefined;
  onChange(value: C | ""): void;
}

/** One code from a list, shown by its Dutch label; nothing is chosen until the user chooses. */
export function CodeSelect<C extends string>({ id, label, value, codes, labels, error, onChange }: CodeSelectProps<C>) {
  return (
    <Field id={id} label={label} error={error}>
      {/* The options are the codes and "", so the value is one of them. */}
      <select {...controlProps(id, error)} value={value} onChange={(e) => onChange(e.target.value as C | "")}>
        <option value="">Kies…</option>
        {codes.map((code) => (
          <option key={code} value={code}>
            {labels[code]}
          </option>
        ))}
      </select>
    </Field>
  );
}
