// The filters of the board: zorgvorm, gemeente, only free places, and a search on location or provider name.
import { PlaceFilterFields } from "../../../components/place-filter-fields.js";
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
      <PlaceFilterFields idPrefix="filter" value={filter} onChange={onChange} />
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
