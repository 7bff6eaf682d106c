// The matchadvies as a document: the request's codes, the ambulant alternative and its outcome, the verklarende
// analyse, the options considered with their explanation and flags, and the choice. Codes only (domain.md rule 5).
import { CARE_TYPE_LABELS } from "../../../../../shared/domain.js";
import {
  AMBULANT_OUTCOME_LABELS,
  AMBULANT_REASON_LABELS,
  AMBULANT_TYPE_LABELS,
  CRISIS_PLACE_REASON_LABELS,
  characteristicList,
  currentCareTypeLabel,
  DECLINE_REASON_LABELS,
  GENDER_LABELS,
  HOME_LIKE_EXCEPTION_REASON_LABELS,
  PLACE_FLAG_LABELS,
  REQUEST_STATUS_LABELS,
  RESERVATION_STATUS_LABELS,
  URGENCY_LABELS,
} from "../../../../../shared/labels.js";
import type { Advice } from "../../../../../shared/schemas/advice.js";
import type { Reservation } from "../../../../../shared/schemas/placements.js";
import { formatDate, formatDateTime } from "../../../lib/format.js";

const km = (value: number | null) => (value === null ? "onbekend" : `${value.toLocaleString("nl-NL")} km`);

export function AdviceDocument({ advice }: { advice: Advice }) {
  const r = advice.request;
  return (
    <article className="advice" data-testid="advice">
      <header className="advice__head">
        <h1>Matchadvies plaatsingsverzoek {r.caseNumber}</h1>
        <p>
          Opgesteld {formatDateTime(advice.madeAt)} door {advice.madeBy}, Coördinatiepunt Wonen en Verblijf Twente.
          Status van het verzoek: {REQUEST_STATUS_LABELS[r.status]}. Dit advies bevat alleen codes: geen naam, geen BSN.
        </p>
      </header>

      <section aria-labelledby="advice-codes">
        <h2 id="advice-codes">Het verzoek</h2>
        <dl className="advice__facts" data-testid="advice-codes">
          <dt>Leeftijd, geslacht</dt>
          <dd>
            {r.age} jaar, {GENDER_LABELS[r.gender]}
          </dd>
          <dt>Gemeente, postcodegebied</dt>
          <dd>
            {r.homeMunicipality}, {r.homePostcode}
            {r.schoolPostcode ? ` (school ${r.schoolPostcode})` : " (geen school bekend)"}
          </dd>
          <dt>Urgentie, gewenste start</dt>
          <dd>
            {URGENCY_LABELS[r.urgency]}, {formatDate(r.wantedStart)}
          </dd>
          <dt>Kenmerken</dt>
          <dd>{r.characteristics.length > 0 ? characteristicList(r.characteristics) : "geen"}</dd>
          <dt>Soort plek</dt>
          <dd data-testid="advice-flags">
            {r.flags.length > 0 ? r.flags.map((f) => PLACE_FLAG_LABELS[f]).join(", ") : "geen bijzonderheden"}
          </dd>
          <dt>Broers/zussen mee</dt>
          <dd>{r.siblings}</dd>
          <dt>Passende zorgvormen</dt>
          <dd>{r.acceptableCareTypes.map((c) => CARE_TYPE_LABELS[c]).join(", ")}</dd>
          <dt>Woont nu</dt>
          <dd>{currentCareTypeLabel(r.currentCareType)}</dd>
        </dl>
      </section>

      <section aria-labelledby="advice-ambulant">
        <h2 id="advice-ambulant">Ambulant alternatief</h2>
        {r.ambulantAlternatives.length === 0 ? (
          <p>Nog geen ambulant alternatief vastgelegd.</p>
        ) : (
          <ul data-testid="advice-ambulant">
            {r.ambulantAlternatives.map((a) => (
              <li key={`${a.type}-${a.periodFrom}`}>
                {AMBULANT_TYPE_LABELS[a.type]} ({formatDate(a.periodFrom)}
                {a.periodTo ? ` – ${formatDate(a.periodTo)}` : ""}): {AMBULANT_OUTCOME_LABELS[a.outcome]};{" "}
                {AMBULANT_REASON_LABELS[a.reason]}
              </li>
            ))}
          </ul>
        )}
        <h3>Verklarende analyse</h3>
        <p data-testid="advice-analysis">
          {r.explanatoryAnalysis
            ? `Gemaakt op ${formatDate(r.explanatoryAnalysis.madeOn)} door ${r.explanatoryAnalysis.madeBy}.`
            : r.complex
              ? "Vereist (complexe problematiek), nog niet vastgelegd."
              : "Niet vereist."}
        </p>
      </section>

      <AdviceOptions advice={advice} />

      <section aria-labelledby="advice-choice" data-testid="advice-choice">
        <h2 id="advice-choice">Keuze</h2>
        {advice.choice ? <ChoiceLine reservation={advice.choice} /> : <p>Nog geen plek gekozen.</p>}
        {advice.tried.length > 0 && (
          <>
            <h3>Eerder geprobeerd</h3>
            <ul>
              {advice.tried.map((t) => (
                <li key={t.id}>
                  <ChoiceLine reservation={t} />
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </article>
  );
}

function ChoiceLine({ reservation: c }: { reservation: Reservation }) {
  return (
    <span>
      {c.locationName}: {RESERVATION_STATUS_LABELS[c.status]} ({formatDateTime(c.createdAt)})
      {c.contraIndications.length > 0 && `, met contra-indicatie ${characteristicList(c.contraIndications)}`}
      {c.declineReason && `, reden: ${DECLINE_REASON_LABELS[c.declineReason]}`}
      {c.declineNote && ` (${c.declineNote})`}
      {/* "Thuis, tenzij": a less home-like form while a more home-like one had a place needs its coded reason. */}
      {c.homeLikeReason && (
        <span data-testid={`advice-choice-reason-${c.id}`}>
          . Reden voor een minder thuisnabije vorm
          {c.homeLikeBetter && ` (${CARE_TYPE_LABELS[c.homeLikeBetter]} had een passende plek)`}:{" "}
          {HOME_LIKE_EXCEPTION_REASON_LABELS[c.homeLikeReason]}
        </span>
      )}
      {/* A crisis place is taken by a regular request only by exception, with a coded reason (domain.md). */}
      {c.crisisReason && (
        <span data-testid={`advice-choice-crisis-${c.id}`}>
          . Crisisplek voor een regulier verzoek, reden: {CRISIS_PLACE_REASON_LABELS[c.crisisReason]}
        </span>
      )}
    </span>
  );
}

function AdviceOptions({ advice }: { advice: Advice }) {
  const o = advice.options;
  return (
    <section aria-labelledby="advice-options">
      <h2 id="advice-options">Overwogen opties</h2>
      {o === null ? (
        <p data-testid="advice-no-options">{advice.optionsNote}</p>
      ) : (
        <>
          <p>
            {o.fitting} passende locaties{o.matches.length < o.fitting && `, de beste ${o.matches.length} hieronder`};{" "}
            {o.excluded} vallen af op zorgvorm, leeftijd, geslacht of plek. Gerangschikt van meest thuisnabij en passend
            naar minder passend.
          </p>
          <table className="advice__options" data-testid="advice-options">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Locatie</th>
                <th scope="col">Zorgvorm, gemeente</th>
                <th scope="col">Plek</th>
                <th scope="col">Afstand</th>
                <th scope="col">Uitleg en signalen</th>
              </tr>
            </thead>
            <tbody>
              {o.matches.map((m, i) => (
                <tr key={m.locationId} data-testid={`advice-option-${m.locationId}`}>
                  <td>{i + 1}</td>
                  <td>
                    {m.locationName}
                    <br />
                    <small>{m.providerName}</small>
                  </td>
                  <td>
                    {CARE_TYPE_LABELS[m.careType]}, {m.municipality}
                    {m.flags.length > 0 && (
                      <>
                        <br />
                        <small data-testid={`advice-option-flags-${m.locationId}`}>
                          {m.flags.map((f) => PLACE_FLAG_LABELS[f]).join(", ")}
                        </small>
                      </>
                    )}
                  </td>
                  <td>{m.availableFrom ? `vrij per ${formatDate(m.availableFrom)}` : `${m.free} vrij`}</td>
                  <td>
                    thuis {km(m.distanceHomeKm)}
                    <br />
                    school {km(m.distanceSchoolKm)}
                  </td>
                  <td>
                    {m.contraIndications.length > 0 && (
                      <strong className="advice__flag">
                        Contra-indicatie: {characteristicList(m.contraIndications)}.{" "}
                      </strong>
                    )}
                    {m.crisisPlace && (
                      <strong className="advice__flag" data-testid={`advice-crisis-${m.locationId}`}>
                        {m.crisisException
                          ? "Crisisplek: voor dit reguliere verzoek alleen met reden. "
                          : "Crisisplek. "}
                      </strong>
                    )}
                    {m.stale && <strong className="advice__flag">Aantallen verouderd. </strong>}
                    {m.explanation.join("; ")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
