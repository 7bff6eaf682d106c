// The aggregated forecast for a reader who may not see locations: groups follow the small-cells partition
// (shared/rules/small-cells.ts) instead of every care type x gemeente, and planned departures are withheld wherever
// they would describe fewer than MIN_CELL_LOCATIONS locations or could be subtracted to get such a cell.
import type { CareType, LocationMunicipality } from "../../../shared/domain.js";
import type { LocationDistribution } from "../../../shared/rules/forecast.js";
import {
  cellKey,
  countCells,
  inFilter,
  movementsVisible,
  type PublishedCell,
  publishCells,
  SPLIT_CELL_NOTE,
} from "../../../shared/rules/small-cells.js";
import type { GroupForecast } from "../../../shared/schemas/forecast.js";

export interface ForecastFilter {
  careType: CareType | null;
  municipality: LocationMunicipality | null;
}

/** Aggregates `members` as one group; `key` names the set for the caller's cache. */
export type Aggregate = (
  key: string,
  members: readonly LocationDistribution[],
  careType: CareType | null,
  municipality: LocationMunicipality | null,
) => GroupForecast;

/** The key of a set of cells, for caching: their cell keys in order, joined. */
export const membersKey = (cells: readonly { careType: CareType; municipality: LocationMunicipality }[]) =>
  cells.map(cellKey).join(";");

/** The group without its planned departures, saying why. */
export function withheld(group: GroupForecast, note: string): GroupForecast {
  return { ...group, suppressed: note, weeks: group.weeks.map((w) => ({ ...w, plannedDepartures: null })) };
}

function describeMerged(group: GroupForecast, cells: readonly PublishedCell["members"][number][], note: string) {
  return {
    ...group,
    merged: {
      careTypes: [...new Set(cells.map((c) => c.careType))],
      municipalities: [...new Set(cells.map((c) => c.municipality))].sort((a, b) => a.localeCompare(b, "nl")),
      note,
    },
  };
}

/**
 * The total and the groups within `filter`, over `all` the region's locations. Every location within the filter is in
 * exactly one group, so free places and capacity still add up to the total; where the filter cuts through a merged
 * cell, its part of it forms one group whose departures are withheld, and so are the total's.
 */
export function coarseForecast(
  all: readonly LocationDistribution[],
  filter: ForecastFilter,
  total: GroupForecast,
  aggregate: Aggregate,
): { total: GroupForecast; groups: GroupForecast[] } {
  const published = publishCells(countCells(all));
  const byCell = new Map<string, LocationDistribution[]>();
  for (const d of all) byCell.set(cellKey(d), [...(byCell.get(cellKey(d)) ?? []), d]);
  const membersOf = (cells: readonly { careType: CareType; municipality: LocationMunicipality }[]) =>
    cells.flatMap((c) => byCell.get(cellKey(c)) ?? []);

  const groups: GroupForecast[] = [];
  const cut: PublishedCell["members"] = [];
  for (const cell of published) {
    const inside = cell.members.filter((m) => inFilter(m, filter));
    if (inside.length === 0) continue;
    if (inside.length < cell.members.length) {
      cut.push(...inside);
      continue;
    }
    const group = aggregate(membersKey(cell.members), membersOf(cell.members), cell.careType, cell.municipality);
    const shaped = cell.note ? describeMerged(group, cell.members, cell.note) : group;
    const visible = movementsVisible([cell], {});
    groups.push(visible.visible ? shaped : withheld(shaped, visible.note));
  }
  if (cut.length > 0) {
    const group = aggregate(membersKey(cut), membersOf(cut), filter.careType, filter.municipality);
    groups.push(withheld(describeMerged(group, cut, SPLIT_CELL_NOTE), SPLIT_CELL_NOTE));
  }
  const visible = movementsVisible(published, filter);
  return { total: visible.visible ? total : withheld(total, visible.note), groups };
}
