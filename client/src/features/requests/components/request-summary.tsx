// What the request says about the youth and the search, as codes with their Dutch labels, and how it got where it is.
import type { ReactNode } from "react";
import { CARE_TYPE_LABELS } from "../../../../../shared/domain.js";
import {
  characteristicList,
  currentCareTypeLabel,
  GENDER_LABELS,
  PLACE_FLAG_LABELS,
  REQUEST_STATUS_LABELS,
  URGENCY_LABELS,
} from "../../../../../shared/labels.js";
import type { PlacementRequest } from "../../../../../shared/schemas/placements.js";
import { formatDate, formatDateTime } from "../../../lib/format.js";
import { RequestBadges } from "./request-badges.js";
import { waitingText } from "./request-list.js";

export function RequestSummary({ request: r, now }: { request: PlacementRequest; now: Date }) {
  return (
    <section className="request-summary" aria-label="Gegevens van het verzoek">
      <p className="request-summary__status">
        <span className={`status status--${r.status}`} data-testid="request-status">
          {REQUEST_STATUS_LABELS[r.status]}
        </span>
        <span>Wachttijd: {waitingText(r, now)}</span>
        <RequestBadges request={r} />
      </p>
      <dl className="facts">
        <Fact term="Urgentie">{URGENCY_LABELS[r.urgency]}</Fact>
        <Fact term="Leeftijd">{r.age} jaar</Fact>
        <Fact term="Geslacht">{GENDER_LABELS[r.gender]}</Fact>
        <Fact term="Gemeente">{r.homeMunicipality}</Fact>
        <Fact term="Postcode thuis">{r.homePostcode}</Fact>
        <Fact term="Postcode school">{r.schoolPostcode ?? "onbekend"}</Fact>
        <Fact term="Gewenste start">{formatDate(r.wantedStart)}</Fact>
        <Fact term="Broers/zussen mee">{r.siblings}</Fact>
        <Fact term="Kenmerken">{r.characteristics.length > 0 ? characteristicList(r.characteristics) : "geen"}</Fact>
        <Fact term="Woont nu">{currentCareTypeLabel(r.currentCareType)}</Fact>
        <Fact term="Soort plek">
          <span data-testid="request-flags">
            {r.flags.length > 0 ? r.flags.map((f) => PLACE_FLAG_LABELS[f]).join(", ") : "geen bijzonderheden"}
          </span>
        </Fact>
        <Fact term="Zorgvormen">{r.acceptableCareTypes.map((c) => CARE_TYPE_LABELS[c]).join(", ")}</Fact>
        <Fact term="Complexe problematiek">{r.complex ? "ja" : "nee"}</Fact>
        {r.declines > 0 && <Fact term="Weigeringen">{r.declines}</Fact>}
      </dl>
    </section>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="facts__item">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** Every status change, oldest first, with who made it: the request's own history. */
export function RequestTransitions({ request: r }: { request: PlacementRequest }) {
  return (
    <section className="transitions" aria-labelledby="transitions-title">
      <h2 id="transitions-title">Verloop</h2>
      <ol data-testid="request-transitions">
        {r.transitions.map((t) => (
          <li key={`${t.at}-${t.to}`}>
            <time dateTime={t.at}>{formatDateTime(t.at)}</time>{" "}
            {t.from ? `${statusLabel(t.from)} → ${statusLabel(t.to)}` : `Aangemaakt als ${statusLabel(t.to)}`}
            <span className="transitions__actor"> door {actorText(t.actor, t.actorName)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The transitions carry the status as a plain string; an unknown one is shown as it is rather than hidden. */
function statusLabel(status: string): string {
  return (REQUEST_STATUS_LABELS as Record<string, string>)[status] ?? status;
}

/** The account's or planning system's name (a professional's, so the verwijzer knows whom to call); else the label. */
function actorText(actor: string, name: string | null): string {
  if (name) return name;
  const [kind, id] = actor.split(":");
  if (kind === "user") return `account ${id}`;
  if (kind === "token") return `API-token ${id}`;
  return actor;
}
