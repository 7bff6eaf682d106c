// Regional totals per zorgvorm, per gemeente and per both (the matrix). On the full board a tile doubles as a quick filter; on the verwijzer's
// summary there is no list to filter, so the tiles are plain figures.
import {
  CARE_TYPE_LABELS,
  CARE_TYPES,
  type CareType,
  MUNICIPALITY_NAMES,
  type Municipality,
  OUTSIDE_REGION,
} from "../../../../../shared/domain.js";
import type { CapacitySummary, Tally } from "../../../../../shared/schemas/capacity.js";
import { CapacityMatrix } from "./capacity-matrix.js";
import "./capacity-totals.css";

/** The board's filter, as far as the tiles can set it. */
export interface TileSelection {
  careType: CareType | "";
  municipality: Municipality | "";
  onCareType(careType: CareType | ""): void;
  onMunicipality(municipality: Municipality | ""): void;
}

interface Props {
  summary: CapacitySummary;
  /** Without it the tiles only show figures. */
  selection?: TileSelection;
  /** Test hook of the regional total; the two boards are told apart by it. */
  totalTestId?: string;
}

function places(n: number): string {
  return n === 1 ? "1 plek" : `${n} plekken`;
}

function locationCount(n: number): string {
  return n === 1 ? "1 locatie" : `${n} locaties`;
}

export function CapacityTotals({ summary, selection, totalTestId = "total-free" }: Props) {
  // Crisis places are counted apart (domain.md): the region's free ones at a glance, for every role.
  const crisisPlaces = summary.cells.reduce((n, c) => n + c.crisisPlaces, 0);
  const crisisFree = summary.cells.reduce((n, c) => n + c.crisisFree, 0);
  return (
    <section className="totals" aria-labelledby="totals-title">
      <h2 id="totals-title" className="totals__title">
        Regio Twente: <strong data-testid={totalTestId}>{summary.total.free}</strong> vrij van{" "}
        {places(summary.total.capacity)} in {locationCount(summary.total.locations)}
        {crisisPlaces > 0 && (
          <span className="totals__crisis" data-testid={`${totalTestId}-crisis`}>
            {" "}
            · waarvan {crisisFree} crisis vrij van {crisisPlaces}
          </span>
        )}
      </h2>

      <h3 className="totals__subtitle">Per zorgvorm, van meest naar minst thuis</h3>
      <ul className="tiles tiles--care">
        {CARE_TYPES.map((t) => (
          <li key={t}>
            <TallyTile
              label={CARE_TYPE_LABELS[t]}
              tally={summary.byCareType[t]}
              pressed={selection?.careType === t}
              onClick={selection && (() => selection.onCareType(selection.careType === t ? "" : t))}
            />
          </li>
        ))}
      </ul>

      <h3 className="totals__subtitle">Per gemeente</h3>
      <ul className="tiles tiles--municipality">
        {MUNICIPALITY_NAMES.map((m) => (
          <li key={m}>
            <TallyTile
              label={m}
              tally={summary.byMunicipality[m]}
              pressed={selection?.municipality === m}
              compact
              onClick={selection && (() => selection.onMunicipality(selection.municipality === m ? "" : m))}
            />
          </li>
        ))}
        {/* Locations outside Twente (JeugdzorgPlus, specialised places) are counted apart, shown when there are any. */}
        {summary.byMunicipality[OUTSIDE_REGION].locations > 0 && (
          <li key={OUTSIDE_REGION}>
            <TallyTile
              label="Buiten de regio"
              tally={summary.byMunicipality[OUTSIDE_REGION]}
              pressed={false}
              compact
              onClick={undefined}
            />
          </li>
        )}
      </ul>

      <CapacityMatrix summary={summary} selection={selection} />
    </section>
  );
}

interface TileProps {
  label: string;
  tally: Tally;
  pressed: boolean;
  compact?: boolean;
  onClick: (() => void) | undefined;
}

function TallyTile({ label, tally, pressed, compact = false, onClick }: TileProps) {
  const className = `tile${compact ? " tile--compact" : ""}${tally.free === 0 ? " tile--none" : ""}`;
  const content = (
    <>
      <span className="tile__label">{label}</span>
      <span className="tile__free">
        <strong>{tally.free}</strong> vrij
      </span>
      <span className="tile__detail">
        {compact ? `van ${tally.capacity}` : `van ${places(tally.capacity)} · ${locationCount(tally.locations)}`}
      </span>
    </>
  );
  if (!onClick) return <div className={className}>{content}</div>;
  return (
    <button
      type="button"
      className={className}
      aria-pressed={pressed}
      title={pressed ? `Filter op ${label} opheffen` : `Alleen ${label} tonen`}
      onClick={onClick}
    >
      {content}
    </button>
  );
}
