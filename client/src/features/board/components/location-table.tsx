// The locations of the board as a table: names, places and how fresh the numbers are.
import type { Location } from "../../../../../shared/schemas/capacity.js";
import { LocationRow } from "./location-row.js";
import "./location-table.css";

interface Props {
  locations: Location[];
  now: Date;
  staleAfterHours: number;
}

export function LocationTable({ locations, now, staleAfterHours }: Props) {
  return (
    // The wrapper scrolls sideways on narrow screens; focusable so keyboard users can scroll it too.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard.
    <section className="table-scroll" aria-label="Locaties" tabIndex={0}>
      <table className="locations">
        <caption className="sr-only">Locaties met hun vrije plekken, van meest naar minst thuis-achtig</caption>
        <thead>
          <tr>
            <th scope="col">Locatie</th>
            <th scope="col">Aanbieder</th>
            <th scope="col">Zorgvorm</th>
            <th scope="col">Gemeente</th>
            <th scope="col" className="free">
              Vrij / totaal
            </th>
            <th scope="col">Leeftijd</th>
            <th scope="col">Kenmerken</th>
            <th scope="col">Laatst bevestigd</th>
          </tr>
        </thead>
        <tbody>
          {locations.map((l) => (
            <LocationRow key={l.id} location={l} now={now} staleAfterHours={staleAfterHours} />
          ))}
        </tbody>
      </table>
    </section>
  );
}
