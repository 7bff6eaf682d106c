// Verwachte vrije plekken for the next 12 weeks: the expected number with its 80% band, starting from the free places
// now, and beside it how well the forecast did over the last six months against "niets verandert".
import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Forecast } from "../../../../../shared/schemas/forecast.js";
import { ForecastAccuracyTable } from "../../../components/forecast-accuracy.js";
import { COLORS, dayLabel, longDayLabel } from "../utils/labels.js";
import type { CsvExport } from "./chart-panel.js";

const oneDecimal = (n: number) => Math.round(n * 10) / 10;

export function forecastCsv(forecast: Forecast): CsvExport {
  return {
    name: "prognose-vrije-plekken",
    header: [
      "week",
      "datum",
      "verwacht_vrij",
      "model_verwacht_vrij",
      "laag_10pct",
      "hoog_90pct",
      "band_uit_historie",
      "geplande_uitstroom",
    ],
    rows: forecast.total.weeks.map((w) => [
      w.week,
      w.date,
      oneDecimal(w.expected),
      oneDecimal(w.model),
      oneDecimal(w.low),
      oneDecimal(w.high),
      w.calibrated ? "ja" : "nee",
      w.plannedDepartures,
    ]),
  };
}

export function ForecastChart({ forecast }: { forecast: Forecast }) {
  const { total } = forecast;
  const data = [
    { date: forecast.origin.slice(0, 10), expected: total.freeNow, band: [total.freeNow, total.freeNow] },
    ...total.weeks.map((w) => ({ date: w.date, expected: oneDecimal(w.expected), band: [w.low, w.high] })),
  ];
  return (
    <>
      <p className="monitor-figures">
        Nu <strong>{total.freeNow}</strong> vrij van {total.capacity} plekken in {total.locations} locaties.
      </p>
      {total.suppressed && (
        <p className="monitor-panel__note" data-testid="suppressed-prognose">
          Geplande uitstroom niet getoond: {total.suppressed}.
        </p>
      )}
      <ResponsiveContainer width="100%" height={280}>
        <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#e3e7ec" vertical={false} />
          <XAxis dataKey="date" tickFormatter={dayLabel} minTickGap={20} />
          <YAxis allowDecimals={false} width={44} />
          <Tooltip labelFormatter={(date) => longDayLabel(String(date))} />
          <Legend />
          <Area
            dataKey="band"
            name="80%-interval"
            stroke="none"
            fill={COLORS.band}
            fillOpacity={0.6}
            isAnimationActive={false}
          />
          <Line
            dataKey="expected"
            name="Verwacht vrij"
            stroke={COLORS.free}
            strokeWidth={2}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
      {forecast.evaluation.state === "pending" ? (
        <p className="monitor-panel__note">De toetsing van de prognose aan de eigen historie wordt berekend.</p>
      ) : (
        <ForecastAccuracyTable accuracy={total.accuracy} calibrated={total.weeks.every((w) => w.calibrated)} />
      )}
    </>
  );
}
