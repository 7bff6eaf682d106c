// Beschikbaarheidsmonitor: for policy staff, the CPWV and the beheerder. Occupancy, in- and uitstroom, waiting times,
// declines, escalations, the vacancy forecast and how current each provider keeps its numbers; aggregates only.
import { lazy, Suspense } from "react";
import { CARE_TYPE_LABELS } from "../../../../shared/domain.js";
import { LoadProblem } from "../../components/load-problem.js";
import { MonitorFilters } from "../../features/monitor/components/monitor-filters.js";
import { useMonitor } from "../../features/monitor/hooks/use-monitor.js";
import { longDayLabel } from "../../features/monitor/utils/labels.js";
import "../../features/monitor/components/monitor.css";

// The charts carry the charting library: loaded when this page is first opened.
const MonitorFigures = lazy(() => import("../../features/monitor/components/monitor-figures.js"));

export function MonitorPage() {
  const { filter, update, report, forecast } = useMonitor();
  const data = report.data;

  return (
    <section className="page">
      <title>Monitor — Beschikbaarheidswijzer Twente</title>
      <div className="page__intro">
        <h1>Beschikbaarheidsmonitor</h1>
        <p>
          Bezetting, in- en uitstroom, wachttijden, weigeringen, opschaling en de prognose van vrije plekken. Alleen
          aantallen: geen gegevens over jeugdigen.
        </p>
      </div>
      <MonitorFilters filter={filter} onChange={update} busy={report.busy} />
      <LoadProblem
        status={report.status}
        error={report.error}
        onRetry={report.reload}
        loadFailed="De monitor kon niet worden geladen."
        refreshFailed="De monitor kon niet worden bijgewerkt."
      />
      {report.status === "loading" && <p className="loading">Monitor laden…</p>}
      {data && (
        <>
          <p data-testid="monitor-scope">
            {data.careType ? CARE_TYPE_LABELS[data.careType] : "alle zorgvormen"}, {data.municipality ?? "heel Twente"}:{" "}
            {longDayLabel(data.from)} tot en met {longDayLabel(data.to)}.
          </p>
          <Suspense fallback={<p className="loading">Grafieken laden…</p>}>
            <MonitorFigures data={data} forecast={forecast} />
          </Suspense>
        </>
      )}
    </section>
  );
}
