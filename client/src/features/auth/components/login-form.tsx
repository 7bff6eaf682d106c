// Inloggen: e-mailadres and wachtwoord. The server's explanation is shown as it is, in Dutch.
import type { CurrentUser } from "../../../../../shared/schemas/auth.js";
import { useLoginForm } from "../hooks/use-login-form.js";
import "./login-form.css";

interface Props {
  onSignedIn(user: CurrentUser): void;
  /** Why the user sees this form again, when it is not a first visit. */
  notice?: string | undefined;
}

export function LoginForm({ onSignedIn, notice }: Props) {
  const form = useLoginForm(onSignedIn);
  return (
    <form
      className="login"
      aria-labelledby="login-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void form.submit();
      }}
    >
      <h1 id="login-title">Inloggen</h1>
      <p className="login__lead">Log in met het e-mailadres en wachtwoord van uw account.</p>
      {notice && (
        <p className="login__notice" role="status">
          {notice}
        </p>
      )}
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
      {form.error && (
        <p className="login__error" role="alert" data-testid="login-error">
          {form.error}
        </p>
      )}
      <button type="submit" className="button--primary login__submit" data-testid="login-submit" disabled={form.busy}>
        {form.busy ? "Bezig met inloggen…" : "Inloggen"}
      </button>
    </form>
  );
}
