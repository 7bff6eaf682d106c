// One location on the board. It flashes when its numbers change, so a regisseur sees what just moved.
import { memo, useEffect, useRef } from "react";
import { CARE_TYPE_LABELS } from "../../../../../shared/domain.js";
import { PLACE_FLAG_BADGES, PLACE_FLAG_LABELS } from "../../../../../shared/labels.js";
import { crisisFreePlaces } from "../../../../../shared/rules/capacity.js";
import { isStale } from "../../../../../shared/rules/freshness.js";
import type { Location } from "../../../../../shared/schemas/capacity.js";
import { LastConfirmed } from "../../../components/last-confirmed.js";

const GENDER_TEXT = { alle: "", jongens: "alleen jongens", meisjes: "alleen meisjes" } as const;

interface Props {
  location: Location;
  now: Date;
  staleAfterHours: number;
}

// Memoised: a push changes one location object and leaves the others as they were, so only its row re-renders.
export const LocationRow = memo(function LocationRow({ location: l, now, staleAfterHours }: Props) {
  const stale = isStale(l.lastConfirmedAt, now, staleAfterHours);
  const rowRef = useFlashOnChange(l.version);
  const classes = ["location-row", stale && "location-row--stale", l.free > 0 && "location-row--free"].filter(Boolean);

  return (
    <tr ref={rowRef} className={classes.join(" ")} data-testid={`location-${l.id}`}>
      <th scope="row" className="location-row__name">
        {l.name}
      </th>
      <td>{l.providerName}</td>
      <td>{CARE_TYPE_LABELS[l.careType]}</td>
      <td>{l.otherMunicipality ? `${l.otherMunicipality} (buiten de regio)` : l.municipality}</td>
      <td className="free" data-testid={`free-${l.id}`}>
        <span className="free__count">{l.free}</span>
        <span className="free__capacity">
          <span aria-hidden="true"> / </span>
          <span className="sr-only"> vrij van </span>
          {l.capacity}
        </span>
        {l.crisisPlaces > 0 && (
          // Free places count as crisis places first (crisisFreePlaces): what a regular request may take only by exception.
          <span className="free__crisis" data-testid={`crisis-free-${l.id}`}>
            waarvan {crisisFreePlaces(l)} crisis
          </span>
        )}
        {l.reserved > 0 && <span className="free__reserved">{l.reserved} gereserveerd</span>}
      </td>
      <td className="age">
        {l.ageMin}–{l.ageMax} jaar
        {l.gender !== "alle" && <span className="age__gender">{GENDER_TEXT[l.gender]}</span>}
      </td>
      <td>
        <span className="badges">
          {l.crisis && <span className="badge badge--crisis">Crisis</span>}
          {l.treatment && <span className="badge badge--treatment">Behandeling</span>}
          {l.flags.map((f) => (
            <span key={f} className="badge badge--flag" title={PLACE_FLAG_LABELS[f]}>
              {PLACE_FLAG_BADGES[f]}
            </span>
          ))}
        </span>
      </td>
      <td>
        <LastConfirmed lastConfirmedAt={l.lastConfirmedAt} now={now} staleAfterHours={staleAfterHours} />
      </td>
    </tr>
  );
});

/** Restarts a short CSS highlight whenever the version moves on, but not on the first render. */
function useFlashOnChange(version: number) {
  const ref = useRef<HTMLTableRowElement>(null);
  const seen = useRef(version);
  useEffect(() => {
    const row = ref.current;
    if (!row || seen.current === version) return;
    seen.current = version;
    row.classList.remove("location-row--changed");
    // Reading layout between remove and add restarts the animation when changes follow each other quickly.
    void row.offsetWidth;
    row.classList.add("location-row--changed");
  }, [version]);
  return ref;
}
