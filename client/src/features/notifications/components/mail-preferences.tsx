// "E-mail": per kind of notification the user's role gets, whether it also comes by e-mail, at once or in one
// summary a day. The inbox keeps every notification whatever is chosen here.
import type { Role } from "../../../../../shared/domain.js";
import { MAIL_DELIVERY_LABELS, NOTIFICATION_KIND_LABELS } from "../../../../../shared/labels.js";
import { MAIL_DELIVERIES } from "../../../../../shared/schemas/notifications.js";
import { LoadProblem } from "../../../components/load-problem.js";
import { errorText } from "../../../lib/api.js";
import { useMailPreferences } from "../hooks/use-mail-preferences.js";
import "./notifications.css";

export function MailPreferences({ role }: { role: Role }) {
  const prefs = useMailPreferences(role);

  return (
    <section className="mail-preferences" aria-labelledby="mail-title" data-testid="mail-preferences">
      <h2 id="mail-title">E-mail</h2>
      {prefs.kinds.length === 0 ? (
        <p className="empty">Voor uw rol worden geen meldingen per e-mail verstuurd.</p>
      ) : (
        <>
          <p className="mail-preferences__intro">
            Kies per soort melding of u die ook per e-mail krijgt: direct, of dagelijks in één samenvatting. In
            Meldingen blijven ze altijd staan.
          </p>
          <LoadProblem
            status={prefs.status}
            error={prefs.error}
            onRetry={prefs.reload}
            loadFailed="De e-mailinstellingen konden niet worden geladen."
            refreshFailed="De e-mailinstellingen konden niet worden bijgewerkt."
          />
          {prefs.status === "loading" && <p className="loading">E-mailinstellingen laden…</p>}
          {prefs.status === "ready" && (
            <form
              onSubmit={(event) => {
                event.preventDefault();
                prefs.save.mutate();
              }}
            >
              {prefs.kinds.map((kind) => (
                <fieldset key={kind} className="mail-preference" data-testid={`mail-${kind}`}>
                  <legend>{NOTIFICATION_KIND_LABELS[kind]}</legend>
                  {MAIL_DELIVERIES.map((delivery) => (
                    <label key={delivery} className="mail-preference__choice">
                      <input
                        type="radio"
                        name={`mail-${kind}`}
                        value={delivery}
                        checked={prefs.choiceOf(kind) === delivery}
                        onChange={() => prefs.choose(kind, delivery)}
                        data-testid={`mail-${kind}-${delivery}`}
                      />
                      {MAIL_DELIVERY_LABELS[delivery]}
                    </label>
                  ))}
                </fieldset>
              ))}
              <p className="row-actions">
                <button
                  type="submit"
                  className="button--primary"
                  disabled={prefs.save.isPending || !prefs.changed}
                  data-testid="mail-save"
                >
                  Opslaan
                </button>
                {prefs.savedNotice && (
                  <span className="message message--success" role="status" data-testid="mail-saved">
                    Opgeslagen.
                  </span>
                )}
              </p>
              {prefs.save.error && (
                <p className="message message--error" role="alert">
                  {errorText(prefs.save.error)}
                </p>
              )}
            </form>
          )}
        </>
      )}
    </section>
  );
}
