// Bezetting per week: capacity and occupied places on the left axis, free places on their own axis on the right,
// because a few free places would vanish against a thousand occupied ones.
import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { OccupancyWeek } from "../../../../../shared/schemas/monitor.js";
import { COLORS, longDayLabel, weekLabel } from "../utils/labels.js";
import type { CsvExport } from "./chart-panel.js";

export function occupancyCsv(weeks: readonly OccupancyWeek[]): CsvExport {
  return {
    name: "bezetting-per-week",
    header: ["week_vanaf", "capaciteit", "bezet", "gereserveerd", "vrij"],
    rows: weeks.map((w) => [w.week, w.capacity, w.occupied, w.reserved, w.free]),
  };
}

export function OccupancyChart({ weeks }: { weeks: readonly OccupancyWeek[] }) {
  return (
    <ResponsiveContainer width="100%" height={300}>
      <ComposedChart data={[...weeks]} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="#e3e7ec" vertical={false} />
        <XAxis dataKey="week" tickFormatter={weekLabel} minTickGap={28} />
        <YAxis yAxisId="places" allowDecimals={false} width={48} />
        <YAxis yAxisId="free" orientation="right" allowDecimals={false} width={40} />
        <Tooltip labelFormatter={(week) => `Week van ${longDayLabel(String(week))}`} />
        <Legend />
        <Area
          yAxisId="places"
          dataKey="occupied"
          name="Bezet"
          type="stepAfter"
          stroke={COLORS.occupied}
          fill={COLORS.occupied}
          fillOpacity={0.15}
          isAnimationActive={false}
        />
        <Line
          yAxisId="places"
          dataKey="capacity"
          name="Capaciteit"
          type="stepAfter"
          stroke={COLORS.capacity}
          strokeDasharray="4 3"
          dot={false}
          isAnimationActive={false}
        />
        <Line
          yAxisId="free"
          dataKey="free"
          name="Vrij (rechteras)"
          type="stepAfter"
          stroke={COLORS.free}
          strokeWidth={2}
          dot={false}
          isAnimationActive={false}
        />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
