// One ranked location for a request: why it ranks where it does, what stands in the way, and the button to hold it.
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import {
  CARE_TYPE_LABELS,
  type CareType,
  CRISIS_PLACE_REASONS,
  type CrisisPlaceReason,
  HOME_LIKE_EXCEPTION_REASONS,
  type HomeLikeExceptionReason,
} from "../../../../../shared/domain.js";
import {
  CRISIS_PLACE_REASON_LABELS,
  characteristicList,
  HOME_LIKE_EXCEPTION_REASON_LABELS,
  PLACE_FLAG_BADGES,
  PLACE_FLAG_LABELS,
} from "../../../../../shared/labels.js";
import type { MatchView } from "../../../../../shared/schemas/placements.js";
import type { ApiError } from "../../../lib/api.js";
import { formatDate } from "../../../lib/format.js";
import { apiErrors } from "../../../lib/query-client.js";
import type { ReserveReasons } from "../api/matching.js";

interface Props {
  rank: number;
  match: MatchView;
  /** A more home-like care type with a place that fits freely: reserving this one then asks a reason ("thuis, tenzij"). */
  better: CareType | undefined;
  /** Why reserving is not possible right now (the request already holds a place), or undefined. */
  reserveBlocked: string | undefined;
  onReserve(locationId: number, reasons: ReserveReasons): Promise<void>;
}

const km = (value: number | null) => (value === null ? "—" : `${value.toLocaleString("nl-NL")} km`);

export function MatchRow({ rank, match: m, better, reserveBlocked, onReserve }: Props) {
  const [reason, setReason] = useState<HomeLikeExceptionReason | "">("");
  const [crisisReason, setCrisisReason] = useState<CrisisPlaceReason | "">("");
  const reserve = useMutation({
    mutationFn: apiErrors(
      () => onReserve(m.locationId, { homeLikeReason: reason || undefined, crisisReason: crisisReason || undefined }),
      "Reserveren is mislukt.",
    ),
  });
  const outcome = reserve.error && problemOf(reserve.error);
  const contra = m.contraIndications.length > 0;
  const forbidden = m.notAllowed.length > 0;
  const blocked = reserveBlocked ?? (forbidden ? `Niet toegestaan: ${m.notAllowed.join("; ")}` : undefined);

  return (
    <tr
      className={["match", contra && "match--contra", forbidden && "match--forbidden", m.stale && "match--stale"]
        .filter(Boolean)
        .join(" ")}
      data-testid={`match-${m.locationId}`}
      data-rank={rank}
    >
      <td className="match__rank">{rank}</td>
      <th scope="row">
        <span className="match__name">{m.locationName}</span>
        <span className="match__provider">{m.providerName}</span>
        <span className="badges">
          {m.crisisPlace && (
            <span className="badge badge--crisis" data-testid={`crisis-place-${m.locationId}`}>
              Crisisplek
            </span>
          )}
          {m.flags.map((f) => (
            <span
              key={f}
              className={f === "behandeling" ? "badge badge--treatment" : "badge badge--flag"}
              title={PLACE_FLAG_LABELS[f]}
              data-testid={`flag-${m.locationId}-${f}`}
            >
              {PLACE_FLAG_BADGES[f]}
            </span>
          ))}
          {contra && (
            <span className="badge badge--contra" data-testid={`contra-${m.locationId}`}>
              ⚠ Contra-indicatie: {characteristicList(m.contraIndications)}
            </span>
          )}
          {forbidden && (
            <span className="badge badge--forbidden" data-testid={`not-allowed-${m.locationId}`}>
              ⛔ Niet toegestaan: {m.notAllowed.join("; ")}
            </span>
          )}
          {m.stale && (
            <span className="badge badge--stale" title="De aanbieder heeft de aantallen lang niet bevestigd">
              Verouderd
            </span>
          )}
        </span>
      </th>
      <td>{CARE_TYPE_LABELS[m.careType]}</td>
      <td>{m.municipality}</td>
      <td className="match__free" data-testid={`match-free-${m.locationId}`}>
        {m.availableFrom === null
          ? `${m.free} vrij`
          : `vrij per ${formatDate(m.availableFrom)}${m.certainty ? `, ${m.certainty}` : ""}`}
      </td>
      <td className="match__km">{km(m.distanceHomeKm)}</td>
      <td className="match__km">{km(m.distanceSchoolKm)}</td>
      <td className="match__score">
        <details>
          <summary data-testid={`score-${m.locationId}`}>{m.score.toLocaleString("nl-NL")}</summary>
          <ul className="match__explanation">
            {m.explanation.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </details>
      </td>
      <td>
        {better && blocked === undefined && (
          <label className="match__reason">
            <span>Meer thuis vrij ({CARE_TYPE_LABELS[better]}): reden</span>
            <select
              data-testid={`reserve-reason-${m.locationId}`}
              value={reason}
              onChange={(e) => setReason(e.target.value as HomeLikeExceptionReason | "")}
            >
              <option value="">Kies een reden</option>
              {HOME_LIKE_EXCEPTION_REASONS.map((code) => (
                <option key={code} value={code}>
                  {HOME_LIKE_EXCEPTION_REASON_LABELS[code]}
                </option>
              ))}
            </select>
          </label>
        )}
        {m.crisisException && blocked === undefined && (
          <label className="match__reason">
            <span>Crisisplek voor regulier verzoek: reden</span>
            <select
              data-testid={`crisis-reason-${m.locationId}`}
              value={crisisReason}
              onChange={(e) => setCrisisReason(e.target.value as CrisisPlaceReason | "")}
            >
              <option value="">Kies een reden</option>
              {CRISIS_PLACE_REASONS.map((code) => (
                <option key={code} value={code}>
                  {CRISIS_PLACE_REASON_LABELS[code]}
                </option>
              ))}
            </select>
          </label>
        )}
        <button
          type="button"
          data-testid={`reserve-${m.locationId}`}
          disabled={
            reserve.isPending ||
            blocked !== undefined ||
            (better !== undefined && reason === "") ||
            (m.crisisException && crisisReason === "")
          }
          title={blocked}
          onClick={() => reserve.mutate()}
        >
          {/* A place that comes free is reserved for its day: it claims the provider's planned departure. */}
          {m.availableFrom === null ? "Reserveer" : `Reserveer per ${formatDate(m.availableFrom)}`}
        </button>
        {outcome && (
          <p
            className={`message message--${outcome.kind}`}
            role="alert"
            data-testid={`reserve-problem-${m.locationId}`}
          >
            {outcome.text}
          </p>
        )}
      </td>
    </tr>
  );
}

/** 409: someone else was just quicker; 422: the place does not fit (any more). */
function problemOf(error: ApiError): { kind: "conflict" | "error"; text: string } {
  if (error.status === 409) return { kind: "conflict", text: `Net bezet: ${error.detail}` };
  return { kind: "error", text: error.status === 422 ? `Past niet: ${error.detail}` : error.detail };
}
