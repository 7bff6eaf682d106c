// One figure of the monitor: a heading, what the figure means, the chart or table, and its CSV export.
import type { ReactNode } from "react";
import { type CsvValue, downloadCsv, toCsv } from "../utils/csv.js";

export interface CsvExport {
  /** File name without extension, e.g. "bezetting". */
  name: string;
  header: readonly string[];
  rows: readonly (readonly CsvValue[])[];
}

interface Props {
  id: string;
  title: string;
  /** What the figure counts and how (README, "the monitor"). */
  note: ReactNode;
  csv?: CsvExport;
  /** Wide figures take the whole row. */
  wide?: boolean;
  children: ReactNode;
}

export function ChartPanel({ id, title, note, csv, wide = false, children }: Props) {
  const headingId = `${id}-titel`;
  return (
    <section
      className={wide ? "monitor-panel monitor-panel--wide" : "monitor-panel"}
      aria-labelledby={headingId}
      data-testid={`panel-${id}`}
    >
      <header className="monitor-panel__header">
        <h2 id={headingId}>{title}</h2>
        {csv && (
          <button
            type="button"
            className="monitor-panel__csv"
            data-testid={`csv-${id}`}
            disabled={csv.rows.length === 0}
            onClick={() => downloadCsv(`${csv.name}.csv`, toCsv(csv.header, csv.rows))}
          >
            CSV<span className="sr-only"> van {title.toLowerCase()}</span>
          </button>
        )}
      </header>
      <p className="monitor-panel__note">{note}</p>
      {children}
    </section>
  );
}
