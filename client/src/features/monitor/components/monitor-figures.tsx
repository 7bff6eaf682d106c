// The monitor's figures: every chart and table with its CSV export. Loaded on its own (it carries the charting
// library), so pages that show no charts do not download it.
import type { ReactNode } from "react";
import type { Monitor, MonitorMovementFigure } from "../../../../../shared/schemas/monitor.js";
import { LoadProblem } from "../../../components/load-problem.js";
import type { LoadState } from "../../../lib/query-client.js";
import type { ForecastResult } from "../api/monitor.js";
import { ChartPanel, type CsvExport } from "./chart-panel.js";
import { ComplianceTable, complianceCsv } from "./compliance-table.js";
import { CrisisForRegularTable, crisisForRegularCsv } from "./crisis-for-regular-table.js";
import { DeclinesChart, declinesCsv } from "./declines-chart.js";
import { EscalationsChart, escalationsCsv } from "./escalations-chart.js";
import { FlowsChart, flowsCsv } from "./flows-chart.js";
import { ForecastChart, forecastCsv } from "./forecast-chart.js";
import { FreshnessEffectChart, freshnessEffectCsv } from "./freshness-effect-chart.js";
import { HomeLikeTable, homeLikeCsv } from "./home-like-table.js";
import { OccupancyChart, occupancyCsv } from "./occupancy-chart.js";
import { StillWaitingTable, stillWaitingCsv } from "./still-waiting-table.js";
import { SuppressedNote, suppressedNote } from "./suppressed-note.js";
import { WaitingChart, waitingCsv } from "./waiting-chart.js";

type ForecastState = LoadState & { data: ForecastResult | undefined };

