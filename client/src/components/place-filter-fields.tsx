// The zorgvorm and gemeente selects every page that filters places shares (board, monitor).
import {
  CARE_TYPE_LABELS,
  CARE_TYPES,
  type CareType,
  MUNICIPALITY_NAMES,
  type Municipality,
} from "../../../shared/domain.js";

/** "" means all. */
export interface PlaceFilter {
  careType: CareType | "";
  municipality: Municipality | "";
}

interface Props {
  /** Prefix of the fields' ids and test ids: `${idPrefix}-care-type`, `${idPrefix}-municipality`. */
  idPrefix: string;
  value: PlaceFilter;
  onChange(patch: Partial<PlaceFilter>): void;
}

export function PlaceFilterFields({ idPrefix, value, onChange }: Props) {
  return (
    <>
      <div className="field">
        <label htmlFor={`${idPrefix}-care-type`}>Zorgvorm</label>
        <select
          id={`${idPrefix}-care-type`}
          data-testid={`${idPrefix}-care-type`}
          value={value.careType}
          onChange={(e) => onChange({ careType: e.target.value as PlaceFilter["careType"] })}
        >
          <option value="">Alle zorgvormen</option>
          {CARE_TYPES.map((t) => (
            <option key={t} value={t}>
              {CARE_TYPE_LABELS[t]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-municipality`}>Gemeente</label>
        <select
          id={`${idPrefix}-municipality`}
          data-testid={`${idPrefix}-municipality`}
          value={value.municipality}
          onChange={(e) => onChange({ municipality: e.target.value as PlaceFilter["municipality"] })}
        >
          <option value="">Alle gemeenten</option>
          {MUNICIPALITY_NAMES.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}
