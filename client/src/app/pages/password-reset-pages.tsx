// Wachtwoord vergeten (ask for a link by e-mail) and Nieuw wachtwoord (the link's page: its secret is in the fragment,
// which never reaches a server log). Both are open without signing in.
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { Link, useLocation, useNavigate } from "react-router";
import { completePasswordReset, requestPasswordReset } from "../../features/auth/api/auth.js";
import { errorText } from "../../lib/api.js";
import { apiErrors } from "../../lib/query-client.js";

export function ForgotPasswordPage() {
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState(false);
  const send = useMutation({
    mutationFn: apiErrors(async () => {
      await requestPasswordReset(email.trim());
      setSent(true);
    }, "De aanvraag kon niet worden verstuurd. Probeer het opnieuw."),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    send.mutate();
  };
  return (
    <section className="page">
      <title>Wachtwoord vergeten — Beschikbaarheidswijzer Twente</title>
      <form className="login" aria-labelledby="forgot-title" noValidate onSubmit={submit}>
        <h1 id="forgot-title">Wachtwoord vergeten</h1>
        {sent ? (
          <p className="login__notice" role="status" data-testid="reset-requested">
            Als er een account bij dit e-mailadres hoort, ontvangt u binnen enkele minuten een e-mail met een link. De
            link werkt één keer en 30 minuten lang.
          </p>
        ) : (
          <>
            <p className="login__lead">
              Vul het e-mailadres van uw account in. U krijgt een link om een nieuw wachtwoord in te stellen.
            </p>
            <div className="field">
              <label htmlFor="forgot-email">E-mailadres</label>
              <input
                id="forgot-email"
                data-testid="reset-email"
                type="email"
                autoComplete="username"
                required
                value={email}
                onChange={(e) => setEmail(e.target.value)}
              />
            </div>
            {send.error && (
              <p className="login__error" role="alert">
                {errorText(send.error)}
              </p>
            )}
            <button
              type="submit"
              className="button--primary login__submit"
              data-testid="reset-request"
              disabled={send.isPending}
            >
              Link versturen
            </button>
          </>
        )}
        <Link to="/">Terug naar inloggen</Link>
      </form>
    </section>
  );
}

export function ResetPasswordPage() {
  // Read once: the fragment is dropped from the address bar below, so it does not stay in the history.
  const { hash, pathname } = useLocation();
  const navigate = useNavigate();
  const [token] = useState(() => hash.slice(1));
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [done, setDone] = useState(false);
  const [mismatch, setMismatch] = useState(false);
  const save = useMutation({
    mutationFn: apiErrors(async () => {
      await completePasswordReset(token, password);
      setDone(true);
    }, "Het wachtwoord kon niet worden opgeslagen. Probeer het opnieuw."),
  });
  useEffect(() => {
    if (hash) navigate(pathname, { replace: true });
  }, [hash, pathname, navigate]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setMismatch(password !== repeat);
    if (password === repeat) save.mutate();
  };
  return (
    <section className="page">
      <title>Nieuw wachtwoord — Beschikbaarheidswijzer Twente</title>
      <form className="login" aria-labelledby="reset-title" noValidate onSubmit={submit}>
        <h1 id="reset-title">Nieuw wachtwoord</h1>
        {done ? (
          <p className="login__notice" role="status" data-testid="reset-done">
            Uw wachtwoord is gewijzigd en al uw sessies zijn beëindigd. Log in met uw nieuwe wachtwoord.
          </p>
        ) : !token ? (
          <p className="login__error" role="alert">
            Deze pagina opent u met de link uit de e-mail.{" "}
            <Link to="/wachtwoord-vergeten">Vraag een nieuwe link aan.</Link>
          </p>
        ) : (
          <>
            <p className="login__lead">
              Kies een wachtwoord van minstens 12 tekens dat niet veel gebruikt wordt en niet uw e-mailadres bevat.
            </p>
            <div className="field">
              <label htmlFor="reset-password">Nieuw wachtwoord</label>
              <input
                id="reset-password"
                data-testid="reset-password"
                type="password"
                autoComplete="new-password"
                minLength={12}
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor="reset-repeat">Herhaal het wachtwoord</label>
              <input
                id="reset-repeat"
                data-testid="reset-repeat"
                type="password"
                autoComplete="new-password"
                required
                value={repeat}
                onChange={(e) => setRepeat(e.target.value)}
              />
            </div>
            {(mismatch || save.error) && (
              <p className="login__error" role="alert" data-testid="reset-error">
                {mismatch ? "De twee wachtwoorden zijn niet gelijk." : save.error && errorText(save.error)}
              </p>
            )}
            <button
              type="submit"
              className="button--primary login__submit"
              data-testid="reset-save"
              disabled={save.isPending}
            >
              Wachtwoord opslaan
            </button>
          </>
        )}
        <Link to="/">Naar inloggen</Link>
      </form>
    </section>
  );
}
