// Beveiliging: the signed-in user's own second factor. A role that must use one has it from its first login; another
// role may turn it on here. Recovery codes are renewed with a current code and shown once.
import { type FormEvent, useState } from "react";
import { LoadProblem } from "../../components/load-problem.js";
import { EnrolmentQr, RecoveryCodeList } from "../../features/auth/components/enrolment-qr.js";
import { useSecondFactor } from "../../features/auth/hooks/use-second-factor.js";
import { errorText } from "../../lib/api.js";

export function AccountSecurityPage() {
  const mfa = useSecondFactor();
  const status = mfa.status.data;
  return (
    <section className="page">
      <title>Beveiliging — Beschikbaarheidswijzer Twente</title>
      <div className="page__intro">
        <h1>Beveiliging</h1>
        <p>
          Met tweestapsverificatie vraagt het inloggen na uw wachtwoord ook een code uit een authenticator-app op uw
          telefoon. Wie uw wachtwoord kent, kan dan nog niet bij de gegevens.
        </p>
      </div>
      <LoadProblem
        status={mfa.status.status}
        error={mfa.status.error}
        onRetry={mfa.status.reload}
        loadFailed="De instellingen konden niet worden geladen."
      />
      {status && (
        <p data-testid="mfa-status">
          {status.enabled
            ? `Tweestapsverificatie staat aan. U heeft nog ${status.recoveryCodesLeft} ongebruikte herstelcodes.`
            : status.required
              ? "Uw rol moet inloggen met tweestapsverificatie; u stelt die in bij de volgende keer inloggen."
              : "Tweestapsverificatie staat uit."}
        </p>
      )}
      {mfa.recoveryCodes && <RecoveryCodeList codes={mfa.recoveryCodes} />}
      {status && !status.enabled && !mfa.enrolment && (
        <button
          type="button"
          className="button--primary"
          data-testid="mfa-start"
          disabled={mfa.start.isPending}
          onClick={() => mfa.start.mutate()}
        >
          Tweestapsverificatie instellen
        </button>
      )}
      {mfa.start.error && <p className="message message--error">{errorText(mfa.start.error)}</p>}
      {mfa.enrolment && (
        <div className="login">
          <EnrolmentQr enrolment={mfa.enrolment} />
          <CodeForm label="Code uit de app" submit="Bevestigen" action={mfa.confirm} testId="mfa-confirm" />
        </div>
      )}
      {status?.enabled && (
        <div className="login">
          <h2>Nieuwe herstelcodes</h2>
          <p>Vul een code uit uw app in. De oude herstelcodes werken daarna niet meer.</p>
          <CodeForm label="Code uit de app" submit="Nieuwe codes maken" action={mfa.renew} testId="mfa-renew" />
        </div>
      )}
    </section>
  );
}

interface CodeFormProps {
  label: string;
  submit: string;
  testId: string;
  action: ReturnType<typeof useSecondFactor>["confirm"];
}

function CodeForm({ label, submit, testId, action }: CodeFormProps) {
  const [code, setCode] = useState("");
  const send = (e: FormEvent) => {
    e.preventDefault();
    action.mutate(code.trim(), { onSettled: () => setCode("") });
  };
  return (
    <form onSubmit={send} noValidate className="enrolment">
      <div className="field">
        <label htmlFor={`${testId}-code`}>{label}</label>
        <input
          id={`${testId}-code`}
          data-testid={`${testId}-code`}
          autoComplete="one-time-code"
          inputMode="numeric"
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
      </div>
      {action.error && (
        <p className="login__error" role="alert">
          {errorText(action.error)}
        </p>
      )}
      <button
        type="submit"
        className="button--primary"
        data-testid={testId}
        disabled={action.isPending || code.trim() === ""}
      >
        {submit}
      </button>
    </form>
  );
}
