// Beschikbaarheid: the live overview of free places per location for everyone who works with locations; the verwijzer
// sees the regional totals only (server/policies/capacity.ts: no per-location detail).
import { LoadProblem } from "../../components/load-problem.js";
import { useCurrentUser } from "../../features/auth/hooks/use-session.js";
import { CapacityTotals } from "../../features/board/components/capacity-totals.js";
import { FilterBar } from "../../features/board/components/filter-bar.js";
import { LocationTable } from "../../features/board/components/location-table.js";
import { SummaryBoard } from "../../features/board/components/summary-board.js";
import { useCapacityBoard } from "../../features/board/hooks/use-capacity-board.js";
import { useLocationFilter } from "../../features/board/hooks/use-location-filter.js";
import { useNow } from "../../hooks/use-now.js";

export function BoardPage() {
  const { role } = useCurrentUser();
  return role === "verwijzer" ? <SummaryPage /> : <LocationsPage />;
}

function SummaryPage() {
  return (
    <section className="page">
      <title>Beschikbaarheid — Beschikbaarheidswijzer Twente</title>
      <div className="page__intro">
        <h1>Beschikbaarheid</h1>
        <p>
          Hoeveel woon- en verblijfsplekken in de regio nu vrij zijn, per zorgvorm en per gemeente. Voor een passende
          plek zoekt het Coordinatiepunt Wonen en Verblijf (CPWV) met u mee.
        </p>
      </div>
      <SummaryBoard />
    </section>
  );
}

function LocationsPage() {
  const board = useCapacityBoard();
  const { filter, update, reset, visible } = useLocationFilter(board.locations);
  const now = useNow();

  return (
    <section className="page">
      <title>Beschikbaarheid — Beschikbaarheidswijzer Twente</title>
      <div className="page__intro">
        <h1>Beschikbaarheid</h1>
        <p>Vrije woon- en verblijfsplekken in de jeugdzorg, zoals de aanbieders ze nu doorgeven.</p>
      </div>
      <LoadProblem status={board.status} error={board.error} onRetry={board.reload} />
      {board.status === "loading" && <p className="loading">Locaties laden…</p>}
      {board.status === "ready" && (
        <>
          <CapacityTotals
            summary={board.summary}
            selection={{
              careType: filter.careType,
              municipality: filter.municipality,
              onCareType: (careType) => update({ careType }),
              onMunicipality: (municipality) => update({ municipality }),
            }}
          />
          <FilterBar
            filter={filter}
            onChange={update}
            onReset={reset}
            shown={visible.length}
            total={board.locations.length}
          />
          {visible.length > 0 ? (
            <LocationTable locations={visible} now={now} staleAfterHours={board.staleAfterHours} />
          ) : (
            <p className="empty">Geen locaties die aan deze filters voldoen.</p>
          )}
        </>
      )}
    </section>
  );
}
