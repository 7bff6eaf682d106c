// The login form's state: what is typed, whether it is being sent, and the server's Dutch answer when it fails.
import { useState } from "react";
import type { CurrentUser } from "../../../../../shared/schemas/auth.js";
import { ApiError } from "../../../lib/api.js";
import { login } from "../api/auth.js";

export function useLoginForm(onSignedIn: (user: CurrentUser) => void) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit() {
    if (email.trim() === "" || password === "") {
      setError("Vul uw e-mailadres en wachtwoord in.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await login({ email, password }));
    } catch (err) {
      // 401 "E-mailadres of wachtwoord is onjuist.", 429 "Te veel mislukte pogingen…": the server words it best.
      setError(err instanceof ApiError ? messageOf(err) : "Inloggen is mislukt. Probeer het opnieuw.");
      // A wrong password is typed again from scratch; the e-mail address usually was right.
      setPassword("");
      setBusy(false);
    }
  }

  return { email, setEmail, password, setPassword, busy, error, submit };
}

function messageOf(err: ApiError): string {
  // A 400 names the field ("body.email: ongeldig e-mailadres"); the field's message alone reads better.
  if (err.status === 400 && err.fieldErrors.some((f) => f.field.endsWith("email"))) {
    return "Dit is geen geldig e-mailadres.";
  }
  return err.detail;
}
