// "Kloppen uw vrije plekken nog?": the numbers per location from the e-mail beside the numbers now, one "Klopt nog"
// button, and a "Wijzigen" link to the provider page (sign-in). Says the outcome or why the link no longer works.
import type { ReactNode } from "react";
import type { FreshnessLocation, FreshnessLook } from "../../../../../shared/schemas/freshness.js";
import { errorText } from "../../../lib/api.js";
import { formatDateTime } from "../../../lib/format.js";
import type { OneTap } from "../hooks/use-one-tap.js";
import "./one-tap.css";

const places = (free: number) => `${free} ${free === 1 ? "vrije plek" : "vrije plekken"}`;

const STATE_TEXT: Record<Exclude<FreshnessLook["state"], "geldig">, string> = {
  gebruikt: "Deze link is al gebruikt: de cijfers zijn toen bevestigd.",
  verlopen: "Deze link is verlopen. Log in om uw cijfers te bevestigen of te wijzigen.",
  gewijzigd:
    "De cijfers zijn gewijzigd sinds de e-mail; met deze link kunt u ze niet meer bevestigen. Hieronder staan ze zoals ze nu zijn.",
};

interface Props {
  state: OneTap;
  onConfirm(): void;
  /** The sign-in page for "Wijzigen" (a link of the app). */
  changeLink: ReactNode;
}

export function OneTapConfirm({ state, onConfirm, changeLink }: Props) {
  switch (state.status) {
    case "no-token":
      return (
        <p className="message message--error" data-testid="one-tap-problem">
          Deze link is niet compleet. Open de link uit de e-mail opnieuw, of {changeLink}.
        </p>
      );
    case "loading":
      return <p className="loading">Cijfers ophalen…</p>;
    case "failed":
      return (
        <p className="message message--error" data-testid="one-tap-problem">
          {errorText(state.error)}
        </p>
      );
    case "confirmed":
      return (
        <>
          <p className="message message--success" data-testid="one-tap-done" role="status">
            Bedankt: de cijfers van {state.confirmed.providerName} zijn bevestigd en weer actueel.
          </p>
          <Numbers locations={state.confirmed.locations} />
        </>
      );
    case "ready": {
      const { look, busy, refusal } = state;
      return (
        <>
          <p>
            Dit zijn de cijfers van <strong>{look.providerName}</strong> zoals de e-mail ze toonde.
          </p>
          {refusal && (
            <p className="message message--conflict" data-testid="one-tap-refusal" role="alert">
              {errorText(refusal)}
            </p>
          )}
          {look.state !== "geldig" && !refusal && (
            <p className="message message--conflict" data-testid="one-tap-state">
              {STATE_TEXT[look.state]}
            </p>
          )}
          <Numbers locations={look.locations} showNow={look.state === "gewijzigd"} />
          <div className="one-tap__actions">
            {look.state === "geldig" && (
              <button
                type="button"
                className="button button--primary"
                data-testid="one-tap-confirm"
                disabled={busy}
                onClick={onConfirm}
              >
                {busy ? "Bevestigen…" : "Klopt nog"}
              </button>
            )}
            {changeLink}
          </div>
          {look.state === "geldig" && (
            <p className="one-tap__note">Geldig tot {formatDateTime(look.expiresAt)}; de link werkt één keer.</p>
          )}
        </>
      );
    }
  }
}

function Numbers({ locations, showNow = false }: { locations: readonly FreshnessLocation[]; showNow?: boolean }) {
  return (
    <ul className="one-tap__locations" data-testid="one-tap-locations">
      {locations.map((l) => (
        <li key={l.locationId} data-testid={`one-tap-location-${l.locationId}`}>
          <span className="one-tap__name">{l.name}</span>: {places(showNow ? (l.current?.free ?? 0) : l.linked.free)}
          {showNow && <NowNote location={l} />}
        </li>
      ))}
    </ul>
  );
}

function NowNote({ location }: { location: FreshnessLocation }) {
  if (!location.current) return <span className="one-tap__now"> (hoort niet meer bij deze aanbieder)</span>;
  if (location.closed) return <span className="one-tap__now"> (gesloten)</span>;
  if (location.current.version === location.linked.version) return null;
  return <span className="one-tap__now"> (was {location.linked.free} in de e-mail)</span>;
}
