// Small cells: figures about youths' movements (planned departures and admissions, in-, door- and uitstroom, waiting
// times, declines) over fewer than MIN_CELL_LOCATIONS locations describe one or two locations, which a reader who may
// not see locations must not learn that way (domain.md rule 5). Counts of places are not movements and stay as they are.
//
// The rule works on one fixed partition of the region, made once from the care type x gemeente cells: a cell of at
// least MIN_CELL_LOCATIONS locations stands alone, smaller ones are merged per care type into "overige gemeenten", and
// what is still too small into one "overig" cell. A selection (a filter) shows movement figures only when it is a union
// of whole cells of that partition: then nothing it shows can be subtracted from another answer to get a small cell.
import { CARE_TYPES, type CareType, type LocationMunicipality } from "../domain.js";

export const MIN_CELL_LOCATIONS = 3;

/** A selection that would describe fewer than MIN_CELL_LOCATIONS locations. */
export const SMALL_CELL_NOTE = `Te weinig locaties (minder dan ${MIN_CELL_LOCATIONS}) om te tonen`;
/** A selection that cuts through a merged cell: shown only with the rest of that cell, never on its own. */
export const SPLIT_CELL_NOTE = `Niet te tonen voor deze selectie: een deel van de locaties telt alleen mee in een samengevoegde cel (zorgvorm en gemeente met minder dan ${MIN_CELL_LOCATIONS} locaties)`;
/** A care type's gemeenten that each have too few of its locations, together. */
export const OTHER_MUNICIPALITIES_NOTE = `Overige gemeenten samen: elk met minder dan ${MIN_CELL_LOCATIONS} locaties van deze zorgvorm`;
/** What is still too small after that, over care types. */
export const OTHER_CELLS_NOTE = `Overig samen: zorgvormen en gemeenten met te weinig locaties (minder dan ${MIN_CELL_LOCATIONS}) om apart te tonen`;

/** The locations of one care type in one gemeente. */
export interface Cell {
  careType: CareType;
  municipality: LocationMunicipality;
  locations: number;
}

/** A cell of the partition: one care type x gemeente, or a merged set of them. */
export interface PublishedCell {
  /** null: the members have more than one care type. */
  careType: CareType | null;
  /** null: the members lie in more than one gemeente. */
  municipality: LocationMunicipality | null;
  members: Cell[];
  locations: number;
  /** Set on a merged cell: why it holds several cells. */
  note: string | null;
}

/** A selection as the forecast and the monitor filter: a missing or null part means all. */
export interface CellFilter {
  careType?: CareType | null | undefined;
  municipality?: LocationMunicipality | null | undefined;
}

export type Visibility = { visible: true } | { visible: false; note: string };

const collator = new Intl.Collator("nl-NL");
const sum = (cells: readonly Cell[]) => cells.reduce((n, c) => n + c.locations, 0);
const smallestFirst = (a: Cell, b: Cell) =>
  a.locations - b.locations || collator.compare(a.municipality, b.municipality);

export function cellKey(cell: { careType: CareType; municipality: LocationMunicipality }): string {
  return `${cell.careType}|${cell.municipality}`;
}

/** Counts locations per care type x gemeente. */
export function countCells(locations: readonly { careType: CareType; municipality: LocationMunicipality }[]): Cell[] {
  const cells = new Map<string, Cell>();
  for (const l of locations) {
    const key = cellKey(l);
    const cell = cells.get(key);
    if (cell) cell.locations += 1;
    else cells.set(key, { careType: l.careType, municipality: l.municipality, locations: 1 });
  }
  return [...cells.values()];
}

function publish(members: Cell[], note: string | null): PublishedCell {
  const careTypes = new Set(members.map((m) => m.careType));
  const municipalities = new Set(members.map((m) => m.municipality));
  return {
    careType: careTypes.size === 1 ? (members[0]?.careType ?? null) : null,
    municipality: municipalities.size === 1 ? (members[0]?.municipality ?? null) : null,
    members: [...members].sort(
      (a, b) =>
        CARE_TYPES.indexOf(a.careType) - CARE_TYPES.indexOf(b.careType) ||
        collator.compare(a.municipality, b.municipality),
    ),
    locations: sum(members),
    note,
  };
}

/**
 * The partition, in care-type order: per care type its cells of at least MIN_CELL_LOCATIONS by gemeente, then its
 * "overige gemeenten"; the "overig" cell over care types last. A merged cell too small on its own takes in the
 * smallest cell that stands alone, so every cell has at least MIN_CELL_LOCATIONS locations unless the whole region
 * has fewer.
 */
export function publishCells(cells: readonly Cell[]): PublishedCell[] {
  const published: PublishedCell[] = [];
  const leftovers: Cell[] = [];
  for (const careType of CARE_TYPES) {
    const own = cells.filter((c) => c.careType === careType && c.locations > 0).sort(smallestFirst);
    const alone = own.filter((c) => c.locations >= MIN_CELL_LOCATIONS);
    const rest = own.filter((c) => c.locations < MIN_CELL_LOCATIONS);
    if (rest.length > 0 && sum(rest) < MIN_CELL_LOCATIONS) {
      const smallest = alone.shift();
      if (smallest) rest.push(smallest);
    }
    alone.sort((a, b) => collator.compare(a.municipality, b.municipality));
    published.push(...alone.map((c) => publish([c], null)));
    if (sum(rest) >= MIN_CELL_LOCATIONS) published.push(publish(rest, OTHER_MUNICIPALITIES_NOTE));
    else leftovers.push(...rest);
  }
  if (leftovers.length === 0) return published;
  if (sum(leftovers) < MIN_CELL_LOCATIONS) {
    const smallest = [...published].sort((a, b) => a.locations - b.locations)[0];
    if (smallest) {
      published.splice(published.indexOf(smallest), 1);
      leftovers.push(...smallest.members);
    }
  }
  published.push(publish(leftovers, leftovers.length > 1 ? OTHER_CELLS_NOTE : null));
  return published;
}

export function inFilter(
  cell: { careType: CareType; municipality: LocationMunicipality },
  filter: CellFilter,
): boolean {
  return (
    (!filter.careType || cell.careType === filter.careType) &&
    (!filter.municipality || cell.municipality === filter.municipality)
  );
}

/**
 * Whether movement figures over the locations within `filter` may be shown to a reader who may not see locations:
 * only when the selection is made of whole cells of the partition, each of at least MIN_CELL_LOCATIONS locations.
 * An empty selection describes no location.
 */
export function movementsVisible(published: readonly PublishedCell[], filter: CellFilter): Visibility {
  let within = 0;
  let split = false;
  let small = false;
  for (const cell of published) {
    const inside = cell.members.filter((m) => inFilter(m, filter));
    within += sum(inside);
    if (inside.length === 0) continue;
    if (inside.length < cell.members.length) split = true;
    if (cell.locations < MIN_CELL_LOCATIONS) small = true;
  }
  if (within === 0) return { visible: true };
  if (small || within < MIN_CELL_LOCATIONS) return { visible: false, note: SMALL_CELL_NOTE };
  if (split) return { visible: false, note: SPLIT_CELL_NOTE };
  return { visible: true };
}
