// The filters of the board: zorgvorm, gemeente, only free places, and a search on location or provider name.
import { CARE_TYPE_LABELS, CARE_TYPES, MUNICIPALITY_NAMES } from "../../../../../shared/domain.js";
import type { LocationFilter } from "../hooks/use-location-filter.js";
import "./filter-bar.css";

interface Props {
  filter: LocationFilter;
  onChange(patch: Partial<LocationFilter>): void;
  onReset(): void;
  shown: number;
  total: number;
}

export function FilterBar({ filter, onChange, onReset, shown, total }: Props) {
  const active = filter.careType !== "" || filter.municipality !== "" || filter.onlyFree || filter.search !== "";
  return (
    <search className="filters">
      <div className="field">
        <label htmlFor="filter-care-type">Zorgvorm</label>
        <select
          id="filter-care-type"
          value={filter.careType}
          onChange={(e) => onChange({ careType: e.target.value as LocationFilter["careType"] })}
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
        <label htmlFor="filter-municipality">Gemeente</label>
        <select
          id="filter-municipality"
          value={filter.municipality}
          onChange={(e) => onChange({ municipality: e.target.value as LocationFilter["municipality"] })}
        >
          <option value="">Alle gemeenten</option>
          {MUNICIPALITY_NAMES.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </div>
      <div className="field field--grow">
        <label htmlFor="filter-search">Zoeken op naam of aanbieder</label>
        <input
          id="filter-search"
          type="search"
          placeholder="Bijvoorbeeld De Linde"
          value={filter.search}
          onChange={(e) => onChange({ search: e.target.value })}
        />
      </div>
      <div className="field field--check">
        <input
          id="filter-only-free"
          type="checkbox"
          checked={filter.onlyFree}
          onChange={(e) => onChange({ onlyFree: e.target.checked })}
        />
        <label htmlFor="filter-only-free">Alleen vrije plekken</label>
      </div>
      <p className="filters__count" aria-live="polite">
        {shown === total ? `${total} locaties` : `${shown} van ${total} locaties`}
        {active && (
          <button type="button" className="link-button" onClick={onReset}>
            Filters wissen
          </button>
        )}
      </p>
    </search>
  );
}