export default function MonitorFigures({ data, forecast }: { data: Monitor; forecast: ForecastState }) {
  const placesHidden = suppressedNote(data, "instroom-uitstroom");
  const transfersHidden = suppressedNote(data, "doorstroom");
  return (
    <div className="monitor-grid">
      <ChartPanel
        id="bezetting"
        title="Bezetting en vrije plekken per week"
        note="Aan het eind van elke week (de lopende week: nu), opgebouwd uit het logboek van alle wijzigingen."
        csv={occupancyCsv(data.occupancy)}
        wide
      >
        <OccupancyChart weeks={data.occupancy} />
      </ChartPanel>
      <ChartPanel
        id="prognose"
        title="Prognose vrije plekken, komende 12 weken"
        note="Verwacht aantal vrije plekken met het 80%-interval, uit de geplande uitstroom en de historie."
        csv={forecast.data?.available ? forecastCsv(forecast.data.forecast) : undefined}
        wide
      >
        <ForecastPart forecast={forecast} />
      </ChartPanel>
      <ChartPanel
        id="stromen"
        title="In-, door- en uitstroom per maand"
        note="Instroom en uitstroom: plekken ingenomen en vrijgekomen volgens het logboek; waarvan via het CPWV geplaatst. Doorstroom: plaatsingen via het CPWV van jeugdigen die al in een zorgvorm woonden (zorgvorm van de nieuwe plek, woongemeente van de jeugdige), waarvan naar een thuisnabijere zorgvorm."
        csv={flowsCsv(data.flows)}
      >
        <SuppressedNote id="instroom-uitstroom" note={placesHidden && `In- en uitstroom: ${placesHidden}`} />
        <SuppressedNote id="doorstroom" note={transfersHidden && `Doorstroom: ${transfersHidden}`} />
        {!(placesHidden && transfersHidden) && <FlowsChart months={data.flows} />}
      </ChartPanel>
      <WithheldOrShown
        id="wachttijd"
        title="Wachttijd tot plaatsing"
        note="Van plaatsingsverzoek tot plaatsing, voor verzoeken geplaatst in deze periode (gemeente: woongemeente van de jeugdige)."
        data={data}
        figure={data.waiting}
        csv={waitingCsv}
      >
        {(waiting) => <WaitingChart waiting={waiting} />}
      </WithheldOrShown>
      <WithheldOrShown
        id="nog-wachtend"
        title="Nog wachtend op een plek"
        note="Verzoeken die nu nog niet geplaatst of ingetrokken zijn, naar hoe lang geleden het verzoek is gedaan (los van de gekozen periode; gemeente: woongemeente van de jeugdige)."
        data={data}
        figure={data.stillWaiting}
        csv={stillWaitingCsv}
        wide
      >
        {(stillWaiting) => <StillWaitingTable waiting={stillWaiting} />}
      </WithheldOrShown>
      <WithheldOrShown
        id="weigeringen"
        title="Weigeringen per reden"
        note="Reserveringen die de aanbieder weigerde, naar de opgegeven reden."
        data={data}
        figure={data.declines}
        csv={declinesCsv}
      >
        {(declines) => <DeclinesChart declines={declines} />}
      </WithheldOrShown>
      <WithheldOrShown
        id="thuisnabij"
        title="Plaatsingen in de meest thuisnabije passende vorm"
        note="Thuis, tenzij: plaatsingen via het CPWV in deze periode in de meest thuisnabije zorgvorm die een passende vrije plek had, en de reden als het een minder thuisnabije werd (zorgvorm van de plek, woongemeente van de jeugdige)."
        data={data}
        figure={data.homeLike}
        csv={homeLikeCsv}
      >
        {(homeLike) => <HomeLikeTable homeLike={homeLike} />}
      </WithheldOrShown>
      <WithheldOrShown
        id="crisis-regulier"
        title="Crisisplekken ingezet voor reguliere verzoeken"
        note="Crisisplekken zijn voor crisisopvang; een regulier verzoek neemt er alleen een met een reden. Reserveringen in deze periode per reden, en hoeveel daarvan tot plaatsing leidden (zorgvorm van de plek, woongemeente van de jeugdige)."
        data={data}
        figure={data.crisisForRegular}
        csv={crisisForRegularCsv}
      >
        {(crisisForRegular) => <CrisisForRegularTable figure={crisisForRegular} />}
      </WithheldOrShown>
      <ChartPanel
        id="opschaling"
        title="Opschaling naar het RET per maand"
        note="Verzoeken die na herhaalde weigeringen zijn opgeschaald."
        csv={escalationsCsv(data.escalations)}
      >
        <EscalationsChart months={data.escalations} />
      </ChartPanel>
      <ChartPanel
        id="actualiteit"
        title="Actualiteit per aanbieder"
        note={`Verouderd: nu langer dan ${data.staleAfterHours} uur niet bevestigd. Op tijd bevestigd: het deel van de periode waarin de cijfers niet verouderd waren.`}
        csv={complianceCsv(data.compliance)}
        wide
      >
        <ComplianceTable rows={data.compliance} />
      </ChartPanel>
      <ChartPanel
        id="herinneringen"
        title="Op tijd bevestigd per week"
        note={`Het deel van de tijd waarin de cijfers van de locaties niet verouderd waren (${data.staleAfterHours} uur), per week, en vóór en na de eerste "Klopt nog"-herinnering aan aanbieders.`}
        csv={freshnessEffectCsv(data.freshness)}
        wide
      >
        <FreshnessEffectChart effect={data.freshness} />
      </ChartPanel>
    </div>
  );
}

/**
 * A figure the server may withhold from this reader (small cells): the chart and its CSV when it came, the server's
 * reason in its place when it did not.
 */
function WithheldOrShown<T>({
  id,
  data,
  figure,
  csv,
  children,
  ...panel
}: {
  id: MonitorMovementFigure;
  title: string;
  note: string;
  wide?: boolean;
  data: Monitor;
  figure: T | null | undefined;
  csv: (figure: T) => CsvExport;
  children: (figure: T) => ReactNode;
}) {
  return (
    <ChartPanel id={id} {...panel} csv={figure ? csv(figure) : undefined}>
      {figure ? children(figure) : <SuppressedNote id={id} note={suppressedNote(data, id)} />}
    </ChartPanel>
  );
}

function ForecastPart({ forecast }: { forecast: ForecastState }) {
  if (forecast.status === "loading") return <p className="loading">Prognose laden…</p>;
  if (!forecast.data)
    return (
      <LoadProblem
        status={forecast.status}
        error={forecast.error}
        onRetry={forecast.reload}
        loadFailed="De prognose kon niet worden geladen."
      />
    );
  if (!forecast.data.available)
    return (
      <p className="monitor-unavailable" data-testid="forecast-unavailable">
        De prognose is nog niet beschikbaar.
      </p>
    );
  return <ForecastChart forecast={forecast.data.forecast} />;
}
