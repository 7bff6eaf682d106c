// The monitor's filters: zorgvorm and gemeente. Each change reads the figures again.
import { CARE_TYPE_LABELS, CARE_TYPES, MUNICIPALITY_NAMES } from "../../../../../shared/domain.js";
import type { MonitorFilter } from "../api/monitor.js";

interface Props {
  filter: MonitorFilter;
  onChange(patch: Partial<MonitorFilter>): void;
  busy: boolean;
}

export function MonitorFilters({ filter, onChange, busy }: Props) {
  return (
    <search className="monitor-filters" aria-label="Filters van de monitor">
      <div className="field">
        <label htmlFor="monitor-care-type">Zorgvorm</label>
        <select
          id="monitor-care-type"
          data-testid="monitor-care-type"
          value={filter.careType}
          onChange={(e) => onChange({ careType: e.target.value as MonitorFilter["careType"] })}
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
        <label htmlFor="monitor-municipality">Gemeente</label>
        <select
          id="monitor-municipality"
          data-testid="monitor-municipality"
          value={filter.municipality}
          onChange={(e) => onChange({ municipality: e.target.value as MonitorFilter["municipality"] })}
        >
          <option value="">Alle gemeenten</option>
          {MUNICIPALITY_NAMES.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </div>
      <p className="monitor-filters__status" aria-live="polite">
        {busy ? "Bijwerken…" : ""}
      </p>
    </search>
  );
}
