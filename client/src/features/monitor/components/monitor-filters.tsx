// The monitor's filters: zorgvorm and gemeente. Each change reads the figures again.
import { PlaceFilterFields } from "../../../components/place-filter-fields.js";
import type { MonitorFilter } from "../api/monitor.js";

interface Props {
  filter: MonitorFilter;
  onChange(patch: Partial<MonitorFilter>): void;
  busy: boolean;
}

export function MonitorFilters({ filter, onChange, busy }: Props) {
  return (
    <search className="monitor-filters" aria-label="Filters van de monitor">
      <PlaceFilterFields idPrefix="monitor" value={filter} onChange={onChange} />
      <p className="monitor-filters__status" aria-live="polite">
        {busy ? "Bijwerken…" : ""}
      </p>
    </search>
  );
}
