// Where a figure about youths' movements is withheld because it would describe too few locations (small cells,
// shared/rules/small-cells.ts): the server's reason, in its words, in place of or above the figure.
import type { Monitor, MonitorMovementFigure } from "../../../../../shared/schemas/monitor.js";

/** The reason a figure is withheld from this reader, or undefined when it is shown. */
export function suppressedNote(data: Monitor, figure: MonitorMovementFigure): string | undefined {
  return data.suppressed.find((s) => s.figure === figure)?.note;
}

export function SuppressedNote({ id, note }: { id: string; note: string | undefined }) {
  if (!note) return null;
  return (
    <p className="monitor-unavailable" data-testid={`suppressed-${id}`}>
      {note}.
    </p>
  );
}
