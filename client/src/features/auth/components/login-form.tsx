// Inloggen: e-mailadres and wachtwoord, then, when the account has a second factor or its role must, the code of the
// authenticator app or setting one up. The server's explanation is shown as it is, in Dutch.
import type { ReactNode } from "react";
import { DEMO_EMAIL_DOMAIN, DEMO_TOTP_SECRET } from "../../../../../shared/demo.js";
import type { CurrentUser } from "../../../../../shared/schemas/auth.js";
import { type LoginStep, useLoginForm } from "../hooks/use-login-form.js";
import { EnrolmentQr, RecoveryCodeList } from "./enrolment-qr.js";
import "./login-form.css";

interface Props {
  onSignedIn(user: CurrentUser): void;
  /** Why the user sees this form again, when it is not a first visit. */
  notice?: string | undefined;
  /** The link to the page for a forgotten password. */
  forgotLink: ReactNode;
}

const LEADS: Record<LoginStep["kind"], string> = {
  password: "Log in met het e-mailadres en wachtwoord van uw account.",
  code: "Vul de code van 6 cijfers uit uw authenticator-app in, of een van uw herstelcodes.",
  enrol: "Uw rol logt in met een tweede stap. Stel eerst een authenticator-app in.",
  codes: "Uw authenticator-app is ingesteld.",
};

export function LoginForm({ onSignedIn, notice, forgotLink }: Props) {
  const form = useLoginForm(onSignedIn);
  const { step } = form;
  const demo = form.email.trim().toLowerCase().endsWith(`@${DEMO_EMAIL_DOMAIN}`);
  return (
    <form
      className="login"
      aria-labelledby="login-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (step.kind === "codes") form.finish();
        else void form.submit();
      }}
    >
      <h1 id="login-title">Inloggen</h1>
      <p className="login__lead">{LEADS[step.kind]}</p>
      {notice && step.kind === "password" && (
        <p className="login__notice" role="status">
          {notice}
        </p>
      )}
      {step.kind === "password" && (
        <>
          <div className="field">
            <label htmlFor="login-email">E-mailadres</label>
            <input
              id="login-email"
              data-testid="login-email"
              type="email"
              autoComplete="username"
              inputMode="email"
              spellCheck={false}
              required
              value={form.email}
              onChange={(e) => form.setEmail(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="login-password">Wachtwoord</label>
            <input
              id="login-password"
              data-testid="login-password"
              type="password"
              autoComplete="current-password"
              required
              value={form.password}
              onChange={(e) => form.setPassword(e.target.value)}
            />
          </div>
        </>
      )}
      {step.kind === "enrol" && step.enrolment && <EnrolmentQr enrolment={step.enrolment} />}
      {step.kind === "codes" && <RecoveryCodeList codes={step.recoveryCodes} />}
      {(step.kind === "code" || step.kind === "enrol") && (
        <div className="field">
          <label htmlFor="login-code">Code</label>
          <input
            id="login-code"
            data-testid="login-code"
            autoComplete="one-time-code"
            inputMode={step.kind === "enrol" ? "numeric" : "text"}
            spellCheck={false}
            required
            value={form.code}
            onChange={(e) => form.setCode(e.target.value)}
          />
        </div>
      )}
      {demo && (step.kind === "code" || step.kind === "enrol") && (
        <p className="login__notice" data-testid="demo-totp-hint">
          Demo: de demo-accounts van regisseur en beheerder gebruiken de gepubliceerde sleutel{" "}
          <code>{DEMO_TOTP_SECRET}</code>. Voeg die toe aan uw authenticator-app. Alleen voor de demo.
        </p>
      )}
      {form.error && (
        <p className="login__error" role="alert" data-testid="login-error">
          {form.error}
        </p>
      )}
      <button type="submit" className="button--primary login__submit" data-testid="login-submit" disabled={form.busy}>
        {form.busy ? "Bezig…" : step.kind === "codes" ? "Ik heb ze bewaard, verder" : "Inloggen"}
      </button>
      {step.kind === "password" ? (
        forgotLink
      ) : step.kind !== "codes" ? (
        <button type="button" className="login__back" onClick={form.restart}>
          Opnieuw beginnen
        </button>
      ) : null}
    </form>
  );
}
