// The verwijzer's board: how many places are free in the region, per zorgvorm and per gemeente, kept live.
// No locations and no providers: finding a fitting place is the CPWV's work (domain.md, "Who uses it").
import { LoadProblem } from "../../../components/load-problem.js";
import { useCapacitySummary } from "../hooks/use-capacity-summary.js";
import { CapacityTotals } from "./capacity-totals.js";

export function SummaryBoard() {
  const live = useCapacitySummary();
  return (
    <>
      <LoadProblem
        status={live.status}
        error={live.error}
        onRetry={live.reload}
        loadFailed="De totalen konden niet worden geladen."
      />
      {live.status === "loading" && <p className="loading">Totalen laden…</p>}
      {live.summary && <CapacityTotals summary={live.summary} totalTestId="summary-total" />}
    </>
  );
}
