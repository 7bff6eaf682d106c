// The live totals as a cross table, gemeente x zorgvorm: "vrije gezinshuisplekken in Enschede" in one glance, crisis
// places apart where locations declare them. Counts of places, not of youths: every role sees them as they are, no
// small-cell rule applies (shared/rules/small-cells.ts is about movements of youths).
import {
  CARE_TYPE_LABELS,
  CARE_TYPES,
  type CareType,
  LOCATION_MUNICIPALITIES,
  type LocationMunicipality,
  type Municipality,
  OUTSIDE_REGION,
} from "../../../../../shared/domain.js";
import type { CapacityCell, CapacitySummary } from "../../../../../shared/schemas/capacity.js";
import type { TileSelection } from "./capacity-totals.js";
import "./capacity-matrix.css";

interface Figures {
  locations: number;
  capacity: number;
  free: number;
  crisisPlaces: number;
  crisisFree: number;
}

const EMPTY: Figures = { locations: 0, capacity: 0, free: 0, crisisPlaces: 0, crisisFree: 0 };

function plus(a: Figures, b: Figures): Figures {
  return {
    locations: a.locations + b.locations,
    capacity: a.capacity + b.capacity,
    free: a.free + b.free,
    crisisPlaces: a.crisisPlaces + b.crisisPlaces,
    crisisFree: a.crisisFree + b.crisisFree,
  };
}

const municipalityLabel = (m: LocationMunicipality) => (m === OUTSIDE_REGION ? "Buiten de regio" : m);

function describe(f: Figures): string {
  if (f.locations === 0) return "geen locaties";
  const crisis = f.crisisPlaces > 0 ? `, waarvan crisis ${f.crisisFree} vrij van ${f.crisisPlaces}` : "";
  return `${f.free} vrij van ${f.capacity} plekken${crisis}`;
}

function Figure({ figures }: { figures: Figures }) {
  if (figures.locations === 0) return <span className="matrix__none">–</span>;
  return (
    <>
      <span className={figures.free > 0 ? "matrix__free" : "matrix__free matrix__free--none"}>{figures.free}</span>
      <span className="matrix__capacity"> / {figures.capacity}</span>
      {figures.crisisPlaces > 0 && (
        <span className="matrix__crisis">
          crisis {figures.crisisFree} / {figures.crisisPlaces}
        </span>
      )}
    </>
  );
}

interface Props {
  summary: CapacitySummary;
  /** On the full board a cell narrows the list to its zorgvorm and gemeente. */
  selection?: TileSelection | undefined;
}

export function CapacityMatrix({ summary, selection }: Props) {
  const byKey = new Map<string, CapacityCell>(summary.cells.map((c) => [`${c.careType}|${c.municipality}`, c]));
  const cell = (t: CareType, m: LocationMunicipality): Figures => byKey.get(`${t}|${m}`) ?? EMPTY;
  // Locations outside Twente get a row only when there are any, as on the tiles.
  const rows = LOCATION_MUNICIPALITIES.filter((m) => m !== OUTSIDE_REGION || summary.byMunicipality[m].locations > 0);
  const rowTotal = (m: LocationMunicipality) => CARE_TYPES.reduce((f, t) => plus(f, cell(t, m)), EMPTY);
  const columnTotal = (t: CareType) => LOCATION_MUNICIPALITIES.reduce((f, m) => plus(f, cell(t, m)), EMPTY);
  const total = summary.cells.reduce(plus, EMPTY);

  const choose = (t: CareType, m: LocationMunicipality) => {
    if (!selection || m === OUTSIDE_REGION) return undefined;
    const chosen = selection.careType === t && selection.municipality === m;
    return () => {
      selection.onCareType(chosen ? "" : t);
      selection.onMunicipality(chosen ? "" : (m as Municipality));
    };
  };

  return (
    <section className="matrix" aria-labelledby="matrix-title">
      <h3 id="matrix-title" className="totals__subtitle">
        Per gemeente en zorgvorm: vrij / plekken
      </h3>
      <div className="matrix__scroll">
        <table className="matrix__table" data-testid="capacity-matrix">
          <caption className="matrix__caption">
            Vrije plekken van het totaal per gemeente en zorgvorm; crisisplekken apart waar locaties ze hebben.
          </caption>
          <thead>
            <tr>
              <th scope="col" className="matrix__corner">
                Gemeente
              </th>
              {CARE_TYPES.map((t) => (
                <th scope="col" key={t}>
                  {CARE_TYPE_LABELS[t]}
                </th>
              ))}
              <th scope="col" className="matrix__total">
                Totaal
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((m) => (
              <tr key={m}>
                <th scope="row">{municipalityLabel(m)}</th>
                {CARE_TYPES.map((t) => (
                  <MatrixCell
                    key={t}
                    testId={`matrix-${t}-${m}`}
                    label={`${CARE_TYPE_LABELS[t]} in ${municipalityLabel(m)}`}
                    figures={cell(t, m)}
                    pressed={selection?.careType === t && selection.municipality === m}
                    onClick={choose(t, m)}
                  />
                ))}
                <MatrixCell
                  testId={`matrix-totaal-${m}`}
                  label={`Totaal ${municipalityLabel(m)}`}
                  figures={rowTotal(m)}
                  total
                />
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Totaal</th>
              {CARE_TYPES.map((t) => (
                <MatrixCell
                  key={t}
                  testId={`matrix-${t}-totaal`}
                  label={`Totaal ${CARE_TYPE_LABELS[t]}`}
                  figures={columnTotal(t)}
                  total
                />
              ))}
              <MatrixCell testId="matrix-totaal" label="Totaal regio" figures={total} total />
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}

interface CellProps {
  testId: string;
  label: string;
  figures: Figures;
  total?: boolean;
  pressed?: boolean;
  onClick?: (() => void) | undefined;
}

function MatrixCell({ testId, label, figures, total = false, pressed = false, onClick }: CellProps) {
  const title = `${label}: ${describe(figures)}`;
  const className = total ? "matrix__total" : undefined;
  if (!onClick || figures.locations === 0) {
    return (
      <td className={className} data-testid={testId} title={title} aria-label={title}>
        <Figure figures={figures} />
      </td>
    );
  }
  return (
    <td className={className} data-testid={testId}>
      <button
        type="button"
        className="matrix__choose"
        aria-pressed={pressed}
        aria-label={`${title}. ${pressed ? "Filter opheffen" : "Alleen deze locaties tonen"}`}
        title={title}
        onClick={onClick}
      >
        <Figure figures={figures} />
      </button>
    </td>
  );
}
