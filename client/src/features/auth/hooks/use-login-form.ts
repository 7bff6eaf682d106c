// The login form's state: the password step, then (when a second factor applies) the code or the setting up of an
// authenticator app with its recovery codes; what is being sent, and the server's Dutch answer when it fails.
import { useState } from "react";
import type { CurrentUser, Enrolment } from "../../../../../shared/schemas/auth.js";
import { ApiError } from "../../../lib/api.js";
import { confirmLoginEnrolment, login, loginEnrolment, loginWithCode } from "../api/auth.js";

export type LoginStep =
  | { kind: "password" }
  | { kind: "code" }
  /** Setting up the app; the QR code once it has loaded. */
  | { kind: "enrol"; enrolment?: Enrolment }
  /** Enrolled and signed in: the recovery codes are shown once before the app opens. */
  | { kind: "codes"; user: CurrentUser; recoveryCodes: string[] };

export function useLoginForm(onSignedIn: (user: CurrentUser) => void) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [step, setStep] = useState<LoginStep>({ kind: "password" });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function attempt(action: () => Promise<void>, fallback: string) {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      // 401 "E-mailadres of wachtwoord is onjuist.", 429 "Te veel mislukte pogingen…": the server words it best.
      setError(err instanceof ApiError ? messageOf(err) : fallback);
    } finally {
      setBusy(false);
    }
  }

  async function submitPassword() {
    if (email.trim() === "" || password === "") {
      setError("Vul uw e-mailadres en wachtwoord in.");
      return;
    }
    await attempt(async () => {
      try {
        const result = await login({ email, password });
        if (!("step" in result)) return onSignedIn(result);
        setCode("");
        if (result.step === "code") return setStep({ kind: "code" });
        setStep({ kind: "enrol" });
        setStep({ kind: "enrol", enrolment: await loginEnrolment() });
      } finally {
        // A wrong password is typed again from scratch, and a right one is not kept once it has done its work.
        setPassword("");
      }
    }, "Inloggen is mislukt. Probeer het opnieuw.");
  }

  async function submitCode() {
    if (code.trim() === "") return setError("Vul de code in.");
    await attempt(async () => {
      const current = step;
      if (current.kind === "code") return onSignedIn(await loginWithCode(code.trim()));
      if (current.kind === "enrol") {
        const { user, recoveryCodes } = await confirmLoginEnrolment(code.trim());
        setStep({ kind: "codes", user, recoveryCodes });
      }
    }, "De code kon niet worden gecontroleerd. Probeer het opnieuw.").finally(() => setCode(""));
  }

  function finish() {
    if (step.kind === "codes") onSignedIn(step.user);
  }

  function restart() {
    setStep({ kind: "password" });
    setError(null);
    setCode("");
  }

  return {
    email,
    setEmail,
    password,
    setPassword,
    code,
    setCode,
    step,
    busy,
    error,
    submit: step.kind === "password" ? submitPassword : submitCode,
    finish,
    restart,
  };
}

function messageOf(err: ApiError): string {
  // A 400 names the field ("body.email: ongeldig e-mailadres"); the field's message alone reads better.
  if (err.status === 400 && err.fieldErrors.some((f) => f.field.endsWith("email"))) {
    return "Dit is geen geldig e-mailadres.";
  }
  if (err.status === 400 && err.fieldErrors.some((f) => f.field.endsWith("code"))) {
    return "Een code bestaat uit 6 cijfers, of is een herstelcode zoals abcde-12345.";
  }
  return err.detail;
}
