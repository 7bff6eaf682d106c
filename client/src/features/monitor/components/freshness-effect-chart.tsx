// Op tijd bevestigd per week: the share of location time with current numbers, with the week of the first one-tap
// prompt marked, and the share before and after it in words.
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { FreshnessEffect } from "../../../../../shared/schemas/monitor.js";
import { formatDateTime } from "../../../lib/format.js";
import { COLORS, longDayLabel, weekLabel } from "../utils/labels.js";
import type { CsvExport } from "./chart-panel.js";

const percent = (share: number | null) => (share === null ? "—" : `${Math.round(share * 100)}%`);

export function freshnessEffectCsv(effect: FreshnessEffect): CsvExport {
  return {
    name: "op-tijd-bevestigd-per-week",
    header: ["week_vanaf", "op_tijd_bevestigd_pct"],
    rows: effect.weeks.map((w) => [w.week, w.inTimeShare === null ? null : Math.round(w.inTimeShare * 1000) / 10]),
  };
}

/** The Monday of the week the first prompt fell in, when that week is in the chart. */
function promptWeek(effect: FreshnessEffect): string | undefined {
  if (!effect.firstPromptAt) return undefined;
  const at = effect.firstPromptAt.slice(0, 10);
  return effect.weeks.findLast((w) => w.week <= at)?.week;
}

export function FreshnessEffectChart({ effect }: { effect: FreshnessEffect }) {
  const data = effect.weeks.map((w) => ({ week: w.week, pct: w.inTimeShare === null ? null : w.inTimeShare * 100 }));
  const marked = promptWeek(effect);
  return (
    <>
      <p className="monitor-effect" data-testid="freshness-effect">
        {effect.firstPromptAt ? (
          <>
            Vóór de eerste herinnering ({formatDateTime(effect.firstPromptAt)}):{" "}
            <strong data-testid="freshness-before">{percent(effect.before)}</strong> op tijd bevestigd; daarna:{" "}
            <strong data-testid="freshness-after">{percent(effect.after)}</strong>.
          </>
        ) : (
          <>
            Nog geen herinnering verstuurd. Op tijd bevestigd in deze periode:{" "}
            <strong data-testid="freshness-before">{percent(effect.before)}</strong>.
          </>
        )}
      </p>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#e3e7ec" vertical={false} />
          <XAxis dataKey="week" tickFormatter={weekLabel} minTickGap={28} />
          <YAxis domain={[0, 100]} unit="%" width={48} />
          <Tooltip
            labelFormatter={(week) => `Week van ${longDayLabel(String(week))}`}
            formatter={(value) => `${Math.round(Number(value))}%`}
          />
          {marked && <ReferenceLine x={marked} stroke={COLORS.reserved} strokeDasharray="4 3" label="Herinneringen" />}
          <Line
            dataKey="pct"
            name="Op tijd bevestigd"
            stroke={COLORS.free}
            strokeWidth={2}
            dot={false}
            connectNulls={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </>
  );
}
