// A table of records: one header row naming the columns, then one row per record. With a label it sits in a region
// that scrolls sideways on a narrow screen.
import type { ReactNode } from "react";

/** A column's heading; a hidden one is read out by screen readers only. */
export type Column = string | { label: string; hidden: true };

interface Props {
  /** Names the scrolling region for screen readers; without one the table does not scroll on its own. */
  label?: string;
  columns: readonly Column[];
  className?: string;
  testId?: string;
  /** The rows: one <tr> per record. */
  children: ReactNode;
}

export function DataTable({ label, columns, className, testId, children }: Props) {
  const table = (
    <table className={className ? `data-table ${className}` : "data-table"} data-testid={testId}>
      <thead>
        <tr>
          {columns.map((column) =>
            typeof column === "string" ? (
              <th key={column} scope="col">
                {column}
              </th>
            ) : (
              <th key={column.label} scope="col">
                <span className="sr-only">{column.label}</span>
              </th>
            ),
          )}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
  if (label === undefined) return table;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard.
    <section className="table-scroll" tabIndex={0} aria-label={label}>
      {table}
    </section>
  );
}
