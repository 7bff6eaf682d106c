// The banner above every page that tells a regisseur a fitting place came free for a request it follows.
import { Link } from "react-router";
import { characteristicList } from "../../../../../shared/labels.js";
import { formatTimestamp } from "../../../lib/format.js";
import { usePlaceNotices } from "../hooks/use-place-notices.js";
import "./matching.css";

export function PlaceNotices() {
  const { notices, dismiss } = usePlaceNotices();
  // The live region is always there, so a screen reader announces the first notice too.
  return (
    <section className="place-notices" aria-live="polite" aria-label="Meldingen" data-testid="place-notices">
      {notices.map((n) => (
        <div
          key={`${n.requestId}-${n.locationId}`}
          className="place-notice"
          data-testid={`place-notice-${n.requestId}`}
        >
          <p>
            <strong>Plek vrijgekomen voor {n.caseNumber}:</strong> {n.locationName} heeft nu {n.free}{" "}
            {n.free === 1 ? "vrije plek" : "vrije plekken"} (score {n.score.toLocaleString("nl-NL")}).
            {n.contraIndications.length > 0 && (
              <span className="badge badge--contra">Contra-indicatie: {characteristicList(n.contraIndications)}</span>
            )}{" "}
            <time className="place-notice__time" dateTime={n.at}>
              {formatTimestamp(n.at)}
            </time>
          </p>
          <span className="row-actions">
            <Link
              to={`/verzoeken/${n.requestId}`}
              onClick={() => dismiss(n)}
              data-testid={`place-notice-link-${n.requestId}`}
            >
              Bekijk verzoek
            </Link>
            <button type="button" onClick={() => dismiss(n)} aria-label={`Melding over ${n.caseNumber} sluiten`}>
              Sluiten
            </button>
          </span>
        </div>
      ))}
    </section>
  );
}
